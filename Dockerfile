# syntax=docker/dockerfile:1
#
# Re-integratie - production image.
#   docker build -t reintegratie .
#   docker compose up            (see docker-compose.yml)
#
# Stage 1 builds wheels for every requirement in the hashed lock file
# (requirements.lock; psycopg2 is compiled from source against libpq), checking
# every download against its hash; stage 2 only carries the runtime libraries.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# ---------------------------------------------------------------------------
# Stage 1: builder
# ---------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS builder

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential libpq-dev \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /wheels
COPY requirements.lock /wheels/requirements.lock
RUN pip wheel --require-hashes --wheel-dir /wheels -r /wheels/requirements.lock

# ---------------------------------------------------------------------------
# Stage 2: runtime
# ---------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=reintegratie.settings

# libpq5: psycopg2. Pango/HarfBuzz + a font: WeasyPrint (PDF letters).
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpq5 \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# Non-root user. Its home holds the fontconfig cache WeasyPrint writes.
RUN groupadd --system app \
    && useradd --system --gid app --create-home --home-dir /home/app --shell /usr/sbin/nologin app

COPY --from=builder /wheels /wheels
# The wheels are exactly the locked set; a wheel built here from an sdist has its own hash.
RUN pip install --no-index --no-deps /wheels/*.whl \
    && rm -rf /wheels

WORKDIR /app
# Code stays owned by root (read-only for the app user); only var/ is writable.
COPY . /app
RUN mkdir -p /app/var/media \
    && chown -R app:app /app/var

# Static files are collected into the image (served by WhiteNoise). The secret
# key exists only for this one command; the real one comes from the environment.
RUN DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput

USER app

EXPOSE 8000

CMD ["gunicorn", "reintegratie.wsgi:application", \
     "--bind", "0.0.0.0:8000", \
     "--workers", "3", \
     "--worker-class", "gthread", \
     "--threads", "2", \
     "--max-requests", "1000", \
     "--max-requests-jitter", "100", \
     "--access-logfile", "-"]

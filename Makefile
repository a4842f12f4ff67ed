# The two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed
# Hashed lock files (pip-tools): `make lock` writes them from requirements*.txt.
LOCK_TOOLS := $(VENV)/lock-tools
PIP_TOOLS_VERSION := 7.7.0
PIP_COMPILE_FLAGS := --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links

.PHONY: run test install install-dev lint format clean bench bench-reports bench-progress faults
.PHONY: run test install install-dev lock lint format clean bench bench-reports faults
.PHONY: run test install install-dev lint format clean bench bench-reports bench-pages bench-destruction faults
.PHONY: run test install install-dev lint format clean bench bench-reports faults stack stack-test bench-stack restore-drill
.PHONY: bench-inzage

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(RUNTIME_STAMP): requirements.txt requirements.lock | $(PY)
	$(PYTHON) .ci/check_lock.py requirements.txt requirements.lock
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt requirements.lock requirements-dev.lock | $(PY)
	$(PYTHON) .ci/check_lock.py requirements.txt requirements.lock requirements-dev.txt requirements-dev.lock
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $(RUNTIME_STAMP) $@

## lock: rewrite requirements.lock and requirements-dev.lock (exact versions and hashes) from
## requirements.txt and requirements-dev.txt. Run it after changing either; commit all four files.
## Pins already in a lock are kept where they still fit; delete a lock file to re-resolve it all.
lock:
	@test -x $(LOCK_TOOLS)/bin/pip-compile || $(PYTHON) -m venv $(LOCK_TOOLS)
	$(LOCK_TOOLS)/bin/python -m pip install --quiet pip-tools==$(PIP_TOOLS_VERSION)
	CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_TOOLS)/bin/pip-compile $(PIP_COMPILE_FLAGS) \
		--output-file=requirements.lock requirements.txt
	CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_TOOLS)/bin/pip-compile $(PIP_COMPILE_FLAGS) \
		--constraint=requirements.lock --output-file=requirements-dev.lock requirements-dev.txt
	$(PYTHON) .ci/check_lock.py requirements.txt requirements.lock requirements-dev.txt requirements-dev.lock

install: $(RUNTIME_STAMP)
install-dev: $(DEV_STAMP)

## run: the app on http://127.0.0.1:$(PORT) with demo data (SQLite in var/, tasks in-process).
## Settings in run.env: DEBUG off, as a user would see it. A secret key is made once in var/.
RUN_ENV = set -a && . ./run.env && set +a && export DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-$$(cat var/secret-key)} &&
run: $(RUNTIME_STAMP)
	@mkdir -p var
	@test -s var/secret-key || $(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > var/secret-key
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py seed_demo --quiet-logins
	$(RUN_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	@echo ""
	@echo "  Demo-logins (wachtwoord voor allemaal: demo-wachtwoord)"
	@echo "    coach       werkcoach met cliënten (Team Noord)"
	@echo "    coach2      werkcoach in het andere team (Team Zuid)"
	@echo "    teamleider  teamleider van Team Noord"
	@echo "    beheerder   functioneel beheerder (/beheer/)"
	@echo "    fg          functionaris gegevensbescherming (toegangslog en wijzigingen)"
	@echo "    aanbieder   re-integratiebedrijf WerkPlus"
	@echo "    klant       cliënt (Mijn re-integratie)"
	@echo ""
	@echo "  Medewerkers loggen in met tweestapsverificatie. Demo-sleutel voor een"
	@echo "  authenticator-app: Q7UUW5H37FFJSK6W24QE4ZR3H5EZYBLB. In de demo toont de codepagina de code ook."
	@echo ""
	@echo "  Open http://127.0.0.1:$(PORT)/"
	@echo ""
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

## test: the whole suite. Uses PostgreSQL and Redis on 127.0.0.1 when they answer
## (or DATABASE_URL / CELERY_BROKER_URL when set); otherwise SQLite, and the tests
## that need the real services are skipped (CI turns such skips into failures).
test: $(DEV_STAMP)
	@if [ -z "$${DATABASE_URL:-}" ] && (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then \
		export DATABASE_URL=postgres://postgres@127.0.0.1:5432/reintegratie; fi; \
	if [ -z "$${CELERY_BROKER_URL:-}" ] && (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; then \
		export CELERY_BROKER_URL=redis://127.0.0.1:6379/15; fi; \
	echo "database: $${DATABASE_URL:-sqlite (embedded)}  broker: $${CELERY_BROKER_URL:-in-process}"; \
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -q -r reintegratie clients intake trajecten klachten -ll -c pyproject.toml

format: $(DEV_STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf var/db.sqlite3 .pytest_cache staticfiles

## bench: benchmark figures (needs PostgreSQL and Redis on 127.0.0.1)
bench: $(DEV_STAMP)
	$(PY) tests/bench/bench_letters.py
	$(PY) tests/bench/bench_matching.py
	$(PY) tests/bench/bench_reports.py

## bench-reports: dashboard and export figures at 40,000 clients (seeds its own PostgreSQL database once)
bench-reports: $(DEV_STAMP)
	$(PY) tests/bench/bench_reports.py

## bench-progress: the daily progress reports for 40,000 due clients: queueing and rendering with 1 and 2 workers
bench-progress: $(DEV_STAMP)
	$(PY) tests/bench/bench_progress.py
## bench-destruction: destroy 1,000 closed client files with letters in storage, against an UPDATE floor
bench-destruction: $(DEV_STAMP)
	$(PY) tests/bench/bench_destruction.py

## bench-pages: every main page against a bare view at 40,000 and 4,000 clients (seeds its databases once)
bench-pages: $(DEV_STAMP)
	$(PY) tests/bench/bench_pages.py $(BENCH_ARGS)

## bench-inzage: the inzage zip (AVG art. 15) for a client with a long history, against bare WeasyPrint
bench-inzage: $(DEV_STAMP)
	$(PY) tests/bench/bench_inzage.py

## faults: fault injection for the letter pipeline (private PostgreSQL and Redis; ~2 minutes)
faults: $(DEV_STAMP)
	$(PY) tests/faults/run_faults.py

## stack: the deployed topology on this machine: PostgreSQL, Redis, S3 (moto), two web nodes
## (18701, 18702), a worker and beat, each in its own directory; no shared disk. Ctrl-C stops it.
stack: $(DEV_STAMP)
	$(PY) tests/stack/stack.py

## stack-test: the stack test (letter through node A, PDF through node B, export; faults; ~3 minutes)
stack-test: $(DEV_STAMP)
	$(PY) tests/stack/stack.py --test

## bench-stack: requests/s with 1 and 2 web nodes, letters/s with 1 and 2 workers, S3 vs local download
bench-stack: $(DEV_STAMP)
	$(PY) tests/bench/bench_stack.py

## restore-drill: back up the stack's database and bucket, delete the bucket, restore, download a letter
restore-drill: $(DEV_STAMP)
	$(PY) tests/stack/stack.py --restore-drill

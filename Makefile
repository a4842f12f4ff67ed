# The two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
RUNTIME_STAMP := $(VENV)/.runtime-installed
DEV_STAMP := $(VENV)/.dev-installed

.PHONY: run test install install-dev lint format clean bench bench-reports faults stack stack-test bench-stack restore-drill

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(RUNTIME_STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(RUNTIME_STAMP) $@

install: $(RUNTIME_STAMP)
install-dev: $(DEV_STAMP)

## run: the app on http://127.0.0.1:$(PORT) with demo data (SQLite in var/, tasks in-process)
run: $(RUNTIME_STAMP)
	@mkdir -p var
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(PY) manage.py seed_demo --quiet-logins
	@echo ""
	@echo "  Demo-logins (wachtwoord voor allemaal: demo-wachtwoord)"
	@echo "    coach       werkcoach met cliënten (Team Noord)"
	@echo "    coach2      werkcoach in het andere team (Team Zuid)"
	@echo "    teamleider  teamleider van Team Noord"
	@echo "    beheerder   functioneel beheerder (/beheer/)"
	@echo "    aanbieder   re-integratiebedrijf WerkPlus"
	@echo "    klant       cliënt (Mijn re-integratie)"
	@echo ""
	@echo "  Medewerkers loggen in met tweestapsverificatie. Demo-sleutel voor een"
	@echo "  authenticator-app: JBSWY3DPEHPK3PXP. In de demo toont de codepagina de code ook."
	@echo ""
	@echo "  Open http://127.0.0.1:$(PORT)/"
	@echo ""
	DJANGO_DEBUG=$${DJANGO_DEBUG:-true} $(PY) manage.py runserver 127.0.0.1:$(PORT)

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

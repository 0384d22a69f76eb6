# Cơ Sở — every command a developer or CI needs. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_MEMBERS ?= 2500
PYTEST_ARGS ?=
export DJANGO_SETTINGS_MODULE := config.settings

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements-dev.txt requirements.txt $(VENV)/.installed
	$(PIP) install -q -r requirements-dev.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

.PHONY: install
install: pango $(VENV)/.installed node_modules/.installed ## Create the venv, install Python and front-end packages, compile translations
	@$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules --ignore=var -v 0

.PHONY: install-dev
install-dev: install $(VENV)/.dev-installed ## Also install the test tools

.PHONY: pango
pango: ## Install Pango and the DejaVu fonts WeasyPrint needs for the PDF papers, if missing
	@{ ldconfig -p | grep -q libpangoft2-1.0.so.0 && test -d /usr/share/fonts/truetype/dejavu; } || { \
	  echo "Installing Pango and fonts-dejavu-core for the PDF papers..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; }

.PHONY: chromium
chromium: ## Install Debian's chromium for the browser tests if it is missing
	@command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

.PHONY: migrate
migrate: install ## Apply database migrations
	$(PY) manage.py migrate --noinput -v 0

VAR := $(or $(COSO_VAR_DIR),var)
SECRET_KEY_FILE := $(VAR)/secret_key
# The address people type: the host served, or this machine's first address when serving on 0.0.0.0.
ADDRESS := $(if $(filter 0.0.0.0,$(HOST)),$(or $(shell hostname -I 2>/dev/null | cut -d' ' -f1),127.0.0.1),$(HOST))
# `make run` serves the demo as a user sees it: DEBUG off (our error pages, no debug page), static
# files collected and served by WhiteNoise, a local secret key, plain HTTP on this machine.
RUN_ENV := DJANGO_DEBUG=0 DJANGO_HTTPS=0 DJANGO_SECRET_KEY_FILE=$(SECRET_KEY_FILE) \
  DJANGO_ALLOWED_HOSTS=$${DJANGO_ALLOWED_HOSTS:-$(ADDRESS),$(HOST),127.0.0.1,localhost,$$(hostname)}

# Generated once, readable by its owner only, reused by every later `make run`; var/ is not committed.
$(SECRET_KEY_FILE): | $(VENV)/.installed
	@mkdir -p $(VAR)
	@umask 077 && $(PY) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@.tmp && mv $@.tmp $@
	@chmod 600 $@

# Static files collected (hashed names, compressed) only when one of them changed: compressing
# them all takes a few minutes on a slow machine, which no later `make run` should wait for again.
STATIC_MANIFEST := $(VAR)/static/staticfiles.json
$(STATIC_MANIFEST): $(shell find coso -path '*/static/*' -type f 2>/dev/null) node_modules/.installed config/settings.py | $(SECRET_KEY_FILE)
	$(RUN_ENV) $(PY) manage.py collectstatic --noinput -v 0

.PHONY: demo-data
demo-data: migrate
	$(PY) manage.py seed_demo --if-empty --members $(DEMO_MEMBERS)

.PHONY: demo
demo: demo-data ## Load the demo data if the database is empty, and ensure the administrator
	$(PY) manage.py ensure_admin --address http://$(ADDRESS):$(PORT)/

.PHONY: run
run: demo-data $(SECRET_KEY_FILE) $(STATIC_MANIFEST) ## Serve the demo as a user sees it (DEBUG off, PORT=8000 HOST=127.0.0.1 by default), with the job worker
	@$(RUN_ENV) $(PY) manage.py ensure_admin --address http://$(ADDRESS):$(PORT)/
	@echo "Cơ Sở: http://$(ADDRESS):$(PORT)/  (Ctrl+C để dừng / to stop)"
	@trap 'kill 0' EXIT INT TERM; \
	  $(RUN_ENV) $(PY) manage.py db_worker --queue-name '*' & \
	  $(RUN_ENV) $(PY) manage.py runserver --noreload $(HOST):$(PORT)

.PHONY: dev
dev: demo ## Serve for debugging: DEBUG on, Django's reloading runserver, with the job worker
	@trap 'kill 0' EXIT INT TERM; \
	  $(PY) manage.py db_worker --queue-name '*' & \
	  $(PY) manage.py runserver $(HOST):$(PORT)

.PHONY: worker
worker: install ## Run the background job worker alone
	$(PY) manage.py db_worker --queue-name '*'

.PHONY: test
test: install-dev chromium ## Install test tools and chromium if missing, then run the whole suite
	$(VENV)/bin/pytest -n 2 $(PYTEST_ARGS)

.PHONY: test-pg
test-pg: install-dev chromium ## The suite against PostgreSQL (DATABASE_URL, default local server)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/coso} $(VENV)/bin/pytest -n 2 $(PYTEST_ARGS)

.PHONY: lint
lint: install-dev ## ruff check, ruff format --check, mypy (rules, scoping, history), makemigrations --check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run -v 0

.PHONY: format
format: install-dev ## Format and fix what ruff can
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

.PHONY: messages
messages: install ## Extract gettext strings into locale/vi (then translate the .po)
	$(PY) manage.py makemessages -l vi --ignore=.venv --ignore=node_modules --ignore=var --ignore='coso/*' --no-obsolete
	for app in coso/*/; do [ -d $$app/locale ] && (cd $$app && ../../$(PY) ../../manage.py makemessages -l vi --no-obsolete -v 0); done; true

.PHONY: bench
bench: install-dev ## Benchmark as-of-date counts on 500,000 members in PostgreSQL (see bench/README.md)
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/coso_bench} $(PY) bench/run.py $(BENCH_ARGS)

.PHONY: bench-pages
bench-pages: install-dev $(SECRET_KEY_FILE) $(STATIC_MANIFEST) ## Walk and time every page of the demo as each persona, DEBUG off; fails on English, a debug page or a 5xx (see bench/README.md)
	$(RUN_ENV) $(PY) bench/pages.py $(BENCH_ARGS)

.PHONY: clean
clean: ## Remove the venv, node_modules and var/ (the SQLite database)
	rm -rf $(VENV) node_modules var

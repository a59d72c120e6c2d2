# One machine with Python 3.11 and make is enough: `make run` serves the demo, `make test` tests.
# The project runs from this checkout; pip installs only its pinned dependencies (pyproject.toml).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000
PYTEST_WORKERS ?= 2
# Restores Wagtail's migrated page tree (serialized_rollback), whose flush leaves no Site behind
# for later browser tests: it gets a pytest session of its own. (Exit 5 = all deselected.)
E2E_OWN_SESSION := tests/e2e/test_blog_journey.py tests/e2e/test_blog_translations.py tests/e2e/test_accessibility.py
WORKERS ?= 3
PROD := DJANGO_SETTINGS_MODULE=config.settings.production

.PHONY: run serve serve-prod install install-dev test e2e bench bench-relevance bench-pages messages lint clean screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet ".[dev]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## Install, migrate, load the demo and run the whole product on http://127.0.0.1:8000 (embedded
## defaults): web server, task worker and scheduler under honcho (config/deploy/Procfile.dev).
## The queue is the SQLite database (TASKS_BACKEND=database), so the worker really works; one Ctrl-C stops all.
## The demo shows the site as visitors see it (DEBUG off: the product's own 404 and 500 pages);
## `DEBUG=1 make run` for Django's debug pages. Links in emails use SITE_URL, http://$(HOST) unless set.
run: export DEBUG ?= 0
run: export SITE_URL ?= http://$(HOST)
run: install
	@echo "Preparing the database in $${DATA_DIR:-var}/ (the first time takes a minute)..."
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py seed_demo
	@echo "Starting the web server on http://$(HOST), the task worker and the scheduler (Ctrl-C stops all three)..."
	HOST=$(HOST) BIN=$(BIN) TASKS_BACKEND=database $(BIN)/honcho -f config/deploy/Procfile.dev -d . start

serve: install
	$(BIN)/python manage.py runserver $(HOST)

## Production serving on this machine: gunicorn + whitenoise with config.settings.production.
## Needs SECRET_KEY (and ALLOWED_HOSTS for a real host name); see README "Production".
serve-prod: install
	@test -n "$$SECRET_KEY" || { echo "serve-prod: set SECRET_KEY first (see README, Production)" >&2; exit 1; }
	$(PROD) $(BIN)/python manage.py migrate --noinput
	$(PROD) $(BIN)/python manage.py collectstatic --noinput -v0
	$(PROD) $(BIN)/python manage.py check --deploy --fail-level WARNING
	$(PROD) $(BIN)/gunicorn config.wsgi --workers $(WORKERS) --bind $(HOST) --access-logfile -

## Install and run the whole test suite (browser tests skip with a reason where Chromium is missing).
test: install-dev
	$(BIN)/python -m pytest -q -n $(PYTEST_WORKERS) $(addprefix --ignore=,$(E2E_OWN_SESSION)) $(PYTEST_ARGS)
	$(BIN)/python -m pytest -q $(E2E_OWN_SESSION) $(PYTEST_ARGS) || [ $$? -eq 5 ]

## Only the end-to-end tests in headless Chromium.
e2e: install-dev
	$(BIN)/python -m pytest -q -m e2e $(addprefix --ignore=,$(E2E_OWN_SESSION)) $(PYTEST_ARGS)
	$(BIN)/python -m pytest -q -m e2e $(E2E_OWN_SESSION) $(PYTEST_ARGS)

bench: install-dev
	$(BIN)/python -m scripts.bench $(BENCH_ARGS)

## Break Redis, PostgreSQL, the worker, the index and the disk under load on loopback; writes RELIABILITY.md.
## Needs PostgreSQL 15's server tools and redis-server; FAULTS_ARGS="--duration 120" for a longer run.
.PHONY: faults
faults: install-dev
	$(BIN)/python -m scripts.faults $(FAULTS_ARGS)

## Refresh the Dutch catalogues after changing strings (needs gettext), then compile them.
messages: install-dev
	$(BIN)/python manage.py makemessages -l nl --ignore "forum/*" --ignore "badges/*" --ignore "moderation/*" --ignore "blog/*" --ignore "config/integrations/*" --ignore "tests/*" --ignore "var/*" --ignore ".venv/*"
	# One catalogue per folder that has one; a folder leaves out the folder inside it that has its own
	# (by name, so only where it is needed: "recovery/*" would also drop templates/moderation/recovery).
	cd forum && $(CURDIR)/$(BIN)/python $(CURDIR)/manage.py makemessages -l nl --ignore "search/*"
	cd moderation && $(CURDIR)/$(BIN)/python $(CURDIR)/manage.py makemessages -l nl --ignore "recovery/*"
	for dir in forum/search badges moderation/recovery blog config/integrations; do (cd $$dir && $(CURDIR)/$(BIN)/python $(CURDIR)/manage.py makemessages -l nl); done
	# search's templates live in forum/templates/forum/search: link them in while extracting
	cd forum/search && ln -sfn ../templates/forum/search templates && $(CURDIR)/$(BIN)/python $(CURDIR)/manage.py makemessages -l nl --symlinks; rm -f templates
	$(BIN)/python manage.py compilemessages --ignore ".venv/*"

## Screenshots of the main pages, desktop and phone, English and Dutch, into docs/screenshots/ (the README
## shows them): the demo on the embedded defaults in a temporary folder, Debian's Chromium via Playwright.
screenshots: install-dev
	$(BIN)/python -m scripts.screenshots $(SCREENSHOTS_ARGS)

lint: install-dev
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) var

## Relevance of the similar box and the search page on tests/search/relevance.py (see scripts/bench_relevance.py).
bench-relevance: install-dev
	$(BIN)/python -m scripts.bench_relevance $(BENCH_ARGS)

## Page speed under gunicorn + production settings, measured with wrk (apt-get install wrk); writes BENCHMARKS.md.
## BENCH_ARGS="--duration 5 --backends sqlite"; PostgreSQL + Redis with BENCH_DATABASE_URL and BENCH_REDIS_URL.
bench-pages: install-dev
	$(BIN)/python -m scripts.bench_pages $(BENCH_ARGS)

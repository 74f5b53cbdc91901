# kiemdiem — the entry point. A fresh clone needs only `make run` or `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
SERVE_PORT ?= 8443
BENCH_ORGS ?= 50000
BENCH_REPEAT ?= 2
BENCH_IMPORT_MEMBERS ?= 200000

.PHONY: setup run serve loadtest bench-pages test test-sqlite test-postgres postgres lint format bench lock browser documents clean examples schema

setup: $(STAMP)

$(STAMP): pyproject.toml requirements/lock.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements/lock.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# The product on this machine with the demo: Django's server and a job worker, readable
# logs. Debug pages only with KIEMDIEM_DEBUG=1.
run: setup
	-@sh scripts/install-documents.sh
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput -v0
	KIEMDIEM_BASE_URL=http://$(HOST):$(PORT) $(BIN)/python manage.py demo_load
	$(BIN)/python manage.py demo_complete
	KIEMDIEM_LOG_FORMAT=text sh scripts/with-worker.sh $(BIN)/python manage.py runserver $(HOST):$(PORT)

# The production configuration on this machine (scripts/serve.sh): gunicorn, WhiteNoise,
# HTTPS with a self-signed certificate, check --deploy clean. docs/DEPLOYMENT.md.
serve: setup
	-@sh scripts/install-documents.sh
	HOST=$(HOST) PORT=$(SERVE_PORT) sh scripts/serve.sh

# Every test: lint and types first (cheap, fail fast), then the whole suite, browser tests
# included, on the embedded SQLite and again on PostgreSQL (installed by the project's script).
test: setup browser documents lint test-sqlite test-postgres

# Both cores (pytest-xdist): each worker has its own test database and live server.
test-sqlite: setup browser documents
	$(BIN)/python -m pytest -n auto

test-postgres: setup browser documents
	KIEMDIEM_DATABASE_URL="$$(sh scripts/install-postgres.sh | tail -1)" $(BIN)/python -m pytest -n auto

# Install and start PostgreSQL, print its URL: KIEMDIEM_DATABASE_URL=<url> make run
postgres:
	@sh scripts/install-postgres.sh

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy kiemdiem
	$(BIN)/lint-imports --no-cache

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Debian's Chromium for the browser tests (Playwright's own download cannot work here).
browser:
	@sh scripts/install-browser.sh

# LibreOffice (DOCX → PDF), Liberation Serif and pdftoppm; `make run` tries it and goes on
# without PDF when it cannot (DOCX needs nothing).
documents:
	@sh scripts/install-documents.sh

# The national-shaped benchmark: 50,000 grassroots organizations, ~300,000 cells, ~5.5M members.
bench: setup
	$(BIN)/python -m kiemdiem.bench --grassroots $(BENCH_ORGS) --repeat $(BENCH_REPEAT)
	$(BIN)/python -m kiemdiem.apps.imports.bench --members $(BENCH_IMPORT_MEMBERS)

# The November mix at province size against the production server (kiemdiem/loadtest.py):
# the database the environment names (KIEMDIEM_DATABASE_URL for PostgreSQL), data in
# var/loadtest. LOADTEST_MEMBERS=200000 LOADTEST_USERS=200 LOADTEST_SECONDS=300 by default.
LOADTEST_MEMBERS ?= 200000
LOADTEST_USERS ?= 200
LOADTEST_SECONDS ?= 300
loadtest: setup
	$(BIN)/python -m kiemdiem.loadtest setup --data var/loadtest --members $(LOADTEST_MEMBERS)
	$(BIN)/python -m kiemdiem.loadtest run --data var/loadtest --users $(LOADTEST_USERS) --seconds $(LOADTEST_SECONDS)

# Every page at province size (kiemdiem/pagebench.py), on the loadtest's province: the cells
# report through the services (about an hour for 2,000 cells on 2 cores; PAGEBENCH_CELLS
# for fewer), the office accepts all and issues, each page is timed per role.
PAGEBENCH_CELLS ?= 100000
bench-pages: setup
	$(BIN)/python -m kiemdiem.loadtest setup --data var/loadtest --members $(LOADTEST_MEMBERS)
	$(BIN)/python -m kiemdiem.pagebench report --data var/loadtest --cells $(PAGEBENCH_CELLS)
	$(BIN)/python -m kiemdiem.pagebench pages --data var/loadtest
	$(BIN)/python -m kiemdiem.pagebench decide --data var/loadtest
	$(BIN)/python -m kiemdiem.pagebench pages --data var/loadtest

lock:
	$(PYTHON) -m pip install --quiet uv
	$(PYTHON) -m uv pip compile pyproject.toml --extra dev --extra build --python-version 3.11 --generate-hashes -o requirements/lock.txt

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache .hypothesis

# After a deliberate change of the engine: rewrite the expected outputs, then read the diff.
examples: setup
	KIEMDIEM_UPDATE_EXAMPLES=1 $(BIN)/python -m pytest -q tests/rules/test_examples.py

schema: setup
	$(BIN)/python -m kiemdiem.rules.schema

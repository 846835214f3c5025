# The commands the README names. `make run` and `make test` do all the set-up.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
PYTHON  := $(BIN)/python
MANAGE  := $(PYTHON) manage.py
HOST    ?= 127.0.0.1:8000

.PHONY: run test install messages lint format check-deploy bench cluster-drill clean

$(BIN)/activate: requirements.txt requirements-dev.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(BIN)/activate

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch node_modules/.package-lock.json

install: $(BIN)/activate node_modules/.package-lock.json
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v0

## Run the portal with demo data on http://127.0.0.1:8000 (SQLite; DEVTOOLS=1 loads the demo commands).
run: install
	$(MANAGE) migrate --noinput
	DEVTOOLS=1 $(MANAGE) seed_demo
	DEVTOOLS=1 $(MANAGE) runserver $(HOST)

## Run the whole test suite (PostgreSQL when DATABASE_URL is set, SQLite otherwise).
test: install
	$(BIN)/pytest $(PYTEST_ARGS)

## Refresh the translation catalogues after changing strings (English is filled from the source).
messages: $(BIN)/activate
	$(MANAGE) makemessages -l zh_Hans -l en --ignore=.venv --ignore=node_modules --ignore=tests --no-obsolete
	msgen --no-wrap -o locale/en/LC_MESSAGES/django.po.tmp locale/en/LC_MESSAGES/django.po
	mv locale/en/LC_MESSAGES/django.po.tmp locale/en/LC_MESSAGES/django.po
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v0

lint: $(BIN)/activate
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/activate
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Load-test the key pages on gunicorn, fresh (every cache off) and warm (as deployed), next to the floor (PostgreSQL; installs wrk with apt when missing).
## `make bench REQUESTS=1000000` benches a million requests (a database per size); SOAK=300 adds a 5-minute mixed load.
REQUESTS   ?= 100000
NOTICES    ?= 10000
MEMBERS    ?= 5000
MEETINGS   ?= 600
BENCH_DB   ?= postgres://postgres@127.0.0.1:5432/gongjian_bench_$(REQUESTS)
DURATION   ?= 10
SOAK       ?= 0
ONLY       ?=
bench: install
	command -v wrk >/dev/null || apt-get install -y -qq wrk
	psql "$(dir $(BENCH_DB))postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='$(notdir $(BENCH_DB))'" | grep -q 1 \
		|| psql "$(dir $(BENCH_DB))postgres" -c "CREATE DATABASE $(notdir $(BENCH_DB))"
	DATABASE_URL=$(BENCH_DB) $(MANAGE) migrate --noinput -v0
	DEVTOOLS=1 DATABASE_URL=$(BENCH_DB) $(MANAGE) seed_bench --requests $(REQUESTS) --notices $(NOTICES) --members $(MEMBERS) --meetings $(MEETINGS)
	DEVTOOLS=1 DATABASE_URL=$(BENCH_DB) $(MANAGE) seed_open311_bench --requests $(REQUESTS)
	DEVTOOLS=1 DATABASE_URL=$(BENCH_DB) $(MANAGE) bench --duration $(DURATION) --soak $(SOAK) --only "$(ONLY)" --output bench-report.json

## The deploy/ layout on 127.0.0.1 under faults: nginx, two gunicorn servers, Redis, Celery worker and beat,
## stand-in mail and SMS gateways, the local PostgreSQL (its own database; the drill restarts the cluster:
## not beside other work). Installs nginx and redis-server with apt when missing.
DRILL_ARGS ?= --restart-postgres
cluster-drill: install
	command -v nginx >/dev/null || apt-get install -y -qq --no-install-recommends nginx-light >/dev/null
	command -v redis-server >/dev/null || apt-get install -y -qq --no-install-recommends redis-server >/dev/null
	DEVTOOLS=1 $(MANAGE) cluster_drill $(DRILL_ARGS)

## The production checks CI runs.
check-deploy: install
	DEBUG=0 SECRET_KEY=ci-only-$$(date +%s)-a-long-random-looking-secret-key-for-check ALLOWED_HOSTS=portal.example.org \
		$(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 tests/browser/output

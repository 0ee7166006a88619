# One verb per workflow. `make run` and `make test` do all the set-up on a fresh clone.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

VNU := .tools/node_modules/vnu-jar/build/dist/vnu.jar
LIGHTHOUSE := .tools/lighthouse/node_modules/.bin/lighthouse
PYTEST_ARGS ?=

.PHONY: run test lint check serve bench bench-quick bench-search bench-opendata bench-exchange bench-digests bench-plans bench-budget bench-instructions bench-all screenshots lighthouse clean tools audit bandit faults messages

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || { python=$$(scripts/find-python) && echo "Creating $(VENV) with $$python" && $$python -m venv $(VENV); }
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@rm -f $(VENV)/.installed-* && touch $@

## Serve the portal with demo data on SQLite at http://$(HOST):$(PORT)
run: $(STAMP) messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --if-empty
	@echo "Serving on http://$(HOST):$(PORT)/ — staff back office at /admin/ (create a user: $(PY) manage.py createsuperuser)"
	@echo "The email worker (manage.py db_worker) runs alongside and prints every email here; Ctrl-C stops both."
	@$(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

## The whole suite: lint, Django's checks, migrations in step with models, then the tests
## (browser tests run when /usr/bin/chromium exists, and say plainly when they were skipped)
test: $(STAMP) check tools messages
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

## The W3C Nu Html Checker, offline, when npm is there (CI installs it; without it the test skips)
tools:
	@test -f $(VNU) || ! command -v npm >/dev/null || npm install --silent --no-save --prefix .tools vnu-jar@26.9.27 || true

## The interface translations: locale/*/LC_MESSAGES/django.po compiled to .mo (the .mo files are not in git)
messages: $(STAMP)
	$(PY) manage.py compilemessages --ignore=.venv --ignore=.tools -v0

## Each page type at phone and desktop widths, into docs/screenshots/
screenshots: $(STAMP) messages
	SCREENSHOTS_DIR=docs/screenshots $(PY) -m pytest -q -p no:xdist tests/browser/test_layout.py

## Lighthouse (mobile, median of 3 runs) on the home, Transport cluster, directory, event and article pages in
## English and Arabic, under gunicorn with the production settings and the demo data in a temporary directory;
## the scores into docs/quality.md. Fails when a score is under 95 or the console logs an error (needs npm and
## Chromium: CHROME_PATH, default /usr/bin/chromium).
lighthouse: $(STAMP) messages
	@test -x $(LIGHTHOUSE) || npm i -E --silent --no-audit --no-fund --prefix .tools/lighthouse lighthouse@12.2.3
	$(PY) bench/lighthouse.py

check: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	DJANGO_SETTINGS_MODULE=cities_portal.settings.test $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=cities_portal.settings.test $(PY) manage.py makemigrations --check --dry-run

lint: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Production-like server: gunicorn with gunicorn.conf.py (needs SECRET_KEY; DEBUG stays off)
serve: $(STAMP) messages
	DJANGO_SETTINGS_MODULE=cities_portal.settings.production $(PY) manage.py collectstatic --noinput -v0
	DJANGO_SETTINGS_MODULE=cities_portal.settings.production $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=cities_portal.settings.production $(VENV)/bin/gunicorn -c gunicorn.conf.py cities_portal.wsgi

## Supply chain: no high-severity bandit finding in our code, no known vulnerability in the pinned requirements.
## pip-audit --strict first; when its services cannot be reached (a registry proxy that serves no per-release
## JSON and no OSV), scripts/audit_latest.py checks the runtime closure against PyPI's project JSON instead.
audit: bandit
	@log=$$(mktemp); trap 'rm -f $$log' EXIT; \
	if $(VENV)/bin/pip-audit --strict --progress-spinner off -r requirements.txt >$$log 2>&1; then cat $$log; exit 0; fi; \
	cat $$log; \
	if grep -qE "could not be audited|ConnectionError|ServiceError|timed out" $$log && ! grep -qE "^Found [1-9]" $$log; then \
	  echo "make audit: pip-audit could not reach its vulnerability service; checking PyPI's project JSON instead."; \
	  $(PY) scripts/audit_latest.py && exit 0; \
	fi; \
	echo "make audit: FAILED: a known vulnerability in a pinned requirement, or the audit itself failed (see above)." >&2; exit 1

## Static analysis of our own code: no high-severity bandit finding.
bandit: $(STAMP)
	$(VENV)/bin/bandit -q -c pyproject.toml -r . --severity-level high

## Fault test: stops and starts the PostgreSQL cluster under load (needs root and a postgres:// DATABASE_URL).
## Run it alone, never beside other tests using the same server.
faults: $(STAMP)
	FAULT_TESTS=1 $(PY) -m pytest -p no:xdist tests/test_faults.py

## Throughput under gunicorn + wrk: demo size and 100,000 members, SQLite and PostgreSQL, page cache
## warm and off; tables, targets and a chart into docs/performance.md (needs wrk, PostgreSQL, Redis).
## Databases are built once and reused (bench/.data/, $(BENCH_PG_URL)_demo and _100k);
## BENCH_ARGS="--fresh" rebuilds them, BENCH_ARGS="--db postgresql --size 100k" runs a subset.
BENCH_PG_URL ?= postgres://postgres@127.0.0.1:5432/ssc_bench
BENCH_ARGS ?=
bench: $(STAMP) messages
	BENCH_PG_URL=$(BENCH_PG_URL) $(PY) bench/throughput.py $(BENCH_ARGS)

## The same on demo data and SQLite only, 2 s per page, no memory run (about two minutes)
bench-quick: $(STAMP) messages
	$(PY) bench/throughput.py --db sqlite --size demo --quick $(BENCH_ARGS)

## Site search over 200,000 articles on PostgreSQL, in English and on /es/ (its own database, BENCH_DATABASE_URL)
bench-search: $(STAMP)
	$(PY) bench/search_bench.py

## EXPLAIN ANALYZE of the list pages' queries on the 100k PostgreSQL database `make bench` builds
bench-plans: $(STAMP)
	DATABASE_URL=$(BENCH_PG_URL)_100k $(PY) bench/explain_plans.py

## SQL queries and HTML + CSS + JS weight of each page on the demo data (SQLite, in process)
bench-budget: $(STAMP)
	$(PY) bench/page_budget.py

## CPU instructions per request of each page, counted by callgrind (needs valgrind): the same count on
## every run, to tell whether a change made a page cheaper. PostgreSQL at 100,000 members unless
## INSTRUCTIONS_ARGS="--db sqlite --size demo"; the databases are those of `make bench`.
INSTRUCTIONS_ARGS ?=
bench-instructions: $(STAMP) messages
	BENCH_PG_URL=$(BENCH_PG_URL) $(PY) bench/instructions.py $(INSTRUCTIONS_ARGS)

## The open data downloads at 100,000 members on PostgreSQL (its own database, OPENDATA_BENCH_URL, default
## opendata_dev): time to first byte, total time and worker memory under gunicorn, into docs/performance.md
bench-opendata: $(STAMP) messages
	$(PY) bench/opendata_bench.py

## Suggested matches for one new post among 20,000 posts and 100,000 members on PostgreSQL (its own
## database, EXCHANGE_BENCH_URL, default cities_portal_bench_exchange): median time of
## exchange.matching.compute against the 2 s target, into docs/performance.md
bench-exchange: $(STAMP)
	$(PY) bench/exchange_bench.py

## Digests for 100,000 confirmed subscribers on PostgreSQL (its own database, DIGEST_BENCH_URL, default
## cities_portal_bench_digests): time and peak memory of send_digests' queueing at 10,000 and 100,000
## against the 2-minute target, and the worker's time per digest, into docs/performance.md
bench-digests: $(STAMP) messages
	$(PY) bench/digest_bench.py

## Every benchmark
bench-all: bench bench-search bench-budget bench-plans bench-instructions bench-opendata

clean:
	rm -rf $(VENV) staticfiles .tools test-artifacts

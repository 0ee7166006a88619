# One verb per workflow. `make run` and `make test` do all the set-up on a fresh clone.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint check serve bench screenshots clean

$(STAMP): requirements.txt requirements-dev.txt
	@test -x $(PY) || { python=$$(scripts/find-python) && echo "Creating $(VENV) with $$python" && $$python -m venv $(VENV); }
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@rm -f $(VENV)/.installed-* && touch $@

## Serve the portal with demo data on SQLite at http://$(HOST):$(PORT)
run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --if-empty
	@echo "Serving on http://$(HOST):$(PORT)/ — staff back office at /admin/ (create a user: $(PY) manage.py createsuperuser)"
	$(PY) manage.py runserver $(HOST):$(PORT)

## The whole suite: lint, Django's checks, migrations in step with models, then the tests
test: $(STAMP) check
	$(PY) -m pytest -n 2

check: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=cities_portal.settings.test $(PY) manage.py check --fail-level WARNING
	DJANGO_SETTINGS_MODULE=cities_portal.settings.test $(PY) manage.py makemigrations --check --dry-run

lint: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Production-like server: gunicorn with gunicorn.conf.py (needs SECRET_KEY; DEBUG stays off)
serve: $(STAMP)
	DJANGO_SETTINGS_MODULE=cities_portal.settings.production $(PY) manage.py collectstatic --noinput -v0
	DJANGO_SETTINGS_MODULE=cities_portal.settings.production $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=cities_portal.settings.production $(VENV)/bin/gunicorn -c gunicorn.conf.py cities_portal.wsgi

## Benchmarks under bench/ (they need PostgreSQL; see each script), figures into docs/performance.md
bench: $(STAMP)
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) staticfiles

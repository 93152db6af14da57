# Rumdoh: `make demo` runs the system with demo data; `make test` runs every check.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test install system-deps lint typecheck unit browser translations serve bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# Debian packages the browser tests and Khmer rendering need (Chromium, Khmer OS fonts), and
# the Java runtime of the linkage engine's Spark backend.
system-deps:
	@if ! command -v chromium >/dev/null || [ ! -d /usr/share/fonts/truetype/khmeros ]; then \
	  echo "Installing Chromium and Khmer fonts from Debian packages"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium fonts-khmeros >/dev/null; \
	fi
	@if ! command -v java >/dev/null; then \
	  echo "Installing the Java runtime (Spark) from Debian packages"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq default-jre-headless >/dev/null; \
	fi

translations: install
	$(PY) manage.py compile_translations

demo: install translations
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py setup_demo
	$(PY) manage.py crossborder_signing_key > /dev/null
	$(PY) manage.py collectstatic --noinput -v0
	@echo "Rumdoh is on http://127.0.0.1:$(PORT)/"
	# Without debug pages, as users meet it: the real 404 and 500 pages; whitenoise serves static.
	# The task worker runs background jobs (linkage after imports) and stops with the server.
	$(PY) manage.py db_worker & worker=$$!; trap "kill $$worker" EXIT; \
	  DJANGO_DEBUG=0 $(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

typecheck: install
	$(VENV)/bin/mypy

unit: install translations
	$(VENV)/bin/pytest -m "not browser" -q

browser: install system-deps translations
	$(VENV)/bin/pytest -m browser -q

test: install system-deps translations lint typecheck
	$(VENV)/bin/pytest -q

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache .import_linter_cache .grimp_cache

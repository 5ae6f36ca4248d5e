# The two commands: `make run` and `make test`. Everything else is a helper for them.
# Settings come from the environment and from `.env` (see portal/settings.py); `make run`
# writes a development `.env` the first time and never overwrites it.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Tests run on as many workers as cores; override with `make test PYTEST_ARGS=...`.
PYTEST_ARGS ?= -n auto

# The first Python 3.12+ found: pyenv's shims honour .python-version (3.13).
FIND_PYTHON = for candidate in python3.13 python3.12 python3.14 python3 python; do \
	if command -v $$candidate >/dev/null 2>&1 && \
	   $$candidate -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then \
		command -v $$candidate; break; fi; done

.PHONY: run env migrate catalog dump-catalog superuser editor test lint format check-deploy \
	bench wrk weight lighthouse chromium vnu clean serve observatory backup restore

$(VENV)/.created:
	@python=$$($(FIND_PYTHON)); \
	if [ -z "$$python" ]; then \
		echo "Python 3.12 or newer is needed (Django 6 requires it). Install Python 3.13," \
		     "e.g. 'pyenv install 3.13', and run make again." >&2; exit 1; fi; \
	echo "Creating $(VENV) with $$python"; \
	"$$python" -m venv $(VENV)
	@touch $@

$(VENV)/.installed: $(VENV)/.created pyproject.toml
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $@

# A development .env: DEBUG on and a random secret key. A file target without prerequisites,
# so make writes it only when it does not exist; edit it freely.
.env:
	@umask 077; { \
		echo "# Development settings, written by make; make never overwrites this file."; \
		echo "# Real environment variables win over these. README.md lists every setting."; \
		echo "DEBUG=True"; \
		echo "SECRET_KEY=$$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')"; \
	} > $@
	@echo "Wrote .env (DEBUG=True and a random SECRET_KEY)."

env: .env

run: $(VENV)/.installed .env
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_catalog
	@echo "Serving on http://$(HOST):$(PORT)/"
	$(PY) manage.py runserver $(HOST):$(PORT)

# The manage.py commands README.md shows, for those who prefer make. ARGS passes options,
# e.g. `make catalog ARGS=--dry-run`.
migrate: $(VENV)/.installed .env
	$(PY) manage.py migrate --no-input $(ARGS)

catalog: $(VENV)/.installed .env
	$(PY) manage.py load_catalog $(ARGS)

dump-catalog: $(VENV)/.installed .env
	$(PY) manage.py dump_catalog $(ARGS)

superuser: $(VENV)/.installed .env
	$(PY) manage.py createsuperuser $(ARGS)

# Make an existing user a catalog editor: `make editor USER=alice`.
editor: $(VENV)/.installed .env
	@test -n "$(USER)" || { echo "Name the user: make editor USER=alice" >&2; exit 1; }
	$(PY) manage.py make_editor "$(USER)"

# Browser tests drive Debian's Chromium; install it when it is missing and we may.
chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "Chromium is missing: install Debian's 'chromium' package (sudo apt-get install chromium)." >&2; \
			exit 1; \
		fi; \
	fi

# The Nu Html Checker (tests/test_valid_html.py) runs on Java; npm fetches its pinned jar
# (vnu-jar, version in tests/html_checker.py) into .venv/vnu. Install both when missing and we may.
vnu: $(VENV)/.installed-dev
	@for need in java:default-jre-headless npm:npm; do \
		command=$${need%%:*}; package=$${need#*:}; \
		if ! command -v $$command >/dev/null 2>&1; then \
			if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
				apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$package >/dev/null; \
			else \
				echo "$$command is missing: install Debian's '$$package' package (sudo apt-get install $$package)." >&2; \
				exit 1; \
			fi; \
		fi; \
	done
	$(PY) -m tests.html_checker

test: $(VENV)/.installed-dev chromium vnu
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# check --deploy with production-like settings (DEBUG off, a real-looking secret key).
check-deploy: $(VENV)/.installed
	DEBUG=False SECRET_KEY=$$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=') \
	ALLOWED_HOSTS=portal.example.com SITE_URL=https://portal.example.com \
	$(PY) manage.py check --deploy --fail-level WARNING

# wrk drives the throughput benchmark; install Debian's package when missing and we may.
wrk:
	@if ! command -v wrk >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
		else \
			echo "wrk is missing: install Debian's 'wrk' package (sudo apt-get install wrk)." >&2; \
			exit 1; \
		fi; \
	fi

# Throughput with wrk as ratios to a static file (SQLite, then PostgreSQL + Redis when
# DATABASE_URL / REDIS_URL are set), then growth with catalog size. README "Benchmarks".
# Options: `make bench BENCH_ARGS="--seconds 2 --rounds 1 --json /tmp/bench.json"`.
bench: $(VENV)/.installed-dev wrk
	$(PY) -m benchmarks $(BENCH_ARGS)
	$(PY) -m benchmarks.growth $(GROWTH_ARGS)

# First-visit bytes on the wire, compressed as production serves them.
weight: $(VENV)/.installed-dev
	$(PY) -m benchmarks.weight

# Lighthouse 12 (npm, into ~/.cache/portal-lighthouse on first use) with the system Chromium.
lighthouse: $(VENV)/.installed-dev chromium
	$(PY) -m benchmarks.lighthouse $(ARGS)

# Production: settings from the environment (SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, ...; see
# README "Deployment"). One sync worker per core: each holds a request until it is answered.
WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
serve: $(VENV)/.installed
	$(PY) manage.py migrate --no-input
	$(PY) manage.py collectstatic --no-input -v0
	$(PY) -m gunicorn portal.wsgi --workers $(WORKERS) --bind $(HOST):$(PORT) \
		--no-control-socket --graceful-timeout 20 --timeout 30

# Backups: every row a restore needs (data.json, through dumpdata) and the catalog in its file
# format; works on SQLite and PostgreSQL. Restore into an empty database:
#   make backup BACKUP_DIR=backups/2026-11-29    DATABASE_URL=... make restore BACKUP_DIR=...
BACKUP_DIR ?= backups/$(shell date -u +%Y-%m-%dT%H%M%SZ)
backup: $(VENV)/.installed
	$(PY) manage.py backup $(BACKUP_DIR)

restore: $(VENV)/.installed
	@test -n "$(BACKUP_DIR)" -a -d "$(BACKUP_DIR)" || \
		{ echo "Name a backup folder: make restore BACKUP_DIR=backups/..." >&2; exit 1; }
	$(PY) manage.py migrate --no-input
	$(PY) manage.py restore $(BACKUP_DIR)

# The MDN HTTP Observatory scan over TLS on 127.0.0.1:80/443 (needs npm, openssl and root).
observatory: $(VENV)/.installed-dev
	$(PY) -m benchmarks.observatory

clean:
	rm -rf $(VENV) staticfiles

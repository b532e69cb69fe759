# johnschool: `make run` serves the app with a demo program, `make test` runs the checks.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
FLASK := $(BIN)/flask --app johnschool
INSTALLED := $(VENV)/.installed
TRANSLATIONS := $(patsubst %.po,%.mo,$(wildcard johnschool/translations/*/LC_MESSAGES/messages.po))

.PHONY: run test e2e bench lint format translations extract-messages clean

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Catalogues are compiled by the build from the .po files kept in git.
%.mo: %.po $(INSTALLED)
	rm -f $@
	$(BIN)/pybabel compile -i $< -o $@ 2>&1 | grep -v '^compiling catalog' || true
	@test -s $@ || { echo "$@ was not compiled: is $< complete and not fuzzy?" >&2; exit 1; }

translations: $(TRANSLATIONS)

extract-messages: $(INSTALLED)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k N_ -o johnschool/translations/messages.pot --no-location --sort-output --omit-header .
	$(BIN)/pybabel update -i johnschool/translations/messages.pot -d johnschool/translations --no-fuzzy-matching

instance/config.py:
	@mkdir -p instance
	@$(PYTHON) -c "import secrets; print('# Written by make run for local use.\nSECRET_KEY = %r\n# Served over plain HTTP on 127.0.0.1: cookies without the Secure flag.\nSESSION_COOKIE_SECURE = False\n# Links in email lead to this local server.\nPUBLIC_URL = %r' % (secrets.token_hex(32), 'http://127.0.0.1:$(PORT)'))" > $@
	@echo "wrote $@ with a new secret key"

run: $(INSTALLED) translations instance/config.py
	$(FLASK) db upgrade
	$(FLASK) demo load --if-empty
	@echo "Serving on http://127.0.0.1:$(PORT)/"
	$(BIN)/gunicorn --workers 2 --bind 127.0.0.1:$(PORT) --no-control-socket wsgi:app

lint: $(INSTALLED)
	$(BIN)/ruff format --check johnschool tests bench migrations wsgi.py
	$(BIN)/ruff check johnschool tests bench migrations wsgi.py

format: $(INSTALLED)
	$(BIN)/ruff format johnschool tests bench migrations wsgi.py
	$(BIN)/ruff check --fix johnschool tests bench migrations wsgi.py

test: $(INSTALLED) translations lint
	$(BIN)/pytest -m "not e2e" $(PYTEST_ARGS)

# The browser tests check every page with axe-core, installed from npm at this version.
AXE_CORE_VERSION := 4.14.1
AXE_CORE := tests/e2e/vendor/axe-core-$(AXE_CORE_VERSION).installed

$(AXE_CORE):
	npm install --prefix tests/e2e/vendor --no-save --no-package-lock --no-audit --no-fund \
		--loglevel=error axe-core@$(AXE_CORE_VERSION)
	touch $@

e2e: $(INSTALLED) translations $(AXE_CORE)
	$(BIN)/pytest -m e2e tests/e2e $(PYTEST_ARGS)

# make bench: the quick run (SQLite); SCALE=province: 10 sites, 1,000,000 cases on PostgreSQL;
# SCALE=province-small: the same with 50,000 cases (bench/README.md says how long each takes).
bench: $(INSTALLED) translations
ifeq ($(SCALE),province)
	$(BIN)/python bench/province.py --cases 1000000 $(BENCH_ARGS)
else ifeq ($(SCALE),province-small)
	$(BIN)/python bench/province.py --cases 50000 $(BENCH_ARGS)
else
	$(BIN)/python bench/run.py $(BENCH_ARGS)
	$(BIN)/python bench/research_bench.py $(RESEARCH_BENCH_ARGS)
endif

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
	find johnschool -name '*.mo' -delete

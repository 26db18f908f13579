# The two commands of the README: `make run` and `make test`. Both build .venv/ first.
# `make quick` is the edit-test loop: every test but the browser and slow ones, on an editable install in .venv-dev/.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# A regular (not editable) install, as a user gets it: the notebooks, template and demo data
# travel in the package; any change to them or to the code installs it again.
SOURCES := pyproject.toml $(shell find workbook voila_templates notebooks data -type f -not -name '*.pyc')
PORT ?= 8866
DEV := .venv-dev
DEV_STAMP := $(DEV)/.installed

.PHONY: run test quick lint browser demo-data bench messages clean

$(STAMP): $(SOURCES)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/workbook serve --port $(PORT)

browser:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -q && apt-get install -y -q chromium; }

# Lint and types first: ruff and mypy (their settings are in pyproject.toml), with no errors.
lint: $(STAMP)
	$(BIN)/ruff check workbook tests benchmarks
	$(BIN)/mypy

test: $(STAMP) browser lint
	$(BIN)/python -m pytest

# An editable install: the source is what runs, so only a change to the project's own settings installs again.
$(DEV_STAMP): pyproject.toml
	test -x $(DEV)/bin/python || $(PYTHON) -m venv $(DEV)
	$(DEV)/bin/pip install --quiet --upgrade pip
	$(DEV)/bin/pip install --quiet -e '.[test]'
	touch $(DEV_STAMP)

quick: $(DEV_STAMP)
	$(DEV)/bin/ruff check workbook tests benchmarks
	$(DEV)/bin/python -m pytest -m "not browser and not slow" -q

demo-data: $(STAMP)
	$(BIN)/python -m workbook.demo data

# The message catalogues: extract every message from the source into workbook.pot, then bring each
# language's .po up to date with it (new messages come in untranslated; a test says which).
LANGUAGES := de fr es
messages: $(STAMP)
	PYTHONPATH=. $(BIN)/pybabel extract -F workbook/locale/babel.cfg -k N_ -c TRANSLATORS: -s \
		--add-location=file --sort-by-file -w 120 --project="Referral Workbook" \
		--copyright-holder="Referral Workbook" -o workbook/locale/workbook.pot .
	for lang in $(LANGUAGES); do \
		test -f workbook/locale/$$lang/LC_MESSAGES/workbook.po || \
			$(BIN)/pybabel init -i workbook/locale/workbook.pot -d workbook/locale -D workbook -l $$lang -w 120; \
		$(BIN)/pybabel update -i workbook/locale/workbook.pot -d workbook/locale -D workbook -l $$lang -w 120 \
			--no-fuzzy-matching --ignore-obsolete; \
	done

bench: $(STAMP)
	$(BIN)/pip install --quiet '.[bench]'
	$(BIN)/python benchmarks/bench_rank.py
	$(BIN)/python benchmarks/bench_field.py

clean:
	rm -rf $(VENV) $(DEV) var .pytest_cache .hypothesis

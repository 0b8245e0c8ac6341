# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
SIZE   ?= 1000
export KB_CONTENT ?= content
export KB_INDEX   ?= var/index

.PHONY: run test install clients translations messages index lint format relevance bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $(STAMP)

install: $(STAMP) translations

# Translations (README, "Translating"): web/translations/<lang>/LC_MESSAGES/messages.po are
# the source translators edit; the .mo files the site reads are compiled here, never committed.
TRANSLATIONS := web/translations
POT := $(TRANSLATIONS)/messages.pot

translations: $(STAMP)
	$(BIN)/pybabel -q compile -d $(TRANSLATIONS)

# After marking, changing or removing a message: extract the sources into the .pot (kept as
# it was when only its date would change), merge it into every .po (a reworded message keeps
# its old translation, marked fuzzy), compile. Locations name files, not lines, and long
# messages stay on one line: the diffs show messages that changed, not code that moved.
VERSION = $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)

messages: $(STAMP)
	$(BIN)/pybabel -q extract -F babel.cfg -o $(POT).new --add-location=file --no-wrap \
		--project=kb --version=$(VERSION) \
		--header-comment="# The messages of kb's interface, written by make messages: do not edit." \
		web
	if diff -q -I '^"POT-Creation-Date: ' $(POT) $(POT).new >/dev/null 2>&1; \
		then rm $(POT).new; else mv $(POT).new $(POT); fi
	$(BIN)/pybabel -q update -i $(POT) -d $(TRANSLATIONS) --no-wrap \
		--ignore-obsolete --ignore-pot-creation-date
	$(BIN)/pybabel -q compile -d $(TRANSLATIONS)

index: $(STAMP)
	$(BIN)/kb index || test $$? -eq 1

run: install index
	$(BIN)/kb serve --host $(HOST) --port $(PORT)

# Static checks: lint, format, types (mypy), import contracts (import-linter).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo

format: $(STAMP)
	$(BIN)/ruff format .

# The real clients of the suite (tests/clients): Node.js, npm, Java and chromium (Debian's
# packages, installed when missing and root; otherwise one message names the command), then
# Lighthouse and the Nu HTML checker with `npm ci`, again when package-lock.json changes.
CLIENTS := tests/clients
$(CLIENTS)/node_modules/.installed: $(CLIENTS)/package-lock.json $(CLIENTS)/install.sh
	$(CLIENTS)/install.sh
	touch $@

clients: $(CLIENTS)/node_modules/.installed

# The tests run after the static checks of `make lint`.
test: install lint clients
	$(BIN)/python -m pytest -q

relevance: index
	$(BIN)/python -m tests.relevance.evaluate

# Benchmarks (bench/): kb against naive Whoosh and tantivy on a generated corpus.
$(VENV)/.bench-installed: pyproject.toml | $(STAMP)
	$(BIN)/python -m pip install -q -e ".[test,bench]"
	touch $@

bench: $(VENV)/.bench-installed translations
	$(BIN)/python -m bench --size $(SIZE)

clean:
	rm -rf var .pytest_cache .mypy_cache .import_linter_cache
	rm -f $(TRANSLATIONS)/*/LC_MESSAGES/*.mo

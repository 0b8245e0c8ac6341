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

.PHONY: run test install index lint format relevance bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

index: $(STAMP)
	$(BIN)/kb index || test $$? -eq 1

run: index
	$(BIN)/kb serve --host $(HOST) --port $(PORT)

# Static checks: lint, format, types (mypy), import contracts (import-linter).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo

format: $(STAMP)
	$(BIN)/ruff format .

# The tests run after the static checks of `make lint`.
test: lint
	$(BIN)/python -m pytest -q

relevance: index
	$(BIN)/python -m tests.relevance.evaluate

# Benchmarks (bench/): kb against naive Whoosh and tantivy on a generated corpus.
$(VENV)/.bench-installed: pyproject.toml | $(STAMP)
	$(BIN)/python -m pip install -q -e ".[test,bench]"
	touch $@

bench: $(VENV)/.bench-installed
	$(BIN)/python -m bench --size $(SIZE)

clean:
	rm -rf var .pytest_cache .mypy_cache .import_linter_cache

# Two entry points: `make demo` runs the whole pipeline, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PROFILES ?= 10000
SEED ?= 42
export CDP_DUCKDB_PATH ?= $(CURDIR)/data/cdp.duckdb
export DBT_PROFILES_DIR := $(CURDIR)

.PHONY: install demo generate build summary docs lint test bench clean

install: $(VENV)/.installed

# Exact versions come from constraints.txt so every machine and CI gets the same environment.
$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --constraint constraints.txt --editable ".[dev]"
	touch $@

demo: install
	$(BIN)/cdp generate --profiles $(PROFILES) --seed $(SEED)
	$(BIN)/cdp build
	$(BIN)/cdp summary

generate: install
	$(BIN)/cdp generate --profiles $(PROFILES) --seed $(SEED)

build: install
	$(BIN)/cdp build

summary: install
	$(BIN)/cdp summary

docs: install
	$(BIN)/dbt docs generate
	$(BIN)/dbt docs serve

lint: install
	$(BIN)/ruff check cdp bench tests
	$(BIN)/ruff format --check cdp bench tests
	# The dbt templater only compiles: an in-memory database keeps the warehouse file untouched.
	CDP_DUCKDB_PATH=:memory: $(BIN)/sqlfluff lint models analyses tests --processes 2

test: lint
	$(BIN)/pytest

bench: install
	$(BIN)/python bench/generate.py --profiles 1000000

clean:
	rm -rf target logs data .pytest_cache

# Two entry points: `make demo` runs the whole pipeline, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PROFILES ?= 10000
SEED ?= 42
export CDP_DUCKDB_PATH ?= $(CURDIR)/data/cdp.duckdb
export DBT_PROFILES_DIR := $(CURDIR)

.PHONY: install demo generate build summary docs lint conventions test ci-pr bench splink bench-splink clean

install: $(VENV)/.installed

# Exact versions come from constraints.txt so every machine and CI gets the same environment.
$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --constraint constraints.txt --editable ".[dev]"
	touch $@

# dbt-bouncer wants duckdb<2, the project DuckDB 2: it gets a virtualenv of its own.
BOUNCER_VENV := .venv-bouncer
$(BOUNCER_VENV)/.installed: constraints-bouncer.txt
	$(PYTHON) -m venv $(BOUNCER_VENV)
	$(BOUNCER_VENV)/bin/pip install --quiet --upgrade pip
	$(BOUNCER_VENV)/bin/pip install --quiet --constraint constraints-bouncer.txt dbt-bouncer
	touch $@

# Splink (bench/splink_compare.py) pins its own dependencies: a virtualenv of its own too.
SPLINK_VENV := .venv-splink
splink: $(SPLINK_VENV)/.installed
$(SPLINK_VENV)/.installed: constraints-splink.txt
	$(PYTHON) -m venv $(SPLINK_VENV)
	$(SPLINK_VENV)/bin/pip install --quiet --upgrade pip
	$(SPLINK_VENV)/bin/pip install --quiet --constraint constraints-splink.txt splink
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
	$(BIN)/ruff check cdp bench tests .ci
	$(BIN)/ruff format --check cdp bench tests .ci
	# The dbt templater only compiles: an in-memory database keeps the warehouse file untouched.
	CDP_DUCKDB_PATH=:memory: $(BIN)/sqlfluff lint models analyses tests --processes 2

# Project conventions (dbt-bouncer.yml) on a freshly parsed manifest.
conventions: install $(BOUNCER_VENV)/.installed
	CDP_DUCKDB_PATH=:memory: $(BIN)/dbt parse --quiet
	$(BOUNCER_VENV)/bin/dbt-bouncer run --config-file dbt-bouncer.yml

test: lint conventions
	$(BIN)/pytest

# What CI runs on a pull request: lint of changed SQL, conventions, slim build against BASE.
BASE ?= main
ci-pr: install $(BOUNCER_VENV)/.installed
	.ci/pr --base $(BASE)

bench: install
	$(BIN)/python bench/generate.py --profiles 1000000

# Our identity resolution and Splink side by side on the same canonical records.
bench-splink: install splink
	$(BIN)/python bench/splink_compare.py --profiles $(PROFILES)

clean:
	rm -rf target logs data .pytest_cache .ci-work

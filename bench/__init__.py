"""Benchmarks of the generator, identity resolution and Splink: run from the project root as
`python -m bench.<script>` (see the Makefile's bench targets). Results go to docs/benchmarks/,
written by the scripts through bench/measure.py.

The Splink and FEBRL children (bench.splink_run, bench.splink_defaults_run, bench.febrl_export)
run in their own virtualenvs without the project installed: this package imports nothing.
"""

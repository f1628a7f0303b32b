"""Synthetic raw data: what Airbyte loads for a retailer selling online and in stores.

`generate(path, profiles, seed, as_of)` (re)creates every table of `cdp.raw_schema.RAW_TABLES`
and the ground truth `cdp_truth.*` in a DuckDB file, deterministically for (profiles, seed,
as_of). About 30 raw rows per profile; activity spans the 730 days before `as_of`.

The shares and probabilities it draws live in `cdp.generator.rates`; docs/generator_rates.md
is the table made from them (`python -m cdp.generator.rates_table > docs/generator_rates.md`).
"""

from cdp.generator.runner import GenerationReport, generate

__all__ = ["GenerationReport", "generate"]

"""The raw tables as `cdp spark-load` hands them to Spark: every table, every row, Spark types.

Spark itself is exercised by `make test-spark` (tests/parity/spark_parity.py), which needs
pyspark."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb

from cdp.generator import generate
from cdp.raw_schema import RAW_TABLES
from cdp.spark import export_raw_tables


def test_every_raw_table_is_exported_whole_with_spark_types(tmp_path: Path) -> None:
    database = tmp_path / "cdp.duckdb"
    generate(database, profiles=30, seed=7, as_of=datetime(2026, 6, 1, tzinfo=UTC))
    raw_dir = tmp_path / "raw"
    (raw_dir / "stale").mkdir(parents=True)  # a previous export is replaced, not merged
    rows = export_raw_tables(database, raw_dir)

    assert sorted(path.name for path in raw_dir.iterdir()) == sorted(
        {table.schema for table in RAW_TABLES}
    )
    with duckdb.connect(str(database), read_only=True) as connection:
        for table in RAW_TABLES:
            files = raw_dir / table.schema / table.name / "*.parquet"
            exported = f"select count(*) from read_parquet('{files}')"
            expected = f"select count(*) from {table.qualified_name}"
            assert (
                connection.execute(exported).fetchone()
                == connection.execute(expected).fetchone()
                == (rows[table.qualified_name],)
            )
            described = f"describe select * from read_parquet('{files}')"
            types = {row[0]: row[1] for row in connection.execute(described).fetchall()}
            assert list(types) == [name for name, _ in table.all_columns], table.qualified_name
            # Spark has no UUID or JSON type.
            assert types["_airbyte_raw_id"] == types["_airbyte_meta"] == "VARCHAR"

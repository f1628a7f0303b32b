"""Raw tables from the DuckDB warehouse to Spark, for running the same models on Spark.

The generator (and Airbyte's DuckDB destination) write the raw tables into DuckDB. For Spark they
are exported as Parquet, one folder per table under `<spark dir>/raw/<schema>/<table>`, and the
macro `spark_register_raw_tables` (run by dbt on the `spark` target, so with the profile's
metastore) registers each source table over its folder, in the schema the sources name.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from cdp.raw_schema import RAW_TABLES, RawTable

SPARK_DIR_ENV_VAR = "CDP_SPARK_DIR"
DEFAULT_SPARK_DIR = Path("data") / "spark"

# Spark has no UUID or JSON type: Airbyte's Spark-family destinations land both as strings.
_AS_TEXT = {"UUID", "JSON"}


def spark_dir(root: Path, explicit: Path | str | None = None) -> Path:
    """The folder holding the Spark warehouse, metastore and raw Parquet (as in profiles.yml)."""
    if explicit is not None:
        return Path(explicit).resolve()
    from_env = os.environ.get(SPARK_DIR_ENV_VAR)
    return Path(from_env).resolve() if from_env else root / DEFAULT_SPARK_DIR


def _select(table: RawTable) -> str:
    columns = [
        f'cast("{name}" as varchar) as "{name}"' if kind in _AS_TEXT else f'"{name}"'
        for name, kind in table.all_columns
    ]
    return f"select {', '.join(columns)} from {table.qualified_name}"


def export_raw_tables(database: Path, raw_dir: Path) -> dict[str, int]:
    """Write every raw table as Parquet under raw_dir/<schema>/<table>; rows per table."""
    if raw_dir.exists():
        shutil.rmtree(raw_dir)
    rows: dict[str, int] = {}
    with duckdb.connect(str(database), read_only=True) as connection:
        for table in RAW_TABLES:
            folder = raw_dir / table.schema / table.name
            folder.mkdir(parents=True)
            # COPY returns the number of rows it wrote: no second scan to count them.
            written = connection.execute(
                f"copy ({_select(table)}) to '{folder / 'part-0.parquet'}' (format parquet)"
            ).fetchone()
            rows[table.qualified_name] = int(written[0]) if written else 0
    return rows

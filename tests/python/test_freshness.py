"""Source freshness on `_airbyte_extracted_at`: passes on a fresh load, fails on a stale one.

Low-volume streams warn after 3 days and error after 14: quiet days add no rows to them.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cdp.dbt_runner import DbtError, run_dbt
from cdp.generator import generate
from cdp.raw_schema import RAW_TABLES

from .conftest import LOW_VOLUME_STREAMS, Warehouse


def _freshness_statuses(project: Path) -> dict[str, str]:
    """Freshness status per raw table (`raw_crm.contacts`), from dbt's sources.json."""
    results = json.loads((project / "target" / "sources.json").read_text())["results"]
    schemas = {table.schema.removeprefix("raw_"): table.schema for table in RAW_TABLES}
    statuses = {}
    for result in results:
        _, _, source, table = result["unique_id"].split(".")
        statuses[f"{schemas[source]}.{table}"] = result["status"]
    return statuses


def test_fresh_sources_pass(warehouse: Warehouse, project: Path) -> None:
    run_dbt(["source", "freshness"], project=project, database=warehouse.database)
    statuses = _freshness_statuses(project)
    assert set(statuses) == {table.qualified_name for table in RAW_TABLES}
    for table, status in statuses.items():
        assert status == "pass" or (table in LOW_VOLUME_STREAMS and status == "warn"), table


def test_stale_sources_fail(tmp_path: Path, project: Path) -> None:
    database = tmp_path / "stale.duckdb"
    three_days_ago = datetime.now(UTC).replace(microsecond=0) - timedelta(days=3)
    generate(database, profiles=200, seed=3, as_of=three_days_ago)
    with pytest.raises(DbtError):
        run_dbt(["source", "freshness"], project=project, database=database)
    statuses = _freshness_statuses(project)
    assert set(statuses) == {table.qualified_name for table in RAW_TABLES}
    for table, status in statuses.items():
        # Three days without rows: past every warning; past the errors of daily streams.
        assert status == "error" or (table in LOW_VOLUME_STREAMS and status == "warn"), table

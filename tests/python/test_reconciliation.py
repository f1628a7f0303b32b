"""Every raw row ends in a staging model or in the quarantine: counted from the raw tables."""

from __future__ import annotations

import pytest

from cdp.raw_schema import RAW_TABLES, RawTable

from .conftest import INJECTED_RAW_ID_PREFIX, Warehouse


def _staging_model(table: RawTable) -> str:
    return f"staging.stg_{table.schema.removeprefix('raw_')}__{table.name}"


@pytest.mark.parametrize("table", RAW_TABLES, ids=lambda table: table.qualified_name)
def test_raw_rows_are_staged_or_quarantined_exactly_once(
    warehouse: Warehouse, table: RawTable
) -> None:
    raw_ids = {
        row[0]
        for row in warehouse.query(
            f"select cast(_airbyte_raw_id as varchar) from {table.qualified_name}"
        )
    }
    staged_ids = [
        row[0] for row in warehouse.query(f"select _airbyte_raw_id from {_staging_model(table)}")
    ]
    quarantined_ids = [
        row[0]
        for row in warehouse.query(
            "select _airbyte_raw_id from audit.audit_quarantined_rows where source_table = ?",
            [table.qualified_name],
        )
    ]
    assert raw_ids, f"{table.qualified_name} is empty: the test would prove nothing"
    assert len(staged_ids) == len(set(staged_ids)), "a raw row is staged twice"
    assert len(quarantined_ids) == len(set(quarantined_ids)), "a raw row is quarantined twice"
    assert not set(staged_ids) & set(quarantined_ids), "a raw row is both staged and quarantined"
    assert set(staged_ids) | set(quarantined_ids) == raw_ids
    assert len(raw_ids) == len(staged_ids) + len(quarantined_ids)


def test_reconciliation_model_agrees_with_raw_counts(warehouse: Warehouse) -> None:
    audited = {
        source_table: (raw_rows, staged_rows, quarantined_rows)
        for source_table, raw_rows, staged_rows, quarantined_rows in warehouse.query(
            "select source_table, raw_rows, staged_rows, quarantined_rows "
            "from audit.audit_raw_reconciliation"
        )
    }
    assert set(audited) == {table.qualified_name for table in RAW_TABLES}
    for table in RAW_TABLES:
        (raw_count,) = warehouse.query(f"select count(*) from {table.qualified_name}")[0]
        raw_rows, staged_rows, quarantined_rows = audited[table.qualified_name]
        assert raw_rows == raw_count
        assert raw_rows == staged_rows + quarantined_rows


def test_generated_mess_reaches_the_quarantine(warehouse: Warehouse) -> None:
    """The generator's own malformed and duplicated rows are caught, not only the injected ones."""
    reasons = {
        reason
        for (reason,) in warehouse.query(
            "select distinct quarantine_reason from audit.audit_quarantined_rows "
            "where not starts_with(_airbyte_raw_id, ?)",
            [INJECTED_RAW_ID_PREFIX],
        )
    }
    for expected in (
        "superseded_version",
        "duplicate_row",
        "airbyte_error_on_primary_key",
        "impossible_date",
        "unparseable_primary_key",
        "unparseable_timestamp",
    ):
        assert expected in reasons

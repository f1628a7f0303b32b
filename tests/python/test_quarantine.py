"""Rows broken on purpose land in the quarantine with the right reason; nothing is lost."""

from __future__ import annotations

from .conftest import Warehouse


def test_each_injected_row_ends_where_expected(warehouse: Warehouse) -> None:
    injected = warehouse.injected
    assert len(injected.expected_reason) >= 10
    quarantined = dict(
        warehouse.query(
            "select _airbyte_raw_id, quarantine_reason from audit.audit_quarantined_rows "
            "where _airbyte_raw_id in (select unnest(?))",
            [list(injected.expected_reason)],
        )
    )
    for raw_id, expected_reason in injected.expected_reason.items():
        table = injected.table_of[raw_id]
        if expected_reason is None:
            assert raw_id not in quarantined, f"{table} row {raw_id} should have been staged"
        else:
            assert quarantined.get(raw_id) == expected_reason, f"{table} row {raw_id}"


def test_kept_row_of_a_duplicate_pair_is_staged(warehouse: Warehouse) -> None:
    kept = [
        raw_id for raw_id, reason in warehouse.injected.expected_reason.items() if reason is None
    ]
    staged = {
        row[0]
        for row in warehouse.query(
            "select _airbyte_raw_id from staging.stg_crm__contacts "
            "union all select _airbyte_raw_id from staging.stg_web__events"
        )
    }
    assert kept and set(kept) <= staged


def test_quarantine_separates_data_errors_from_deduplication(warehouse: Warehouse) -> None:
    rows = warehouse.query(
        "select quarantine_reason, source_record_key, is_data_error "
        "from audit.audit_quarantined_rows "
        "where quarantine_reason in ('unparseable_primary_key', 'superseded_version')"
    )
    assert {reason for reason, _, _ in rows} == {"unparseable_primary_key", "superseded_version"}
    assert ("unparseable_primary_key", "N/A", True) in rows
    for reason, key, is_data_error in rows:
        assert key is not None, "a quarantined row must say which source record it was"
        assert is_data_error == (reason == "unparseable_primary_key")

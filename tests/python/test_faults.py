"""Faults that must not stop the build: Airbyte rows without their bookkeeping columns are
quarantined with a reason, and reviewer decisions are read in any case while anything other
than `same` or `different` stops identity resolution with the row it is on.

A warehouse of its own (the shared one in conftest keys every injected row by its raw id, which
these rows do not have), generated small, broken, then built by a real `dbt build`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from cdp.dbt_runner import DbtError, run_dbt
from cdp.generator import generate

from .conftest import INJECTED_RAW_ID_PREFIX

PROFILES = 300
SEED = 11
DECISIONS_TABLE = "main.review_decisions"
VARS = json.dumps({"identity_review_decisions_relation": DECISIONS_TABLE})
DECISIONS_TEST = "assert_review_decisions_are_same_or_different"


@dataclass(frozen=True)
class FaultyRow:
    """A raw row broken on purpose, found again by its table and source key."""

    source_table: str
    source_record_key: str
    reason: str
    copies: int = 1


@dataclass
class FaultyWarehouse:
    project: Path
    database: Path
    target: Path
    rows: list[FaultyRow]
    kept_contact_raw_id: str
    kept_contact_id: str

    def query(self, sql: str, parameters: list | None = None) -> list[tuple]:
        with duckdb.connect(str(self.database), read_only=True) as con:
            return con.execute(sql, parameters or []).fetchall()

    def build(self, *arguments: str) -> None:
        run_dbt(
            ["build", *arguments, "--target-path", str(self.target)], self.project, self.database
        )


def _inject(con: duckdb.DuckDBPyConnection) -> tuple[list[FaultyRow], str, str]:
    """Copy real rows without `_airbyte_raw_id` or `_airbyte_extracted_at`."""
    kept_raw_id, kept_contact_id = con.execute(
        """
        select cast(_airbyte_raw_id as varchar), contact_id
        from raw_crm.contacts
        where contact_id is not null
            and json_array_length(_airbyte_meta -> '$.changes') = 0
            and created_at between timestamp '2001-01-01' and _airbyte_extracted_at
            and updated_at between timestamp '2001-01-01' and _airbyte_extracted_at
        qualify updated_at = max(updated_at) over (partition by contact_id)
            and count(*) over (partition by contact_id, updated_at) = 1
        order by contact_id
        limit 1
        """
    ).fetchone()

    def copy(table: str, where: str, replacements: str, copies: int = 1) -> None:
        con.execute(
            f"create temp table picked as select * replace ({replacements}) "
            f"from {table} where {where} order by _airbyte_raw_id limit 1"
        )
        for _ in range(copies):
            con.execute(f"insert into {table} by name select * from picked")
        con.execute("drop table picked")

    rows = []
    # The latest version of a contact again, newer and without a raw id: it must not win.
    copy(
        "raw_crm.contacts",
        f"_airbyte_raw_id = cast('{kept_raw_id}' as uuid)",
        "null as _airbyte_raw_id, _airbyte_extracted_at + interval 1 hour as _airbyte_extracted_at",
    )
    rows.append(FaultyRow("raw_crm.contacts", kept_contact_id, "missing_airbyte_raw_id"))
    # Two identical rows without a raw id: still two quarantined rows, two keys.
    copy(
        "raw_web.events",
        "event_id is not null",
        "null as _airbyte_raw_id, 'EVT-TEST-NORAWID' as event_id",
        copies=2,
    )
    rows.append(FaultyRow("raw_web.events", "EVT-TEST-NORAWID", "missing_airbyte_raw_id", 2))
    # Neither bookkeeping column: the raw id is reported first.
    copy(
        "raw_pos.transactions",
        "transaction_id is not null",
        "null as _airbyte_raw_id, null as _airbyte_extracted_at, "
        "'S001-000999999' as transaction_id",
    )
    rows.append(FaultyRow("raw_pos.transactions", "S001-000999999", "missing_airbyte_raw_id"))
    # A raw id but no extraction time.
    copy(
        "raw_crm.contacts",
        "contact_id is not null",
        f"cast('{INJECTED_RAW_ID_PREFIX}000000000101' as uuid) as _airbyte_raw_id, "
        "null as _airbyte_extracted_at, 'CRM-TEST-NOEXTRACTEDAT' as contact_id",
    )
    rows.append(
        FaultyRow("raw_crm.contacts", "CRM-TEST-NOEXTRACTEDAT", "missing_airbyte_extracted_at")
    )
    copy(
        "raw_shop.orders",
        "order_id is not null",
        f"cast('{INJECTED_RAW_ID_PREFIX}000000000102' as uuid) as _airbyte_raw_id, "
        "null as _airbyte_extracted_at, "
        "(select max(order_id) + 1 from raw_shop.orders) as order_id",
    )
    (order_id,) = con.execute(
        f"select cast(order_id as varchar) from raw_shop.orders "
        f"where _airbyte_raw_id = cast('{INJECTED_RAW_ID_PREFIX}000000000102' as uuid)"
    ).fetchone()
    rows.append(FaultyRow("raw_shop.orders", order_id, "missing_airbyte_extracted_at"))
    return rows, kept_raw_id, kept_contact_id


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory, project: Path) -> FaultyWarehouse:
    root = tmp_path_factory.mktemp("faults")
    database = root / "warehouse" / "cdp.duckdb"
    database.parent.mkdir()
    generate(database, profiles=PROFILES, seed=SEED, as_of=datetime.now(UTC).replace(second=0))
    with duckdb.connect(str(database)) as con:
        con.execute("set TimeZone = 'UTC'")
        rows, kept_raw_id, kept_contact_id = _inject(con)
        con.execute(
            f"create table {DECISIONS_TABLE} (record_key_l varchar, record_key_r varchar, "
            "decision varchar, reviewed_by varchar, reviewed_at timestamp, note varchar)"
        )
    warehouse = FaultyWarehouse(
        project, database, root / "target", rows, kept_raw_id, kept_contact_id
    )
    warehouse.build()  # raises DbtError, failing every test here, if a fault breaks the build
    return warehouse


def test_rows_without_airbyte_bookkeeping_are_quarantined_with_their_reason(
    faulty: FaultyWarehouse,
) -> None:
    for row in faulty.rows:
        found = faulty.query(
            "select quarantine_reason, is_data_error, quarantined_row_id, _airbyte_raw_id "
            "from audit.audit_quarantined_rows "
            "where source_table = ? and source_record_key = ? and quarantine_reason = ?",
            [row.source_table, row.source_record_key, row.reason],
        )
        assert len(found) == row.copies, f"{row}: {found}"
        for _, is_data_error, row_id, raw_id in found:
            assert is_data_error
            if row.reason == "missing_airbyte_raw_id":
                assert raw_id is None
                assert row_id.startswith(f"missing_airbyte_raw_id:{row.source_table}:")
            else:
                assert row_id == raw_id
        assert len({row_id for _, _, row_id, _ in found}) == row.copies


def test_quarantine_keys_stay_unique_with_rows_without_raw_id(faulty: FaultyWarehouse) -> None:
    total, keys, nulls = faulty.query(
        "select count(*), count(distinct quarantined_row_id), "
        "count(*) - count(quarantined_row_id) from audit.audit_quarantined_rows"
    )[0]
    assert nulls == 0
    assert keys == total


def test_a_row_without_raw_id_does_not_replace_the_staged_version(
    faulty: FaultyWarehouse,
) -> None:
    staged = faulty.query(
        "select _airbyte_raw_id from staging.stg_crm__contacts where contact_id = ?",
        [faulty.kept_contact_id],
    )
    assert staged == [(faulty.kept_contact_raw_id,)]
    for model in ("stg_crm__contacts", "stg_web__events", "stg_pos__transactions"):
        assert faulty.query(
            f"select count(*) from staging.{model} "
            "where _airbyte_raw_id is null or _airbyte_extracted_at is null"
        ) == [(0,)]


def test_reconciliation_balances_with_the_faulty_rows(faulty: FaultyWarehouse) -> None:
    rows = faulty.query(
        "select source_table, raw_rows, staged_rows, quarantined_rows, is_reconciled "
        "from audit.audit_raw_reconciliation"
    )
    assert rows
    for source_table, raw_rows, staged_rows, quarantined_rows, is_reconciled in rows:
        assert is_reconciled, source_table
        (counted,) = faulty.query(f"select count(*) from {source_table}")[0]
        assert raw_rows == counted == staged_rows + quarantined_rows, source_table


def _decide(faulty: FaultyWarehouse, rows: list[tuple[str, str, str]]) -> None:
    with duckdb.connect(str(faulty.database)) as con:
        con.executemany(
            f"insert into {DECISIONS_TABLE} values (?, ?, ?, 'reviewer@example.com', "
            "timestamp '2026-01-01 10:00:00', 'test')",
            rows,
        )


def test_review_decisions_in_any_case_are_read_and_others_rejected_with_their_row(
    faulty: FaultyWarehouse,
) -> None:
    keys = [
        key
        for (key,) in faulty.query(
            "select record_key from intermediate.int_identity__normalised_records "
            "order by record_key limit 6"
        )
    ]
    _decide(faulty, [(keys[0], keys[1], "Same"), (keys[3], keys[2], " DIFFERENT ")])
    # Decisions from a review tool's table; the model's unit tests feed the seed, not the var.
    selection = ["--select", f"int_identity__review_decisions {DECISIONS_TEST}"]
    selection += ["--exclude", "test_type:unit", "--vars", VARS]
    faulty.build(*selection)
    decisions = faulty.query(
        "select record_key_l, record_key_r, decision "
        "from intermediate.int_identity__review_decisions order by record_key_l"
    )
    assert decisions == [(keys[0], keys[1], "same"), (keys[2], keys[3], "different")]

    _decide(faulty, [(keys[4], keys[5], "maybe")])
    with pytest.raises(DbtError):
        faulty.build(*selection)
    (schema,) = faulty.query(
        "select table_schema from information_schema.tables where table_name = ?",
        [DECISIONS_TEST],
    )[0]
    rejected = faulty.query(
        f"select record_key_l, record_key_r, decision, problem from {schema}.{DECISIONS_TEST}"
    )
    assert len(rejected) == 1
    left, right, decision, problem = rejected[0]
    assert (left, right, decision) == (keys[4], keys[5], "maybe")
    assert keys[4] in problem and keys[5] in problem
    assert "[maybe]" in problem and "write same or different" in problem

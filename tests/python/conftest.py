"""A real warehouse for the tests: generated raw data, deliberately broken rows, `dbt build`."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from cdp.dbt_runner import run_dbt
from cdp.generator import GenerationReport, generate
from cdp.project import project_dir

TEST_PROFILES = 1500
TEST_SEED = 7
# Raw ids of the rows the tests add, so checks on the generator's own data can leave them out.
INJECTED_RAW_ID_PREFIX = "00000000-0000-4000-8000-"
# Streams where days without new rows are normal: their freshness errors after 14 days, not 50 h.
LOW_VOLUME_STREAMS = frozenset({
    "raw_shop.refunds", "raw_shop.reviews", "raw_support.tickets", "raw_billing.unpaid_invoices",
})  # fmt: skip


@dataclass
class InjectedRows:
    """Raw rows the tests add on purpose, by `_airbyte_raw_id`, with the quarantine reason each
    must end with (None: it must be the row staging keeps)."""

    expected_reason: dict[str, str | None] = field(default_factory=dict)
    table_of: dict[str, str] = field(default_factory=dict)

    def expect(self, raw_id: str, table: str, reason: str | None) -> None:
        self.expected_reason[raw_id] = reason
        self.table_of[raw_id] = table


@dataclass
class Warehouse:
    database: Path
    report: GenerationReport
    injected: InjectedRows
    as_of: datetime

    def query(self, sql: str, parameters: list | None = None) -> list[tuple]:
        with duckdb.connect(str(self.database), read_only=True) as con:
            return con.execute(sql, parameters or []).fetchall()

    def scalar(self, sql: str, parameters: list | None = None) -> object:
        return self.query(sql, parameters)[0][0]


def _new_raw_id(number: int) -> str:
    return f"{INJECTED_RAW_ID_PREFIX}{number:012d}"


def _meta(changes: list[dict[str, str]]) -> str:
    return json.dumps({"sync_id": 999_999, "changes": changes})


def inject_broken_rows(database: Path) -> InjectedRows:
    """Copy real rows and break them the ways sources break, remembering what must happen."""
    injected = InjectedRows()
    con = duckdb.connect(str(database))
    con.execute("set TimeZone = 'UTC'")

    # A CRM contact whose latest version is clean: base for duplicates and older versions.
    contact = con.execute(
        """
        select cast(_airbyte_raw_id as varchar)
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
    assert contact is not None, "the generator produced no clean CRM contact"
    (original_raw_id,) = contact

    def copy_contact(raw_id: str, replacements: str) -> None:
        con.execute(
            f"""
            insert into raw_crm.contacts by name
            select * replace (cast('{raw_id}' as uuid) as _airbyte_raw_id, {replacements})
            from raw_crm.contacts
            where _airbyte_raw_id = cast('{original_raw_id}' as uuid)
            """
        )

    # Extracted again by a later sync: the re-extraction wins, the original is a duplicate.
    copy_contact(_new_raw_id(1), "_airbyte_extracted_at + interval 1 hour as _airbyte_extracted_at")
    injected.expect(_new_raw_id(1), "raw_crm.contacts", None)
    injected.expect(original_raw_id, "raw_crm.contacts", "duplicate_row")
    # An older version of the same contact arriving late.
    copy_contact(_new_raw_id(2), "updated_at - interval 30 day as updated_at")
    injected.expect(_new_raw_id(2), "raw_crm.contacts", "superseded_version")
    # Airbyte nulled the key and said so in _airbyte_meta.
    copy_contact(
        _new_raw_id(3),
        f"null as contact_id, cast('{_meta([{'field': 'contact_id', 'change': 'NULLED', 'reason': 'SOURCE_SERIALIZATION_ERROR'}])}' as json) as _airbyte_meta",  # noqa: E501
    )
    injected.expect(_new_raw_id(3), "raw_crm.contacts", "airbyte_error_on_primary_key")
    # A blank key with no explanation.
    copy_contact(_new_raw_id(4), "'   ' as contact_id")
    injected.expect(_new_raw_id(4), "raw_crm.contacts", "missing_primary_key")
    # A version without its cursor.
    copy_contact(_new_raw_id(5), "'CRM-TEST-NOCURSOR' as contact_id, null as updated_at")
    injected.expect(_new_raw_id(5), "raw_crm.contacts", "missing_cursor")

    # An order placed in 2099.
    con.execute(
        f"""
        insert into raw_shop.orders by name
        select * replace (
            cast('{_new_raw_id(10)}' as uuid) as _airbyte_raw_id,
            (select max(order_id) + 1 from raw_shop.orders) as order_id,
            timestamp '2099-01-01 10:00:00' as created_at,
            timestamp '2099-01-01 10:00:00' as updated_at
        )
        from raw_shop.orders
        where order_id is not null
        limit 1
        """
    )
    injected.expect(_new_raw_id(10), "raw_shop.orders", "impossible_date")

    # Till exports: a key that is not a number, and a timestamp that is not a date.
    for raw_id, replacements, reason in (
        (_new_raw_id(20), "'N/A' as transaction_id", "unparseable_primary_key"),
        (
            _new_raw_id(21),
            "'987654321' as transaction_id, '2024-02-30 10:00:00' as transaction_at",
            "unparseable_timestamp",
        ),
    ):
        con.execute(
            f"""
            insert into raw_pos.transactions by name
            select * replace (cast('{raw_id}' as uuid) as _airbyte_raw_id, {replacements})
            from raw_pos.transactions
            where transaction_id is not null
                and json_array_length(_airbyte_meta -> '$.changes') = 0
                and try_cast(transaction_at as timestamp) is not null
            limit 1
            """
        )
        injected.expect(raw_id, "raw_pos.transactions", reason)

    # A web event delivered twice.
    event_raw_id = con.execute(
        """
        select cast(_airbyte_raw_id as varchar)
        from raw_web.events
        where event_id is not null and cookie_id is not null
            and json_array_length(_airbyte_meta -> '$.changes') = 0
            and occurred_at between timestamp '2001-01-01' and _airbyte_extracted_at
        qualify count(*) over (partition by event_id) = 1
        order by event_id
        limit 1
        """
    ).fetchone()[0]
    con.execute(
        f"""
        insert into raw_web.events by name
        select * replace (
            cast('{_new_raw_id(30)}' as uuid) as _airbyte_raw_id,
            _airbyte_extracted_at + interval 1 day as _airbyte_extracted_at
        )
        from raw_web.events
        where _airbyte_raw_id = cast('{event_raw_id}' as uuid)
        """
    )
    injected.expect(_new_raw_id(30), "raw_web.events", None)
    injected.expect(event_raw_id, "raw_web.events", "duplicate_row")

    # A review rated 9 out of 5.
    con.execute(
        f"""
        insert into raw_shop.reviews by name
        select * replace (
            cast('{_new_raw_id(40)}' as uuid) as _airbyte_raw_id,
            (select max(review_id) + 1 from raw_shop.reviews) as review_id,
            9 as rating
        )
        from raw_shop.reviews
        where review_id is not null
        limit 1
        """
    )
    injected.expect(_new_raw_id(40), "raw_shop.reviews", "invalid_rating")
    con.close()
    return injected


@pytest.fixture(scope="session")
def project() -> Path:
    return project_dir()


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory: pytest.TempPathFactory, project: Path) -> Warehouse:
    """Generated raw data plus broken rows, built by a real `dbt build`."""
    database = tmp_path_factory.mktemp("warehouse") / "cdp.duckdb"
    as_of = datetime.now(UTC).replace(second=0, microsecond=0)
    report = generate(database, profiles=TEST_PROFILES, seed=TEST_SEED, as_of=as_of)
    injected = inject_broken_rows(database)
    run_dbt(["build"], project=project, database=database)
    return Warehouse(database=database, report=report, injected=injected, as_of=as_of)

"""The generator writes Airbyte-shaped raw tables, deterministically, with the mess promised."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from cdp.generator import generate
from cdp.raw_schema import FULL_REFRESH_OVERWRITE, RAW_TABLES, TRUTH_SCHEMA, TRUTH_TABLES

from .conftest import INJECTED_RAW_ID_PREFIX, LOW_VOLUME_STREAMS, Warehouse

AS_OF = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def _columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> list[tuple[str, str]]:
    return con.execute(
        """
        select column_name, data_type from information_schema.columns
        where table_schema = ? and table_name = ?
        order by ordinal_position
        """,
        [schema, table],
    ).fetchall()


def _normalise_type(duckdb_type: str) -> str:
    return duckdb_type.upper().replace(" ", "")


def test_every_raw_table_has_the_contract_columns(warehouse: Warehouse) -> None:
    with duckdb.connect(str(warehouse.database), read_only=True) as con:
        for table in RAW_TABLES:
            actual = [
                (name, _normalise_type(data_type))
                for name, data_type in _columns(con, table.schema, table.name)
            ]
            expected = [(name, _normalise_type(type_)) for name, type_ in table.all_columns]
            assert actual == expected, table.qualified_name
        for name, columns in TRUTH_TABLES.items():
            assert [column for column, _ in _columns(con, TRUTH_SCHEMA, name)] == [
                column for column, _ in columns
            ]


def _fingerprint(database: Path) -> dict[str, tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return {
            table.qualified_name: con.execute(
                f"select count(*), sum(hash(columns(*))) from {table.qualified_name}"
            ).fetchone()
            for table in RAW_TABLES
        }


def test_same_seed_same_data_other_seed_other_data(tmp_path: Path) -> None:
    first = generate(tmp_path / "a.duckdb", profiles=300, seed=11, as_of=AS_OF)
    generate(tmp_path / "b.duckdb", profiles=300, seed=11, as_of=AS_OF)
    generate(tmp_path / "c.duckdb", profiles=300, seed=12, as_of=AS_OF)
    assert first.total_rows == sum(first.rows_per_table.values()) > 300
    assert _fingerprint(tmp_path / "a.duckdb") == _fingerprint(tmp_path / "b.duckdb")
    assert _fingerprint(tmp_path / "a.duckdb") != _fingerprint(tmp_path / "c.duckdb")


def test_regeneration_replaces_the_raw_tables(tmp_path: Path) -> None:
    database = tmp_path / "again.duckdb"
    generate(database, profiles=300, seed=1, as_of=AS_OF)
    smaller = generate(database, profiles=100, seed=1, as_of=AS_OF)
    with duckdb.connect(str(database), read_only=True) as con:
        (contacts,) = con.execute("select count(*) from raw_crm.contacts").fetchone()
    assert contacts == smaller.rows_per_table["raw_crm.contacts"]


def test_extractions_happen_before_as_of_and_the_last_sync_is_recent(warehouse: Warehouse) -> None:
    for table in RAW_TABLES:
        latest = warehouse.scalar(
            f"select max(_airbyte_extracted_at) from {table.qualified_name} "
            "where not starts_with(_airbyte_raw_id::varchar, ?)",
            [INJECTED_RAW_ID_PREFIX],
        )
        assert latest <= warehouse.as_of, table.qualified_name
        if table.qualified_name not in LOW_VOLUME_STREAMS:
            assert (warehouse.as_of - latest).total_seconds() <= 26 * 3600, table.qualified_name


def test_full_refresh_streams_hold_one_copy_from_the_last_sync(warehouse: Warehouse) -> None:
    full_refresh = [t for t in RAW_TABLES if t.sync_mode == FULL_REFRESH_OVERWRITE]
    assert {t.qualified_name for t in full_refresh} == {
        "raw_shop.products", "raw_pos.stores", "raw_esp.campaigns",
    }  # fmt: skip
    last_sync = warehouse.scalar(
        "select max((_airbyte_meta ->> '$.sync_id')::bigint) from raw_crm.contacts "
        "where not starts_with(_airbyte_raw_id::varchar, ?)",
        [INJECTED_RAW_ID_PREFIX],
    )
    for table in full_refresh:
        key = ", ".join(table.primary_key)
        rows, keys, syncs, generations, sync_id = warehouse.query(
            f"select count({table.primary_key[0]}), count(distinct ({key})), "
            "count(distinct _airbyte_meta ->> '$.sync_id'), "
            "count(distinct _airbyte_generation_id), "
            "max((_airbyte_meta ->> '$.sync_id')::bigint) "
            f"from {table.qualified_name} "
            "where not starts_with(_airbyte_raw_id::varchar, ?)",
            [INJECTED_RAW_ID_PREFIX],
        )[0]
        assert rows == keys > 0, table.qualified_name
        assert (syncs, generations, sync_id) == (1, 1, last_sync), table.qualified_name


@pytest.mark.parametrize(
    ("description", "sql"),
    [
        (
            "append history: several versions of one CRM contact",
            "select count(*) from (select contact_id from raw_crm.contacts "
            "group by contact_id having count(distinct updated_at) > 1)",
        ),
        (
            "rows re-extracted by a later sync",
            "select count(*) from (select event_id from raw_web.events "
            "group by event_id having count(*) > 1)",
        ),
        (
            "Airbyte nulled a non-key field",
            "select count(*) from raw_crm.contacts "
            "where json_array_length(_airbyte_meta -> '$.changes') > 0 and contact_id is not null",
        ),
        (
            "test accounts on many records",
            "select count(*) from raw_crm.contacts where lower(trim(email)) = 'test@test.com'",
        ),
        (
            "a phone shared by a household or a test account",
            "select count(*) from (select phone from raw_crm.contacts where phone is not null "
            "group by phone having count(distinct contact_id) > 1)",
        ),
        (
            "accented names",
            "select count(*) from raw_crm.contacts "
            "where regexp_matches(first_name, '[éèëïîôçöüà]')",
        ),
        (
            "late-arriving events (extracted over 2 days after they happened)",
            "select count(*) from raw_web.events "
            "where _airbyte_extracted_at > occurred_at + interval 2 day",
        ),
        (
            "a store tablet that logged several shop customers in",
            "select count(*) from (select device_id from raw_web.identifies "
            "group by device_id having count(distinct customer_id) > 1)",
        ),
        (
            "malformed till amounts",
            "select count(*) from raw_pos.transactions where total_amount like '%,%'",
        ),
    ],
)
def test_generated_data_is_as_messy_as_promised(
    warehouse: Warehouse, description: str, sql: str
) -> None:
    assert warehouse.query(sql)[0][0] > 0, description


def test_truth_maps_every_person_record(warehouse: Warehouse) -> None:
    unmapped = warehouse.query(
        """
        select count(*) from raw_crm.contacts as contacts
        left join cdp_truth.record_persons as truth
            on truth.source_table = 'raw_crm.contacts'
            and truth.source_record_id = contacts.contact_id
        where contacts.contact_id is not null and truth.person_id is null
            and not starts_with(cast(contacts._airbyte_raw_id as varchar), ?)
        """,
        [INJECTED_RAW_ID_PREFIX],
    )[0][0]
    assert unmapped == 0
    (persons,) = warehouse.query(
        "select count(*) from cdp_truth.persons where not is_test_account"
    )[0]
    assert persons >= warehouse.report.profiles

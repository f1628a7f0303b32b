"""Deterministic keys and their guards on records we write by hand: a real `dbt build` of the
identity models on a DuckDB file, reading our table through the `identity_input_relation` var
(bring your own records)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from .identity_inputs import build_deterministic_edges, run_dbt_subprocess, write_input

# No street, postcode, city, country, device or loyalty columns: optional ones may be missing.
COLUMNS = (
    "source_name",
    "source_record_id",
    "first_name",
    "last_name",
    "date_of_birth",
    "email",
    "phone",
    "cookie_id",
    "record_seen_at",
)
RECORDS = (
    # Three strangers typed the test address: blocklisted, it must not join them.
    ("crm", "1", "Alice", "Durand", "1980-01-01", "test@test.com", None, None),
    ("crm", "2", "Bruno", "Petit", "1975-06-30", " TEST@test.com", None, None),
    ("shop", "3", "Chloé", "Roux", "1990-03-12", "test@test.com ", None, None),
    # One person, one address typed three ways: two edges to the smallest key.
    ("crm", "4", "Élodie", "Martin", "1985-02-02", "elodie.martin@free.fr", None, None),
    ("shop", "5", "Elodie", "MARTIN", None, "Elodie.Martin@free.fr", None, "cookie-1"),
    ("web", "6", None, None, None, " elodie.martin@free.fr", None, "cookie-1"),
    # A landline shared by a household: three birth dates, so the phone is a shared value.
    ("crm", "7", "Jean", "Moreau", "1950-01-01", None, "01 42 00 11 22", None),
    ("crm", "8", "Anne", "Moreau", "1952-04-04", None, "+33 1 42 00 11 22", None),
    ("shop", "9", "Lucas", "Moreau", "1990-09-09", None, "0033142001122", None),
    # One person's mobile on two records (same birth date): an edge.
    ("crm", "10", "Paul", "Girard", "1970-07-07", None, "06 23 45 67 81", None),
    ("shop", "11", "Paul", "Girard", "1970-07-07", None, "+33623456781", None),
)


@dataclass(frozen=True)
class Built:
    database: Path

    def rows(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.database), read_only=True) as con:
            return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("identity_keys")


@pytest.fixture(scope="module")
def built(work: Path) -> Built:
    database = work / "keys.duckdb"
    build_deterministic_edges(database, work, COLUMNS, RECORDS)
    return Built(database)


def _edges(built: Built, identifier_type: str) -> set[tuple[str, str]]:
    return set(
        built.rows(
            "select record_key, anchor_record_key"
            " from intermediate.int_identity__deterministic_edges"
            f" where identifier_type = '{identifier_type}'"
        )
    )


def test_a_blocklisted_email_links_no_one_and_is_logged(built: Built) -> None:
    edges = _edges(built, "email")
    test_records = {"crm:1", "crm:2", "shop:3"}
    assert not any(member in test_records or anchor in test_records for member, anchor in edges)
    logged = built.rows(
        "select exclusion_reason, exclusion_detail, record_count"
        " from intermediate.int_identity__identifier_exclusions"
        " where identifier_type = 'email' and identifier_value = 'test@test.com'"
    )
    assert logged == [("blocklisted", "test_account", 3)]


def test_one_persons_email_links_every_spelling_to_one_anchor(built: Built) -> None:
    assert _edges(built, "email") == {("shop:5", "crm:4"), ("web:6", "crm:4")}
    assert _edges(built, "cookie_id") == {("web:6", "shop:5")}


def test_a_phone_shared_over_the_limit_is_excluded_but_a_persons_own_is_not(
    built: Built,
) -> None:
    logged = built.rows(
        "select identifier_value, exclusion_reason, exclusion_detail, record_count,"
        " distinct_birth_dates_count from intermediate.int_identity__identifier_exclusions"
        " where identifier_type = 'phone'"
    )
    assert logged == [
        ("+33142001122", "shared_value", "first name conflicts > 0; birth date conflicts > 0", 3, 3)
    ]
    assert _edges(built, "phone") == {("shop:11", "crm:10")}


def test_missing_optional_columns_are_null(built: Built) -> None:
    rows = built.rows(
        "select count(*), count(street_address), count(postcode), count(country),"
        " count(device_id), count(loyalty_card_number), count(first_name_canonical)"
        " from intermediate.int_identity__normalised_records"
    )
    assert rows == [(len(RECORDS), 0, 0, 0, 0, 0, len(RECORDS) - 1)]


# The failing inputs replace the table in the same file, after the build above: the same
# profile and vars let dbt reuse its parse, which keeps these tests fast.
def test_an_unknown_column_fails_with_its_name(work: Path, built: Built) -> None:
    database = built.database
    write_input(
        database, ("source_record_id", "email", "favourite_colour"), (("1", "a@b.fr", "blue"),)
    )
    result = run_dbt_subprocess(
        ["compile", "--select", "int_identity__records_to_resolve"], database, work
    )
    assert result.returncode != 0
    assert "unknown column 'favourite_colour'" in result.stdout


def test_a_missing_record_id_fails_with_its_name(work: Path, built: Built) -> None:
    database = built.database
    write_input(database, ("source_name", "email"), (("crm", "a@b.fr"),))
    result = run_dbt_subprocess(
        ["compile", "--select", "int_identity__records_to_resolve"], database, work
    )
    assert result.returncode != 0
    assert "missing required column 'source_record_id'" in result.stdout

"""Phones in E.164 through the real identity models (`dbt run` on a DuckDB file):

- typed phones of every country the generator uses, plus Italian, Spanish, US, British, German
  and Dutch edge cases, give what Google's libphonenumber gives (computed here with the
  `phonenumbers` package, never written by hand);
- every phone the generator writes for a person gives that person's own number (the truth).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import phonenumbers
import pytest

from cdp.evaluation import TRUTH_TABLE_OF_SOURCE
from cdp.generator import generate
from cdp.generator.reference import COUNTRIES, TEST_PHONES

from .identity_inputs import run_dbt_subprocess

INPUT_RELATION = "byo.typed_phones"

# (record's country, phone as typed). Countries of the generator first, then edge cases.
TYPED_PHONES: tuple[tuple[str | None, str], ...] = (
    ("FR", "06 12 34 56 78"),
    ("FR", "0612345678"),
    ("FR", "06.12.34.56.78"),
    ("FR", "+33 6 12 34 56 78"),
    ("FR", "+33 (0)6 12 34 56 78"),
    ("FR", "0033 6 12 34 56 78"),
    ("FR", "01 42 68 53 00"),
    (None, "07 81 23 45 67"),  # no country: var identity_default_country (FR)
    ("FR", "06 12 34"),  # too short
    ("FR", "+33 6 12 34 56 78 90"),  # too long for France
    ("BE", "0470 12 34 56"),
    ("BE", "+32 470 12 34 56"),
    ("BE", "02 123 45 67"),
    ("BE", "+32 (0)2 123 45 67"),
    ("BE", "0032 2 123 45 67"),
    ("CH", "079 123 45 67"),
    ("CH", "+41 79 123 45 67"),
    ("CH", "+41 (0)44 668 18 00"),
    ("CH", "044 668 18 00"),
    ("LU", "621 123 456"),
    ("LU", "+352 621 123 456"),
    ("LU", "00352 27 12 34 56"),
    ("DE", "0151 23456789"),
    ("DE", "+49 151 23456789"),
    ("DE", "+49 (0)30 1234567"),
    ("DE", "030 12345678"),
    ("DE", "0049 89 1234567"),
    ("ES", "612 34 56 78"),
    ("ES", "+34 612 34 56 78"),
    ("ES", "91 123 45 67"),
    ("ES", "0034 911 23 45 67"),
    ("ES", "0612345678"),  # no trunk prefix in Spain: one digit too many
    ("IT", "06 6982 1234"),  # Rome: the 0 is part of the number
    ("IT", "+39 06 6982 1234"),
    ("IT", "+39 (0)6 6982 1234"),
    ("IT", "0039 06 6982 1234"),
    ("IT", "02 1234 5678"),
    ("IT", "312 345 6789"),
    ("IT", "+39 312 345 6789"),
    ("FR", "+39 (0)6 6982 1234"),  # an Italian number on a French record
    ("GB", "07700 900123"),
    ("GB", "+44 7700 900123"),
    ("GB", "+44 (0)20 7946 0018"),
    ("GB", "020 7946 0018"),
    ("GB", "0044 20 7946 0018"),
    ("NL", "06 12345678"),
    ("NL", "+31 6 12345678"),
    ("NL", "+31 (0)20 123 4567"),
    ("NL", "020 123 4567"),
    ("US", "(212) 555-0123"),
    ("US", "1-212-555-0123"),
    ("US", "+1 212 555 0123"),
    ("US", "212.555.0123"),
    ("FR", "001 212 555 0123"),
    ("FR", "06 12 AB 56 78"),  # letters
)


def _libphonenumber_e164(country: str | None, typed: str) -> str | None:
    """What libphonenumber makes of the phone: E.164 when it is a possible number, else None."""
    try:
        number = phonenumbers.parse(typed, country or "FR")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("phones")


def test_typed_phones_give_what_libphonenumber_gives(work: Path) -> None:
    database = work / "typed.duckdb"
    with duckdb.connect(str(database)) as con:
        con.execute("create schema byo")
        con.execute(
            f"create table {INPUT_RELATION}"
            " (source_record_id varchar, country varchar, phone varchar)"
        )
        con.executemany(
            f"insert into {INPUT_RELATION} values (?, ?, ?)",
            [(str(i), country, typed) for i, (country, typed) in enumerate(TYPED_PHONES)],
        )
    result = run_dbt_subprocess(
        ["build", "--select", "+int_identity__normalised_records", "--exclude",
         "resource_type:unit_test", "resource_type:test"],
        database,
        work,
        input_relation=INPUT_RELATION,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:]
    with duckdb.connect(str(database), read_only=True) as con:
        got = dict(
            con.execute(
                "select cast(source_record_id as integer), phone"
                " from intermediate.int_identity__normalised_records"
            ).fetchall()
        )
    expected = {i: _libphonenumber_e164(*typed) for i, typed in enumerate(TYPED_PHONES)}
    differences = {
        TYPED_PHONES[i]: (got.get(i), expected[i]) for i in expected if got.get(i) != expected[i]
    }
    assert differences == {}, "(country, typed): (ours, libphonenumber's)"
    # The cases that matter most are really there (libphonenumber could drift).
    assert expected[TYPED_PHONES.index(("IT", "+39 (0)6 6982 1234"))] == "+390669821234"
    assert expected[TYPED_PHONES.index(("ES", "612 34 56 78"))] == "+34612345678"
    assert sum(value is None for value in expected.values()) == 4


def test_every_phone_the_generator_writes_gives_its_persons_number(work: Path) -> None:
    database = work / "generated.duckdb"
    generate(database, profiles=3000, seed=11)
    result = run_dbt_subprocess(
        ["build", "--select", "+int_identity__normalised_records", "--exclude",
         "resource_type:unit_test", "resource_type:test"],
        database, work, input_relation=None,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:]
    truth_table = " ".join(
        f"when '{source}' then '{table}'" for source, table in TRUTH_TABLE_OF_SOURCE.items()
    )
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute(f"""
            select
                source_records.phone as typed,
                records.phone,
                persons.phone as person_phone,
                persons.landline_phone
            from intermediate.int_identity__normalised_records as records
            inner join intermediate.int_identity__records_to_resolve as source_records
                on records.source_name = source_records.source_name
                and records.source_record_id = source_records.source_record_id
            inner join cdp_truth.record_persons
                on record_persons.source_table = case records.source_name {truth_table} end
                and record_persons.source_record_id = records.source_record_id
            inner join cdp_truth.persons
                on persons.person_id = record_persons.person_id
            where source_records.phone is not null and not persons.is_test_account
        """).fetchall()  # fmt: skip
    typed = [row for row in rows if row[0] not in TEST_PHONES]
    wrong = [row for row in typed if row[1] not in (row[2], row[3])]
    assert wrong == [], "(typed, ours, person's phone, household landline)"
    seen = {
        code for _, _, code, _ in COUNTRIES if any(row[1].startswith(f"+{code}") for row in typed)
    }
    assert seen == {code for _, _, code, _ in COUNTRIES}, "every country's phones are checked"
    assert len(typed) > 3000
    impossible = {
        number
        for row in typed
        for number in row[2:]
        if number is not None and not phonenumbers.is_possible_number(phonenumbers.parse(number))
    }
    assert impossible == set(), "the generator's numbers are possible ones in their country"

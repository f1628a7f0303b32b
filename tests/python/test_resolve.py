"""`cdp resolve` on a user's own CSV: the identity models run on it and person ids come back."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import duckdb
import pytest

from .identity_inputs import persons_of, resolve_csv

# Two real people with typos and format variants, and a stranger who shares nothing with them.
# (example.com addresses and 0612345678 are in the blocklist: real-looking values here.)
HEADER = ",".join([
    "source_name", "source_record_id", "first_name", "last_name", "date_of_birth",
    "email", "phone", "postcode", "city", "country",
])  # fmt: skip
RECORDS = f"""{HEADER}
crm,c1,Jean,Dupont,1980-05-01,jean.dupont@orange.fr,+33 6 71 42 88 19,75011,Paris,FR
shop,s1,JEAN,DUPONT,,Jean.Dupont@Orange.fr ,,75011,Paris,FR
till,t1,Jean,Dupond,1980-05-01,,06 71 42 88 19,75011,Paris,FR
crm,c2,Amélie,Lefèvre,1975-11-30,amelie.lefevre@free.fr,+33 7 58 26 90 14,69003,Lyon,FR
shop,s2,Amelie,Lefevre,,amelie.lefevre@free.fr,,69003,Lyon,FR
crm,c3,Paul,Martin,1991-02-14,paul.martin@laposte.net,+33 6 48 15 73 02,33000,Bordeaux,FR
"""


def _rejected_cells(tmp_path: Path) -> list[dict[str, str]]:
    with (tmp_path / "persons_rejected_cells.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_resolve_writes_one_person_id_per_record_and_the_pairs(tmp_path: Path) -> None:
    result = resolve_csv(tmp_path, RECORDS)
    assert result.returncode == 0, result.stdout + result.stderr

    with (tmp_path / "persons.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["source_name", "source_record_id", "person_id"]
    person = {(row["source_name"], row["source_record_id"]): row["person_id"] for row in rows}
    assert len(person) == 6
    assert person["crm", "c1"] == person["shop", "s1"] == person["till", "t1"]
    assert person["crm", "c2"] == person["shop", "s2"]
    assert len({person["crm", "c1"], person["crm", "c2"], person["crm", "c3"]}) == 3
    assert all(value.startswith("per_") for value in person.values())

    with (tmp_path / "persons_pairs.csv").open(newline="") as handle:
        pairs = list(csv.DictReader(handle))
    assert pairs, "the pairs file lists the scored candidate pairs"
    assert {"record_key_l", "record_key_r", "match_probability"} <= set(pairs[0])


def test_resolve_names_the_column_it_does_not_know(tmp_path: Path) -> None:
    result = resolve_csv(tmp_path, "source_record_id,first_name,emial\n1,Jean,jean@orange.fr\n")
    assert result.returncode == 1
    assert "emial" in result.stderr
    assert not (tmp_path / "persons.csv").exists()


# Cells the models cannot compare, in a `;`-delimited file with a UTF-8 byte-order mark (as
# Excel writes it in much of Europe): z1 and z2 share only an internationalised email.
MESSY_RECORDS = """\ufeffsource_record_id;first_name;last_name;date_of_birth;email;phone
p1;Paul;Martin;1955-11-92;paul.martin@laposte.net;+33 6 48 15 73 02
p2;Paul;Martin;1991-02-14;paul.martin@laposte.net;06 48 15 73 0A
p3;Luc;Bernard;14/02/1991;luc bernard@free.fr;+33 6 12
z1;Zoë;Roß;;Zoë@Exämple.FR;
z2;;;;zoë@exämple.fr;
"""


def test_resolve_blanks_cells_it_cannot_compare_and_lists_them(tmp_path: Path) -> None:
    result = resolve_csv(tmp_path, MESSY_RECORDS)
    assert result.returncode == 0, result.stdout + result.stderr

    person = persons_of(tmp_path)
    assert sorted(person) == ["p1", "p2", "p3", "z1", "z2"]  # the BOM is not in the header
    assert person["z1"] == person["z2"], "an internationalised email is kept and compared"
    assert person["p1"] == person["p2"] != person["p3"]
    rejected = {
        (cell["source_record_id"], cell["column"]): cell for cell in _rejected_cells(tmp_path)
    }
    assert {key: (cell["value"], cell["reason"]) for key, cell in rejected.items()} == {
        ("p1", "date_of_birth"): ("1955-11-92", "impossible_date"),
        ("p2", "phone"): ("06 48 15 73 0A", "not_a_phone_number"),
        ("p3", "date_of_birth"): ("14/02/1991", "not_iso_date"),
        ("p3", "email"): ("luc bernard@free.fr", "malformed_email"),
        ("p3", "phone"): ("+33 6 12", "not_a_phone_number"),
    }
    assert {cell["source_name"] for cell in rejected.values()} == {"input"}
    # The summary table: column, reason, count and an example.
    assert re.search(r"phone\s.*not_a_phone_number\s.*2\s.*06 48 15 73 0A", result.stdout)
    assert re.search(r"date_of_birth\s.*impossible_date\s.*1\s.*1955-11-92", result.stdout)


def test_resolve_strict_stops_at_the_first_bad_date_naming_its_row(tmp_path: Path) -> None:
    text = "source_record_id,date_of_birth\n1,1980-05-01\n2,31/02/1980\n3,1955-11-92\n"
    result = resolve_csv(tmp_path, text, "--strict")
    assert result.returncode == 1
    assert "row 2 (line 3)" in result.stderr
    assert "column 'date_of_birth' holds '31/02/1980', which is not a date" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "persons.csv").exists()


def test_resolve_strict_stops_at_a_phone_the_models_cannot_read(tmp_path: Path) -> None:
    text = (
        "source_record_id,first_name,last_name,date_of_birth,phone\n"
        "1,Jean,Dupont,1980-05-01,+33 6 71 42 88 19\n"
        "2,Jean,Dupond,1980-05-01,\n"
        "3,Paul,Martin,1991-02-14,06 12\n"
    )
    result = resolve_csv(tmp_path, text, "--strict")
    assert result.returncode == 1
    assert "row 3 (line 4): column 'phone' holds '06 12', which is not a phone" in result.stderr
    assert not (tmp_path / "persons.csv").exists()


def test_resolve_names_the_row_without_a_source_record_id(tmp_path: Path) -> None:
    rows = [f"{number},Person{number}" for number in range(1, 11)]
    rows[6] = " ,Person7"
    result = resolve_csv(tmp_path, "source_record_id,first_name\n" + "\n".join(rows) + "\n")
    assert result.returncode == 1
    assert "row 7 (line 8): source_record_id is blank" in result.stderr
    assert not (tmp_path / "persons.csv").exists()


# Tab-delimited latin-1, as older tills and spreadsheets export it.
LATIN_1_RECORDS = (
    "source_record_id\tfirst_name\tlast_name\tdate_of_birth\temail\n"
    "1\tRené\tLefèvre\t1980-05-01\trene.lefevre@free.fr\n"
    "2\tRene\tLefevre\t\trene.lefevre@free.fr\n"
    "3\tAmélie\tGarçon\t1975-11-30\tamelie.garcon@orange.fr\n"
    "4\tAmelie\tGarcon\t1975-11-30\t\n"
).encode("latin-1")


def test_resolve_says_which_encoding_failed_and_how_to_pass_one(tmp_path: Path) -> None:
    result = resolve_csv(tmp_path, LATIN_1_RECORDS)
    assert result.returncode == 1
    assert "cannot be read as utf-8: byte 0xe9 on line 2" in result.stderr
    assert "--encoding latin-1" in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2  # one message (rich may wrap it)


def test_resolve_reads_a_tab_delimited_latin_1_file(tmp_path: Path) -> None:
    database = tmp_path / "resolve.duckdb"
    result = resolve_csv(
        tmp_path, LATIN_1_RECORDS, "--encoding", "latin-1", "--keep-database", str(database)
    )
    assert result.returncode == 0, result.stdout + result.stderr
    person = persons_of(tmp_path)
    assert len(person) == 4
    assert person["1"] == person["2"] != person["3"]
    assert _rejected_cells(tmp_path) == []
    with duckdb.connect(str(database), read_only=True) as con:
        names = con.execute(
            "select first_name, last_name from byo.input_records order by source_record_id"
        ).fetchall()
    assert names[0] == ("René", "Lefèvre")
    assert names[2] == ("Amélie", "Garçon")


TEN_DISTINCT_PEOPLE = """1,Jean,Dupont,1950-01-11,jean.dupont@orange.fr
2,Amélie,Lefèvre,1961-02-12,amelie.lefevre@free.fr
3,Paul,Martin,1972-03-13,paul.martin@laposte.net
4,Chloé,Nguyen,1983-04-14,chloe.nguyen@sfr.fr
5,Karim,Haddad,1994-05-15,karim.haddad@orange.fr
6,Inès,Moreau,1955-06-16,ines.moreau@free.fr
7,Lucas,Roux,1966-07-17,lucas.roux@laposte.net
8,Yasmine,Fontaine,1977-08-18,yasmine.fontaine@sfr.fr
9,Hugo,Girard,1988-09-19,hugo.girard@orange.fr
10,Manon,Mercier,1999-10-20,manon.mercier@free.fr
"""


@pytest.mark.parametrize(
    ("rows", "persons"),
    [
        pytest.param("", 0, id="header-only"),
        pytest.param(TEN_DISTINCT_PEOPLE.splitlines()[0] + "\n", 1, id="one-row"),
        pytest.param(
            "1,Jean,Dupont,1980-05-01,jean.dupont@orange.fr\n"
            "2,Jean,Dupont,1980-05-01,jean.dupont@orange.fr\n",
            1,
            id="two-identical-rows",
        ),
        pytest.param(TEN_DISTINCT_PEOPLE, 10, id="ten-distinct-people"),
    ],
)
def test_resolve_small_inputs(tmp_path: Path, rows: str, persons: int) -> None:
    """No candidate pair, one row or none: one person per record (or per identical pair)."""
    result = resolve_csv(
        tmp_path, "source_record_id,first_name,last_name,date_of_birth,email\n" + rows
    )
    assert result.returncode == 0, result.stdout + result.stderr

    with (tmp_path / "persons.csv").open(newline="", encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == ["source_record_id", "person_id"]
    person = persons_of(tmp_path)
    assert len(person) == rows.count("\n"), "one output record per input row"
    assert len(set(person.values())) == persons

"""`cdp resolve` on a user's own CSV: the identity models run on it and person ids come back."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

CDP = Path(sys.executable).parent / "cdp"

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


def _resolve(tmp_path: Path, text: str) -> subprocess.CompletedProcess[str]:
    records = tmp_path / "records.csv"
    records.write_text(text, encoding="utf-8")
    return subprocess.run(
        [str(CDP), "resolve", str(records), "--output", str(tmp_path / "persons.csv")],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "160"},
        timeout=300,
        check=False,
    )


def test_resolve_writes_one_person_id_per_record_and_the_pairs(tmp_path: Path) -> None:
    result = _resolve(tmp_path, RECORDS)
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
    result = _resolve(tmp_path, "source_record_id,first_name,emial\n1,Jean,jean@orange.fr\n")
    assert result.returncode == 1
    assert "emial" in result.stderr
    assert not (tmp_path / "persons.csv").exists()


def test_resolve_rejects_a_date_it_cannot_read(tmp_path: Path) -> None:
    result = _resolve(tmp_path, "source_record_id,date_of_birth\n1,31/02/1980\n")
    assert result.returncode == 1
    assert "date_of_birth" in result.stderr
    assert "31/02/1980" in result.stderr

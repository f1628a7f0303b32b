"""Helpers for tests that run the identity models on records they write by hand: a real dbt in
a subprocess reading a table of ours through the `identity_input_relation` var, or the real
`cdp resolve` on a CSV."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import duckdb

from cdp.project import project_dir

DBT = Path(sys.executable).parent / "dbt"
CDP = Path(sys.executable).parent / "cdp"
INPUT_RELATION = "byo.input_records"


def run_dbt_subprocess(
    args: list[str], database: Path, work: Path, input_relation: str | None = INPUT_RELATION
) -> subprocess.CompletedProcess[str]:
    """dbt in a subprocess (its output is what a user reads); `work` holds target/ and logs/,
    shared by a module's tests so dbt parses the project once. With `input_relation`, the
    identity models read that table instead of the staged sources."""
    project = project_dir()
    env = {**os.environ, "CDP_DUCKDB_PATH": str(database), "DBT_PROFILES_DIR": str(project)}
    identity_input = (
        ["--vars", f"{{identity_input_relation: {input_relation}}}"] if input_relation else []
    )
    return subprocess.run(
        [
            str(DBT),
            *args,
            "--project-dir",
            str(project),
            "--target-path",
            str(work / "target"),
            "--log-path",
            str(work / "logs"),
            *identity_input,
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=project,
        timeout=600,
        check=False,
    )


def write_input(database: Path, columns: tuple[str, ...], records: tuple[tuple, ...]) -> None:
    """Our records as the identity input table (text columns; dates and times typed)."""
    typed = {"date_of_birth": "date", "record_seen_at": "timestamp"}
    with duckdb.connect(str(database)) as con:
        con.execute("create schema if not exists byo")
        definition = ", ".join(f"{name} {typed.get(name, 'varchar')}" for name in columns)
        con.execute(f"create or replace table {INPUT_RELATION} ({definition})")
        placeholders = ", ".join("?" for _ in columns)
        con.executemany(f"insert into {INPUT_RELATION} values ({placeholders})", records)


def build_deterministic_edges(
    database: Path, work: Path, columns: tuple[str, ...], records: tuple[tuple, ...]
) -> None:
    """Our records (each seen at one fixed time) through the identity models up to the
    deterministic edges, guards included."""
    write_input(database, columns, tuple((*row, "2024-05-01 10:00:00") for row in records))
    result = run_dbt_subprocess(
        ["build", "--select", "+int_identity__deterministic_edges", "--exclude",
         "resource_type:unit_test"],
        database,
        work,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-3000:]


def resolve_csv(
    tmp_path: Path, text: str | bytes, *options: str
) -> subprocess.CompletedProcess[str]:
    """`cdp resolve` on `text` written to tmp_path/records.csv, persons.csv beside it."""
    records = tmp_path / "records.csv"
    if isinstance(text, str):
        records.write_text(text, encoding="utf-8")
    else:
        records.write_bytes(text)
    return subprocess.run(
        [str(CDP), "resolve", str(records), "--output", str(tmp_path / "persons.csv"), *options],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "160"},
        timeout=300,
        check=False,
    )


def persons_of(tmp_path: Path) -> dict[str, str]:
    """source_record_id -> person_id, from the output."""
    with (tmp_path / "persons.csv").open(newline="", encoding="utf-8") as handle:
        return {row["source_record_id"]: row["person_id"] for row in csv.DictReader(handle)}

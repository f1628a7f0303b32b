"""Identity resolution on your own records: CSV in, `source_record_id,person_id` out.

The CSV is loaded into a fresh DuckDB file as `byo.input_records`; the identity models run on it
through the `identity_input_relation` var (the same models as on the staged sources), and the
identity map and the scored pairs are written back as CSV.
"""

from __future__ import annotations

import csv
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from cdp.dbt_runner import run_dbt

# The canonical columns the identity models read; only the record id is required.
REQUIRED_COLUMNS = ("source_record_id",)
CANONICAL_COLUMNS = (
    "source_name",
    "source_record_id",
    "first_name",
    "last_name",
    "date_of_birth",
    "email",
    "phone",
    "street_address",
    "postcode",
    "city",
    "country",
    "crm_contact_id",
    "shop_customer_id",
    "loyalty_card_number",
    "cookie_id",
    "device_id",
    "record_seen_at",
)
TYPED_COLUMNS = {"date_of_birth": "DATE", "record_seen_at": "TIMESTAMP"}
INPUT_RELATION = "byo.input_records"
DEFAULT_SOURCE_NAME = "input"


class InputSchemaError(ValueError):
    pass


@dataclass(frozen=True)
class ResolveResult:
    records: int
    persons: int
    pairs: int
    output: Path
    pairs_output: Path


def check_header(header: list[str]) -> None:
    """Raise InputSchemaError naming the first unknown, duplicated or missing column."""
    seen: set[str] = set()
    for column in header:
        name = column.strip().lower()
        if name not in CANONICAL_COLUMNS:
            raise InputSchemaError(
                f"unknown column {column!r}; expected some of: {', '.join(CANONICAL_COLUMNS)}"
            )
        if name in seen:
            raise InputSchemaError(f"column {column!r} appears twice")
        seen.add(name)
    for required in REQUIRED_COLUMNS:
        if required not in seen:
            raise InputSchemaError(f"missing required column {required!r}")


def resolve(
    input_csv: Path,
    output: Path,
    pairs_output: Path | None = None,
    project: Path | None = None,
    keep_database: Path | None = None,
) -> ResolveResult:
    """Resolve the records of `input_csv`; write the identity map and the scored pairs.

    `keep_database`: where to keep the scratch DuckDB file (every identity model, for
    evaluation and audit); by default it is deleted.
    """
    from cdp.project import project_dir

    if not input_csv.is_file():
        raise InputSchemaError(f"{input_csv} is not a file")
    with input_csv.open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle), None)
    if not header:
        raise InputSchemaError(f"{input_csv} is empty: it needs a header row")
    check_header(header)
    pairs_output = pairs_output or output.with_name(f"{output.stem}_pairs{output.suffix}")
    columns = [column.strip().lower() for column in header]

    with tempfile.TemporaryDirectory(prefix="cdp-resolve-") as folder:
        database = keep_database or Path(folder) / "resolve.duckdb"
        if keep_database is not None:
            keep_database.unlink(missing_ok=True)
        with duckdb.connect(str(database)) as con:
            con.execute("create schema byo")
            # Text in, as sources arrive; the models normalise. Only dates and times are typed.
            con.execute(
                f"create table {INPUT_RELATION} as "
                "select * from read_csv(?, header = true, all_varchar = true)",
                [str(input_csv)],
            )
            con.execute(f"alter table {INPUT_RELATION} rename to input_records_text")
            casts = [
                f"try_cast(nullif(trim({column}), '') as {TYPED_COLUMNS[column]}) as {column}"
                if column in TYPED_COLUMNS
                else column
                for column in columns
            ]
            con.execute(
                f"create table {INPUT_RELATION} as "
                f"select {', '.join(casts)} from byo.input_records_text"
            )
            for column in TYPED_COLUMNS.keys() & set(columns):
                bad = con.execute(
                    f"select text.{column} from byo.input_records_text as text "
                    f"where nullif(trim(text.{column}), '') is not null "
                    f"and try_cast(trim(text.{column}) as {TYPED_COLUMNS[column]}) is null "
                    "limit 1"
                ).fetchall()
                if bad:
                    raise InputSchemaError(
                        f"column {column!r} holds {bad[0][0]!r}, which is not a "
                        f"{TYPED_COLUMNS[column].lower()} (use ISO 8601, e.g. 1984-03-21)"
                    )
            con.execute("drop table byo.input_records_text")
            if "source_name" not in columns:
                con.execute(
                    f"alter table {INPUT_RELATION} add column source_name varchar "
                    f"default '{DEFAULT_SOURCE_NAME}'"
                )
            duplicates = con.execute(
                f"select source_name, source_record_id from {INPUT_RELATION} "
                "group by all having count(*) > 1 limit 1"
            ).fetchall()
            if duplicates:
                raise InputSchemaError(
                    f"source_record_id {duplicates[0][1]!r} appears more than once "
                    f"for source {duplicates[0][0]!r}"
                )
        run_dbt(
            [
                "build",
                "--quiet",
                "--select",
                "+customer_identity_map +identity_match_pairs",
                "--exclude",
                "resource_type:unit_test",
                "--vars",
                f"{{identity_input_relation: {INPUT_RELATION}}}",
                # Keep the project's own target/ (the manifest slim CI defers to) untouched.
                "--target-path",
                str(Path(folder) / "target"),
            ],
            project=project or project_dir(),
            database=database,
        )
        with duckdb.connect(str(database), read_only=True) as con:
            records, persons = con.execute(
                "select count(*), count(distinct person_id) from marts.customer_identity_map"
            ).fetchall()[0]
            # The source name is only written when the input named sources.
            keys = (
                "source_name, source_record_id" if "source_name" in columns else "source_record_id"
            )
            con.execute(
                f"copy (select {keys}, person_id from marts.customer_identity_map "
                f"order by {keys}) to '{_sql_path(output)}' (header, delimiter ',')"
            )
            pairs = con.execute("select count(*) from marts.identity_match_pairs").fetchall()[0][0]
            con.execute(
                "copy (select * from marts.identity_match_pairs order by record_key_l, "
                f"record_key_r) to '{_sql_path(pairs_output)}' (header, delimiter ',')"
            )
    return ResolveResult(int(records), int(persons), int(pairs), output, pairs_output)


def _sql_path(path: Path) -> str:
    return str(path.resolve()).replace("'", "''")

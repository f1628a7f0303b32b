"""Identity resolution on your own records: CSV in, `source_record_id,person_id` out.

The CSV is read in Python (any encoding, `,` `;` or tab delimited, a UTF-8 BOM tolerated),
checked row by row and written again as plain UTF-8 for DuckDB, as `byo.input_records` in a
fresh DuckDB file; the identity models run on it through the `identity_input_relation` var (the
same models as on the staged sources), and the identity map and the scored pairs are written
back as CSV.

A cell that cannot be compared (an impossible date, a phone that cannot be a number, a
malformed email) does not stop the run: it becomes an empty comparison value and is listed,
with its reason, in `<output>_rejected_cells.csv`. Dates and times are checked here (ISO 8601
only: 21/03/1984 could be day-first or month-first); phones and emails by the identity models
themselves (`normalise_phone`, `normalise_email`): a non-empty value they leave NULL is rejected,
so the rule is written once. `strict` stops at the first such cell instead.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from cdp.dbt_runner import run_dbt

# The canonical columns the identity models read; only the record id is required.
REQUIRED_COLUMNS = ("source_record_id",)
# Who the record says it is, then the identifiers it carries.
PERSON_COLUMNS = (
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
)
IDENTIFIER_COLUMNS = (
    "crm_contact_id",
    "shop_customer_id",
    "loyalty_card_number",
    "cookie_id",
    "device_id",
)
CANONICAL_COLUMNS = (*PERSON_COLUMNS, *IDENTIFIER_COLUMNS, "record_seen_at")
TYPED_COLUMNS = {"date_of_birth": "DATE", "record_seen_at": "TIMESTAMP"}
INPUT_RELATION = "byo.input_records"
DEFAULT_SOURCE_NAME = "input"
DELIMITERS = (",", ";", "\t")
REJECTED_CELL_COLUMNS = ("source_name", "source_record_id", "column", "value", "reason")

# What each rejected cell should have been, for the --strict message.
EXPECTED = {
    "date_of_birth": "a date (use ISO 8601, e.g. 1984-03-21)",
    "record_seen_at": "a timestamp (use ISO 8601, e.g. 2024-03-21 14:30:00 or 2024-03-21T14:30Z)",
    "phone": "a phone number (8 to 15 digits with the country code, e.g. +33 6 71 42 88 19)",
    "email": "an email address (one @, no spaces, a dotted domain, e.g. zoe@example.fr)",
}
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
ISO_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}([T ].+)?")


class ResolveError(Exception):
    """An input `resolve` cannot use, or a result it cannot trust: the message says why."""


class InputSchemaError(ResolveError, ValueError):
    pass


@dataclass(frozen=True)
class RejectedCell:
    """A cell blanked before comparison; `row` counts data rows from 1, `line` file lines."""

    row: int
    line: int
    source_name: str
    source_record_id: str
    column: str
    value: str
    reason: str

    def message(self) -> str:
        return (
            f"row {self.row} (line {self.line}): column {self.column!r} holds {self.value!r}, "
            f"which is not {EXPECTED[self.column]}"
        )


@dataclass(frozen=True)
class ResolveResult:
    records: int
    persons: int
    pairs: int
    output: Path
    pairs_output: Path
    rejected_output: Path
    rejected: tuple[RejectedCell, ...] = ()

    def rejected_summary(self) -> list[tuple[str, str, int, str]]:
        """(column, reason, count, one example value), in column order."""
        counts = Counter((cell.column, cell.reason) for cell in self.rejected)
        examples: dict[tuple[str, str], str] = {}
        for cell in self.rejected:
            examples.setdefault((cell.column, cell.reason), cell.value)
        return [
            (column, reason, counts[column, reason], examples[column, reason])
            for column, reason in sorted(
                counts, key=lambda key: (CANONICAL_COLUMNS.index(key[0]), key[1])
            )
        ]


@dataclass(frozen=True)
class _Input:
    columns: list[str]
    named_sources: bool  # the file has a source_name column: the output keeps it
    rows: list[list[str]]
    # (source_name, source_record_id) -> (row, line), for rejected cells found by the models.
    positions: dict[tuple[str, str], tuple[int, int]]
    rejected: list[RejectedCell]


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


def decode(raw: bytes, encoding: str) -> str:
    """`raw` as text; a UTF-8 byte-order mark is dropped. The error names the failing byte."""
    try:
        codec = codecs.lookup(encoding).name
    except LookupError as error:
        raise InputSchemaError(
            f"unknown encoding {encoding!r}; pass --encoding utf-8, latin-1, cp1252, …"
        ) from error
    try:
        return raw.decode("utf-8-sig" if codec == "utf-8" else codec)
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise InputSchemaError(
            f"cannot be read as {encoding}: byte 0x{raw[error.start]:02x} on line {line} "
            f"(offset {error.start}) is not {encoding}; "
            "pass --encoding latin-1 (or the file's encoding)"
        ) from error


def detect_delimiter(text: str) -> str:
    """The most frequent of `,` `;` and tab on the header line; `,` when there is none."""
    header = text.partition("\n")[0]
    counts = {delimiter: header.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def check_cell(column: str, value: str) -> tuple[str, str | None]:
    """(the value as DuckDB should read it, None) or ('', the reason it cannot be compared)."""
    if not value or column not in TYPED_COLUMNS:
        return value, None
    if column == "date_of_birth":
        if not ISO_DATE.fullmatch(value):
            return "", "not_iso_date"
        try:
            return date.fromisoformat(value).isoformat(), None
        except ValueError:
            return "", "impossible_date"
    if not ISO_TIMESTAMP.fullmatch(value):
        return "", "not_iso_timestamp"
    try:
        seen_at = datetime.fromisoformat(value)
    except ValueError:
        return "", "not_iso_timestamp"
    if seen_at.tzinfo is not None:  # `_at` columns are UTC
        seen_at = seen_at.astimezone(UTC).replace(tzinfo=None)
    return seen_at.isoformat(sep=" "), None


def read_input(text: str, delimiter: str, strict: bool) -> _Input:
    """Check the header and every row; blank (or, if `strict`, raise on) bad dates and times."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if not header:
        raise InputSchemaError("the file is empty: it needs a header row")
    check_header(header)
    columns = [column.strip().lower() for column in header]
    named_sources = "source_name" in columns
    if not named_sources:
        columns.append("source_name")
    id_index, source_index = columns.index("source_record_id"), columns.index("source_name")
    rows: list[list[str]] = []
    positions: dict[tuple[str, str], tuple[int, int]] = {}
    rejected: list[RejectedCell] = []
    line = reader.line_num
    for cells in reader:
        first_line, line = line + 1, reader.line_num
        if not cells:  # an empty line
            continue
        row = len(rows) + 1
        where = f"row {row} (line {first_line})"
        if len(cells) != len(header):
            raise InputSchemaError(
                f"{where} has {len(cells)} fields but the header has {len(header)}; "
                f"is the delimiter {delimiter!r} right? (--delimiter)"
            )
        if len(cells) < len(columns):
            cells.append("")
        source_record_id = cells[id_index].strip()
        if not source_record_id:
            raise InputSchemaError(
                f"{where}: source_record_id is blank; every record needs one to be resolved"
            )
        source_name = cells[source_index].strip() or DEFAULT_SOURCE_NAME
        cells[id_index], cells[source_index] = source_record_id, source_name
        if (source_name, source_record_id) in positions:
            raise InputSchemaError(
                f"{where}: source_record_id {source_record_id!r} appears more than once "
                f"for source {source_name!r} (first on row "
                f"{positions[source_name, source_record_id][0]})"
            )
        positions[source_name, source_record_id] = (row, first_line)
        for index, column in enumerate(columns):
            value, reason = check_cell(column, cells[index].strip())
            if reason is None:
                if column in TYPED_COLUMNS:
                    cells[index] = value
                continue
            cell = RejectedCell(
                row, first_line, source_name, source_record_id, column, cells[index], reason
            )
            if strict:
                raise InputSchemaError(cell.message())
            rejected.append(cell)
            cells[index] = ""
        rows.append(cells)
    return _Input(columns, named_sources, rows, positions, rejected)


def resolve(
    input_csv: Path,
    output: Path,
    pairs_output: Path | None = None,
    project: Path | None = None,
    keep_database: Path | None = None,
    encoding: str = "utf-8",
    delimiter: str | None = None,
    strict: bool = False,
) -> ResolveResult:
    """Resolve the records of `input_csv`; write the identity map, the scored pairs and the
    cells blanked before comparison (`<output>_rejected_cells.csv`).

    `keep_database`: where to keep the scratch DuckDB file (every identity model, for
    evaluation and audit); by default it is deleted. `delimiter`: detected from the header line
    (`,` `;` or tab) unless given. `strict`: raise on the first cell that cannot be compared
    instead of blanking it.
    """
    from cdp.project import model_relation, project_dir

    if not input_csv.is_file():
        raise InputSchemaError(f"{input_csv} is not a file")
    for path in (output, pairs_output, keep_database):
        if path is not None and not path.parent.is_dir():
            raise ResolveError(f"cannot write {path}: folder {path.parent} does not exist")
    text = decode(input_csv.read_bytes(), encoding)
    records_in = read_input(text, delimiter or detect_delimiter(text), strict)
    del text
    pairs_output = pairs_output or output.with_name(f"{output.stem}_pairs{output.suffix}")
    rejected_output = output.with_name(f"{output.stem}_rejected_cells{output.suffix}")
    columns = records_in.columns

    with tempfile.TemporaryDirectory(prefix="cdp-resolve-") as folder:
        database = keep_database or Path(folder) / "resolve.duckdb"
        if keep_database is not None:
            keep_database.unlink(missing_ok=True)
        text_csv = Path(folder) / "input.csv"
        with text_csv.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            writer.writerows(records_in.rows)
        with duckdb.connect(str(database)) as con:
            con.execute("create schema byo")
            # Text in, as sources arrive; the models normalise. Only dates and times are typed,
            # from the ISO values checked above; empty cells are NULL.
            types = ", ".join(
                f"'{column}': '{TYPED_COLUMNS.get(column, 'VARCHAR')}'" for column in columns
            )
            con.execute(
                f"create table {INPUT_RELATION} as select * from read_csv(?, header = true, "
                f"auto_detect = false, delim = ',', quote = '\"', escape = '\"', "
                f"columns = {{{types}}})",
                [str(text_csv)],
            )
        run_dbt(
            [
                "build",
                "--quiet",
                "--select",
                "+customer_identity_map +identity_match_pairs",
                "--exclude",
                "resource_type:unit_test",
                # Only the tests whose every parent is built: a customer-360 test that also
                # reads the identity map is not resolve's business.
                "--indirect-selection",
                "cautious",
                "--vars",
                f"{{identity_input_relation: {INPUT_RELATION}}}",
                # Keep the project's own target/ (the manifest slim CI defers to) untouched.
                "--target-path",
                str(Path(folder) / "target"),
            ],
            project=project or project_dir(),
            database=database,
        )
        # The relations of the manifest this build wrote.
        identity_map, pairs_relation, records_relation = (
            model_relation(model, Path(folder) / "target")
            for model in (
                "customer_identity_map", "identity_match_pairs", "int_identity__normalised_records"
            )
        )  # fmt: skip
        with duckdb.connect(str(database), read_only=True) as con:
            rejected = _rejected_by_models(con, records_in, strict, records_relation)
            records, persons = con.execute(
                f"select count(*), count(distinct person_id) from {identity_map}"
            ).fetchall()[0]
            if records != len(records_in.rows):
                raise ResolveError(
                    f"{len(records_in.rows):,} rows read but {records:,} records resolved; "
                    f"nothing written (rerun with --keep-database to look at {INPUT_RELATION})"
                )
            # The source name is only written when the input named sources.
            keys = (
                "source_name, source_record_id" if records_in.named_sources else "source_record_id"
            )
            con.execute(
                f"copy (select {keys}, person_id from {identity_map} "
                f"order by {keys}) to '{_sql_path(output)}' (header, delimiter ',')"
            )
            pairs = con.execute(f"select count(*) from {pairs_relation}").fetchall()[0][0]
            con.execute(
                f"copy (select * from {pairs_relation} order by record_key_l, "
                f"record_key_r) to '{_sql_path(pairs_output)}' (header, delimiter ',')"
            )
    with rejected_output.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(REJECTED_CELL_COLUMNS)
        writer.writerows(
            [cell.source_name, cell.source_record_id, cell.column, cell.value, cell.reason]
            for cell in rejected
        )
    return ResolveResult(
        int(records), int(persons), int(pairs), output, pairs_output, rejected_output,
        tuple(rejected),
    )  # fmt: skip


def _rejected_by_models(
    con: duckdb.DuckDBPyConnection, records_in: _Input, strict: bool, normalised_records: str
) -> list[RejectedCell]:
    """The date cells rejected on reading, plus the phones and emails the identity models
    (`normalised_records`: their relation) could not normalise (a value in, NULL out); in row
    then column order."""
    rejected: list[RejectedCell] = []
    for column, reason in (("email", "malformed_email"), ("phone", "not_a_phone_number")):
        if column not in records_in.columns:
            continue
        found = con.execute(
            f"select input.source_name, input.source_record_id, input.{column} "
            f"from {INPUT_RELATION} as input "
            f"inner join {normalised_records} as records "
            "on records.source_name = input.source_name "
            "and records.source_record_id = input.source_record_id "
            f"where trim(input.{column}) <> '' and records.{column} is null"
        ).fetchall()
        rejected += [
            RejectedCell(
                *records_in.positions[source_name, source_record_id],
                source_name, source_record_id, column, value, reason,
            )
            for source_name, source_record_id, value in found
        ]  # fmt: skip
    if strict and rejected:
        raise InputSchemaError(min(rejected, key=lambda cell: cell.row).message())
    return sorted(
        [*records_in.rejected, *rejected],
        key=lambda cell: (cell.row, CANONICAL_COLUMNS.index(cell.column)),
    )


def _sql_path(path: Path) -> str:
    return str(path.resolve()).replace("'", "''")

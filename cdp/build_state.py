"""Did the last build of a database succeed, and did it see the raw data there now?

Every dbt invocation that runs nodes (`cdp build`, `dbt build`, `dbt run` …, from any checkout)
records its outcome and the raw data it saw in the database it built: the on-run-end hook
`record_build_run` (macros/project/record_build_run.sql) appends a row to `audit.dbt_build_runs`,
failed builds included. target/run_results.json would not do: it belongs to a checkout, not to
a database, and the next dbt command overwrites it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from cdp.raw_schema import RAW_TABLES

# Written by macros/project/record_build_run.sql (schema `audit`, used as named).
BUILD_RUNS_TABLE = "audit.dbt_build_runs"
# The commands that rebuild models: the raw data they saw is what the results reflect.
MODEL_BUILDING_COMMANDS = ("build", "run")
# The loaded-at field every raw source declares (the hook reads each source's own).
LOADED_AT_COLUMN = "_airbyte_extracted_at"


class BuildStateError(RuntimeError):
    """The database holds no results of a good build of the raw data it holds now."""


@dataclass(frozen=True)
class BuildRun:
    invocation_id: str
    command: str
    started_at: datetime
    finished_at: datetime
    error_count: int
    failure_count: int
    skipped_count: int
    is_success: bool
    failed_nodes: str
    raw_rows: int
    raw_loaded_at: datetime | None


@dataclass(frozen=True)
class RawData:
    rows: int
    loaded_at: datetime | None


def check_build_state(database: Path) -> None:
    """Raise BuildStateError, saying what to do, when the last build of `database` failed or
    raw data arrived after its last successful build."""
    with duckdb.connect(str(database), read_only=True) as con:
        con.execute("set TimeZone = 'UTC'")
        runs = _build_runs(con, database)
        raw = _raw_data(con)
    last = runs[0]
    if not last.is_success:
        problems = [
            f"{count} {label}{'' if count == 1 else 's'}"
            for count, label in (
                (last.error_count, "error"),
                (last.failure_count, "failed test"),
                (last.skipped_count, "skipped node"),
            )
            if count
        ]
        raise BuildStateError(
            f"the last `dbt {last.command}` of {database} failed at {_utc(last.finished_at)}: "
            f"{', '.join(problems)}; fix {last.failed_nodes or 'the failing nodes'} (dbt's "
            "output, logs/dbt.log), then run `cdp build`."
        )
    built = next((run for run in runs if run.command in MODEL_BUILDING_COMMANDS), None)
    if built is None:
        raise BuildStateError(f"{database} was never built: run `cdp build`.")
    if raw.rows != built.raw_rows or _later(raw.loaded_at, built.raw_loaded_at):
        raise BuildStateError(
            f"raw data loaded after the last build of {database} (now {raw.rows:,} raw rows "
            f"extracted until {_utc(raw.loaded_at)}; the build at {_utc(built.finished_at)} saw "
            f"{built.raw_rows:,} until {_utc(built.raw_loaded_at)}): run `cdp build`."
        )


def _build_runs(con: duckdb.DuckDBPyConnection, database: Path) -> list[BuildRun]:
    """Every recorded run, the latest first."""
    schema, table = BUILD_RUNS_TABLE.split(".")
    (exists,) = con.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
        [schema, table],
    ).fetchone()
    rows = []
    if exists:
        rows = con.execute(
            f"""
            select
                invocation_id, command, started_at, finished_at, error_count, failure_count,
                skipped_count, is_success, failed_nodes, raw_rows, raw_loaded_at
            from {BUILD_RUNS_TABLE}
            order by started_at desc, finished_at desc
            """
        ).fetchall()
    if not rows:
        raise BuildStateError(
            f"no build of {database} is recorded in {BUILD_RUNS_TABLE}: run `cdp build`."
        )
    return [BuildRun(*row) for row in rows]


def _raw_data(con: duckdb.DuckDBPyConnection) -> RawData:
    """Raw rows and their latest extraction, over the raw tables present (as the hook counts)."""
    present = {
        f"{schema}.{table}"
        for schema, table in con.execute(
            "select table_schema, table_name from information_schema.tables"
        ).fetchall()
    }
    counts = [
        f"select count(*) as raw_rows, cast(max({LOADED_AT_COLUMN}) as timestamp) as loaded_at "
        f"from {table.qualified_name}"
        for table in RAW_TABLES
        if table.qualified_name in present
    ]
    if not counts:
        return RawData(0, None)
    rows, loaded_at = con.execute(
        f"select sum(raw_rows), max(loaded_at) from ({' union all '.join(counts)})"
    ).fetchone()
    return RawData(int(rows), loaded_at)


def _later(now: datetime | None, then: datetime | None) -> bool:
    return now is not None and (then is None or now > then)


def _utc(moment: datetime | None) -> str:
    return "never" if moment is None else f"{moment:%Y-%m-%d %H:%M:%S} UTC"

"""Runs dbt in-process against the project and the chosen DuckDB file."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cdp.project import DATABASE_ENV_VAR

if TYPE_CHECKING:
    from dbt_common.events.base_types import EventMsg


class DbtError(RuntimeError):
    pass


def run_dbt(
    args: Sequence[str], project: Path, database: Path, printed: list[str] | None = None
) -> None:
    """Run `dbt <args>` with the project's profiles.yml and raise DbtError if it fails. What
    the macros `print()` is appended to `printed` when given (`dbt run-operation` output)."""
    from dbt.cli.main import dbtRunner

    def collect_prints(event: EventMsg) -> None:
        if printed is not None and event.info.name == "PrintEvent":
            printed.append(event.data.msg)

    os.environ[DATABASE_ENV_VAR] = str(database)
    database.parent.mkdir(parents=True, exist_ok=True)
    full_args = [*args, "--project-dir", str(project), "--profiles-dir", str(project)]
    previous_dir = Path.cwd()
    os.chdir(project)  # dbt writes target/ and logs/ relative to the working directory
    try:
        result = dbtRunner(callbacks=[collect_prints]).invoke(full_args)
    finally:
        os.chdir(previous_dir)
        _release_duckdb_file()
    if result.exception is not None:
        raise DbtError(f"dbt {' '.join(args)} could not run: {result.exception}")
    if not result.success:
        raise DbtError(f"dbt {' '.join(args)} failed: see the errors above")


def _release_duckdb_file() -> None:
    """dbt-duckdb keeps its DuckDB instance open for the life of the process, which locks the
    file against other processes (a BI tool, `cdp summary`): close it after each invocation."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:  # another adapter
        return
    environment = DuckDBConnectionManager._ENV
    if environment is not None:
        environment.close()
    DuckDBConnectionManager.close_all_connections()

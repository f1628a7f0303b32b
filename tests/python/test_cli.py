"""The `cdp` command as a user runs it: the installed entry point, in a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from .conftest import Warehouse

CDP = Path(sys.executable).parent / "cdp"


def _cdp(*args: str, database: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "160"}
    if database is not None:
        env["CDP_DUCKDB_PATH"] = str(database)
    return subprocess.run(
        [str(CDP), *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )


@pytest.mark.parametrize("command", [[], ["generate"], ["build"], ["summary"], ["spark-load"]])
def test_every_command_has_help(command: list[str]) -> None:
    result = _cdp(*command, "--help")
    assert result.returncode == 0, result.stderr
    assert "Usage" in result.stdout


def test_build_without_a_database_says_what_to_do(tmp_path: Path) -> None:
    result = _cdp("build", database=tmp_path / "missing.duckdb")
    assert result.returncode == 1
    assert "cdp generate" in result.stderr


def test_generate_rejects_a_bad_profile_count(tmp_path: Path) -> None:
    result = _cdp("generate", "--profiles", "0", database=tmp_path / "x.duckdb")
    assert result.returncode == 2
    assert "profiles" in result.stderr


def test_generate_then_summary(tmp_path: Path, warehouse: Warehouse) -> None:
    generated = _cdp("generate", "--profiles", "50", "--seed", "5", database=tmp_path / "g.duckdb")
    assert generated.returncode == 0, generated.stderr
    assert "raw rows" in generated.stdout

    summary = _cdp("summary", database=warehouse.database)
    assert summary.returncode == 0, summary.stderr
    assert "raw_crm.contacts" in summary.stdout
    assert "impossible_date" in summary.stdout
    assert "NO" not in summary.stdout


def _flat(text: str) -> str:
    """The terminal's text without the line breaks rich wraps it with."""
    return " ".join(text.split())


def test_summary_and_evaluate_read_a_good_build(warehouse: Warehouse) -> None:
    evaluated = _cdp("evaluate", database=warehouse.database)
    assert evaluated.returncode == 0, evaluated.stderr
    assert "as built" in evaluated.stdout


def test_summary_and_evaluate_refuse_the_results_of_a_failed_build(
    tmp_path: Path, warehouse: Warehouse
) -> None:
    database = tmp_path / "cdp.duckdb"
    shutil.copy(warehouse.database, database)
    with duckdb.connect(str(database)) as con:
        con.execute("drop table raw_pos.stores")  # the staging view over it cannot build

    failed = _cdp("build", "--select", "stg_pos__stores", database=database)
    assert failed.returncode == 1

    for command in ("summary", "evaluate"):
        result = _cdp(command, database=database)
        assert result.returncode == 1, result.stdout
        message = _flat(result.stderr)
        assert f"the last `dbt build` of {database} failed at" in message
        assert ": 1 error," in message  # then the nodes skipped after it
        assert "fix stg_pos__stores" in message
        assert "run `cdp build`" in message
        assert result.stdout == ""  # the previous build's results are not shown

    # The raw table is back and its models are rebuilt: the results are current again.
    with duckdb.connect(str(database)) as con:
        con.execute(f"attach '{warehouse.database}' as built (read_only)")
        con.execute("create table raw_pos.stores as select * from built.raw_pos.stores")
    rebuilt = _cdp("build", "--select", "stg_pos__stores", database=database)
    assert rebuilt.returncode == 0, rebuilt.stdout[-2000:]
    summary = _cdp("summary", database=database)
    assert summary.returncode == 0, summary.stderr
    assert "raw_pos.stores" in summary.stdout


def test_summary_and_evaluate_refuse_a_build_older_than_the_raw_data(
    tmp_path: Path, warehouse: Warehouse
) -> None:
    database = tmp_path / "cdp.duckdb"
    shutil.copy(warehouse.database, database)
    with duckdb.connect(str(database)) as con:
        con.execute(
            """
            insert into raw_shop.reviews by name
            select * replace (uuid() as _airbyte_raw_id)
            from raw_shop.reviews
            limit 1
            """
        )

    for command in ("summary", "evaluate"):
        result = _cdp(command, database=database)
        assert result.returncode == 1, result.stdout
        message = _flat(result.stderr)
        assert f"raw data loaded after the last build of {database}" in message
        assert "run `cdp build`" in message
        assert result.stdout == ""

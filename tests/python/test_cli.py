"""The `cdp` command as a user runs it: the installed entry point, in a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

import cdp

from .conftest import Warehouse

CDP = Path(sys.executable).parent / "cdp"


def _cdp(*args: str, database: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "160"}
    if database is not None:
        env["CDP_DUCKDB_PATH"] = str(database)
    return subprocess.run(
        [str(CDP), *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )


COMMANDS = [[], ["generate"], ["build"], ["summary"], ["evaluate"], ["resolve"], ["spark-load"]]


@pytest.mark.parametrize("help_option", ["--help", "-h"])
@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: list[str], help_option: str) -> None:
    result = _cdp(*command, help_option)
    assert result.returncode == 0, result.stderr
    assert "Usage" in result.stdout


def test_version() -> None:
    result = _cdp("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"cdp {cdp.__version__}"


def _one_error_line(result: subprocess.CompletedProcess[str], *words: str) -> str:
    """The failure is one `error: …` line on stderr naming `words`, and no traceback."""
    assert result.returncode != 0, result.stdout
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: "), lines[0]
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def test_a_negative_seed_is_a_usage_error(tmp_path: Path) -> None:
    result = _cdp("generate", "--profiles", "5", "--seed", "-1", database=tmp_path / "x.duckdb")
    assert result.returncode == 2
    _one_error_line(result, "--seed", "cdp generate --help")
    assert not (tmp_path / "x.duckdb").exists()


def test_an_unknown_command_is_one_line() -> None:
    result = _cdp("nonsense")
    assert result.returncode == 2
    _one_error_line(result, "nonsense")


def _read_only_folder(tmp_path: Path) -> Path:
    """A folder this user cannot write to: permissions, or for root (whom they do not stop) a
    folder on a read-only file system."""
    if os.geteuid() != 0:
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(0o555)
        return folder
    for folder in (Path("/proc/sys"),):
        if folder.is_dir() and not os.access(folder, os.W_OK):
            return folder
    pytest.skip("running as root without a read-only file system to write to")


def test_generate_into_a_read_only_folder(tmp_path: Path) -> None:
    folder = _read_only_folder(tmp_path)
    result = _cdp("generate", "--profiles", "5", "--database", str(folder / "cdp.duckdb"))
    _one_error_line(result, str(folder), "not writable")


def _not_duckdb(tmp_path: Path) -> Path:
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n" * 100)
    return text


@pytest.mark.parametrize("command", ["generate", "build", "summary", "evaluate", "spark-load"])
def test_database_is_a_folder(tmp_path: Path, command: str) -> None:
    result = _cdp(command, "--database", str(tmp_path))
    _one_error_line(result, str(tmp_path), "is a folder")


@pytest.mark.parametrize("command", ["generate", "build", "summary", "evaluate", "spark-load"])
def test_database_is_not_a_duckdb_file(tmp_path: Path, command: str) -> None:
    text = _not_duckdb(tmp_path)
    result = _cdp(command, "--database", str(text))
    _one_error_line(result, str(text), "not a DuckDB database file")
    assert text.read_text() == "not a database\n" * 100


@pytest.mark.parametrize("debug", [["--debug"], []])
def test_debug_shows_the_traceback(tmp_path: Path, debug: list[str]) -> None:
    text = _not_duckdb(tmp_path)
    env = {} if debug else {"CDP_DEBUG": "1"}
    result = subprocess.run(
        [str(CDP), *debug, "summary", "--database", str(text)],
        capture_output=True, text=True, env={**os.environ, **env}, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "Traceback" in result.stderr
    assert "not a valid DuckDB database file" in result.stderr


def test_resolve_checks_its_output_folder_before_the_build(tmp_path: Path) -> None:
    records = tmp_path / "records.csv"
    records.write_text("source_record_id,email\n1,a@example.com\n2,a@example.com\n")
    scratch = tmp_path / "scratch.duckdb"
    missing = tmp_path / "missing" / "persons.csv"
    result = _cdp(
        "resolve", str(records), "--output", str(missing), "--keep-database", str(scratch)
    )
    _one_error_line(result, str(missing.parent), "does not exist")
    assert not scratch.exists()  # the build never started

    result = _cdp("resolve", str(records), "--output", str(tmp_path))
    _one_error_line(result, str(tmp_path), "is a folder", "--output")

    folder = _read_only_folder(tmp_path)
    result = _cdp("resolve", str(records), "--output", str(folder / "persons.csv"))
    _one_error_line(result, str(folder), "not writable")


HOLD_LOCK = """
import sys, time, duckdb
connection = duckdb.connect(sys.argv[1])
print("locked", flush=True)
sys.stdin.read()
"""


@pytest.mark.parametrize("command", ["generate", "build", "summary", "evaluate"])
def test_a_locked_database_names_the_process_holding_it(tmp_path: Path, command: str) -> None:
    database = tmp_path / "locked.duckdb"
    duckdb.connect(str(database)).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(database)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        result = _cdp(command, "--database", str(database))
    finally:
        holder.communicate(timeout=30)
    _one_error_line(result, str(database), "in use", f"(PID {holder.pid})", f"kill {holder.pid}")


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

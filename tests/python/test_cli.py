"""The `cdp` command as a user runs it: the installed entry point, in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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

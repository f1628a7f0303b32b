"""`make ci-pr` as a reviewer runs it, on a throwaway copy of the project with a branch that
changes one staging model or breaks a convention."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
BOUNCER_BIN = PROJECT / ".venv-bouncer" / "bin"
LEFT_OUT = shutil.ignore_patterns(
    ".venv*", ".git", "data", "target", "logs", ".ci-work", "__pycache__", "*.duckdb*",
    ".pytest_cache", ".ruff_cache", "*.egg-info",
)  # fmt: skip
CHANGED_MODEL = "stg_support__tickets"


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=ci", "-c", "user.email=ci@example.com", *args],
        cwd=repo, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The project as it is now, committed on a branch `base`, with `pr` checked out."""
    if not (BOUNCER_BIN / "dbt-bouncer").exists():
        pytest.fail("dbt-bouncer is not installed: run `make conventions` once")
    copy = tmp_path / "project"
    shutil.copytree(PROJECT, copy, ignore=LEFT_OUT)
    _git(copy, "init", "--quiet", "--initial-branch", "base")
    _git(copy, "add", "--all")
    _git(copy, "commit", "--quiet", "--message", "base")
    _git(copy, "checkout", "--quiet", "-b", "pr")
    return copy


def _ci_pr(repo: Path) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "VENV_BIN": str(VENV_BIN),
        "BOUNCER_BIN": str(BOUNCER_BIN),
        "CI_WORK_DIR": str(repo / ".ci-work"),
        "CI_PROFILES": "300",
        "COLUMNS": "200",
    }
    environment.pop("CDP_DUCKDB_PATH", None)
    return subprocess.run(
        [str(repo / ".ci" / "pr"), "--base", "base", "--no-pytest"],
        cwd=repo, env=environment, capture_output=True, text=True, timeout=900, check=False,
    )  # fmt: skip


def _selected(output: str) -> list[str]:
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("selected "))
    count = int(lines[start].split()[1])
    return [line.strip() for line in lines[start + 1 : start + 1 + count]]


def _children_of(repo: Path, model: str) -> set[str]:
    listed = subprocess.run(
        [str(VENV_BIN / "dbt"), "-q", "ls", "--select", f"{model}+", "--output", "name"],
        cwd=repo, capture_output=True, text=True, check=True,
        env={**os.environ, "DBT_PROFILES_DIR": str(repo), "CDP_DUCKDB_PATH": ":memory:"},
    ).stdout  # fmt: skip
    return {line.strip() for line in listed.splitlines() if line.strip()}


def test_a_changed_staging_model_builds_only_itself_and_its_children(repo: Path) -> None:
    model = next(repo.glob(f"models/staging/*/{CHANGED_MODEL}.sql"))
    model.write_text("-- a reviewer's change\n" + model.read_text())
    _git(repo, "commit", "--quiet", "--all", "--message", "change one staging model")

    result = _ci_pr(repo)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    selected = _selected(result.stdout)
    assert CHANGED_MODEL in selected
    assert set(selected) == _children_of(repo, CHANGED_MODEL)
    # dbt built exactly the selection: one result per node in its summary (the project's
    # on-run-end hook is counted apart, as a NO-OP).
    summary = re.search(r"PASS=(\d+) WARN=(\d+) ERROR=(\d+) SKIP=(\d+)", result.stdout)
    assert summary is not None, result.stdout
    assert sum(int(count) for count in summary.groups()) == len(selected)
    assert "ci-pr: all steps passed" in result.stdout


def test_a_broken_convention_fails_the_pull_request(repo: Path) -> None:
    # A model in staging without the stg_ prefix, a description or a primary-key test.
    (repo / "models" / "staging" / "support" / "tickets_by_day.sql").write_text(
        "select\n"
        "    created_at,\n"
        "    count(*) as tickets\n"
        "from {{ ref('stg_support__tickets') }}\n"
        "group by created_at\n"
    )
    _git(repo, "add", "--all")
    _git(repo, "commit", "--quiet", "--message", "a model that breaks the conventions")

    result = _ci_pr(repo)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    for broken in ("check_model_names", "check_model_description_populated",
                   "check_model_has_unique_test"):  # fmt: skip
        assert f"{broken}" in output and "tickets_by_day" in output
    assert "slim dbt build" not in output, "conventions run before anything is built"

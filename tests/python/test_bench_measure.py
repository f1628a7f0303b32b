"""bench/measure.py on real child processes and real files: what every benchmark records."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.measure import (
    MeasureError,
    run_reporting,
    run_tree,
    stamp,
    stamp_line,
    write_result,
)
from cdp.project import project_dir


def test_a_reporting_child_gives_its_own_figures() -> None:
    report = "import sys; print('PEAK_RSS_KIB 2048', file=sys.stderr); " + (
        "print('CPU_SECONDS 1.5', file=sys.stderr)"
    )
    measured = run_reporting([sys.executable, "-c", report], {"CDP_DUCKDB_PATH": "x.duckdb"})
    assert measured.peak_rss_mib == 2.0 and measured.cpu_seconds == 1.5
    assert measured.wall_seconds > 0
    with pytest.raises(MeasureError, match="failed"):
        run_reporting([sys.executable, "-c", "raise SystemExit(3)"])


def test_a_process_tree_is_measured_from_outside(tmp_path: Path) -> None:
    # A grandchild holding 80 MB: the tree's peak is that of its largest process.
    grandchild = "import subprocess, sys; subprocess.run([sys.executable, '-c', " + (
        "'x = bytearray(80_000_000); print(len(x))'], check=True)"
    )
    measured = run_tree([sys.executable, "-c", grandchild], tmp_path, "tree")
    assert measured.peak_rss_mib > 75
    assert measured.cpu_seconds > 0
    assert (tmp_path / "tree.log").read_text().strip() == "80000000"


def test_results_carry_commit_date_and_machine(tmp_path: Path) -> None:
    head = subprocess.run(
        ["git", "rev-parse", "--short=12", "HEAD"],
        cwd=project_dir(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    run_stamp = stamp(profiles=10)
    output = tmp_path / "benchmarks" / "example.md"
    write_result("# Example\n\n" + stamp_line(run_stamp) + "\n", {"rows": 3}, run_stamp, output)
    figures = json.loads(output.with_suffix(".json").read_text())
    assert figures["commit"].startswith(head)
    assert figures["profiles"] == 10 and figures["rows"] == 3
    assert figures["machine"]["nproc"] >= 1 and figures["date"].endswith("UTC")
    assert f"Commit {figures['commit']}, {figures['date']}, on " in output.read_text()

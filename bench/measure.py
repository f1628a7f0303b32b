"""What every benchmark measures and how it records it: wall and CPU time, peak RSS, the
machine, the commit, and one result file per benchmark in docs/benchmarks/.

- `peak_rss_mib()`, `cpu_seconds()`: this process so far.
- `run_reporting(args)`: a child that reports its own peak RSS and CPU time on stderr when it
  exits (`MEASURED_DBT` is such a child: dbt in-process); `run_tree(args, ...)`: any child
  process tree, measured from outside (CPU of the whole tree, RSS of its largest process).
- `stamp()`: commit, date, machine and load average; `write_result(name, markdown, figures)`
  writes docs/benchmarks/<name>.md and <name>.json with that stamp at the top.
"""

from __future__ import annotations

import json
import math
import os
import platform
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from cdp.project import project_dir

RESULTS_DIR = Path("docs") / "benchmarks"

# dbt in a child process that reports its own peak RSS (KiB on Linux) and CPU seconds (user +
# system, all threads) on stderr when it ends.
MEASURED_DBT = """
import atexit, resource, sys
def _report():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print("PEAK_RSS_KIB", usage.ru_maxrss, file=sys.stderr)
    print("CPU_SECONDS", usage.ru_utime + usage.ru_stime, file=sys.stderr)
atexit.register(_report)
from dbt.cli.main import dbtRunner
result = dbtRunner().invoke(sys.argv[1:])
sys.exit(0 if result.success else 1)
"""

# A child process tree, measured: CPU and the largest RSS from the resource usage of the
# children of this small wrapper (it only waits), written as JSON to argv[1].
MEASURED_TREE = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[2:])
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as handle:
    json.dump({"peak_rss_kib": usage.ru_maxrss, "cpu_seconds": usage.ru_utime + usage.ru_stime,
               "returncode": done.returncode}, handle)
sys.exit(done.returncode)
"""


class MeasureError(RuntimeError):
    """A measured child process failed; its output is on stderr or in the named log."""


@dataclass(frozen=True)
class Measured:
    wall_seconds: float
    cpu_seconds: float  # NaN when the child did not report it
    peak_rss_mib: float  # NaN when the child did not report it


def _kib_to_mib(kib: float) -> float:
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    return kib / (1024 * 1024) if sys.platform == "darwin" else kib / 1024


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far."""
    return _kib_to_mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def cpu_seconds() -> float:
    """CPU time of this process (user + system, all threads): unlike wall time, not inflated
    when other work shares the machine."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_reporting(args: list[str], env: dict[str, str] | None = None) -> Measured:
    """Run a child in the project folder that reports PEAK_RSS_KIB / CPU_SECONDS lines on
    stderr (`MEASURED_DBT`); a child that reports nothing gets NaN for them."""
    started = time.perf_counter()
    done = subprocess.run(
        args,
        env={**os.environ, **(env or {})},
        cwd=project_dir(),
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise MeasureError(f"{' '.join(args[:4])} failed (its output is above)")
    found = {
        line.split()[0]: float(line.split()[1])
        for line in done.stderr.splitlines()
        if line.startswith(("PEAK_RSS_KIB", "CPU_SECONDS"))
    }
    return Measured(
        seconds,
        found.get("CPU_SECONDS", math.nan),
        _kib_to_mib(found.get("PEAK_RSS_KIB", math.nan)),
    )


def run_tree(args: list[str], folder: Path, label: str) -> Measured:
    """A child process tree, output to folder/label.log: wall time, CPU time of the tree and
    the peak RSS of its largest process."""
    result = folder / f"{label}.measure.json"
    log = folder / f"{label}.log"
    started = time.perf_counter()
    with log.open("w") as handle:
        done = subprocess.run(
            [sys.executable, "-c", MEASURED_TREE, str(result), *args],
            cwd=project_dir(),
            stdout=handle,
            stderr=handle,
            check=False,
        )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.stderr.write(log.read_text()[-5000:])
        raise MeasureError(f"{label} failed (the end of {log} is above)")
    measured = json.loads(result.read_text())
    return Measured(seconds, float(measured["cpu_seconds"]), _kib_to_mib(measured["peak_rss_kib"]))


def load_average() -> list[float]:
    return [round(load, 2) for load in os.getloadavg()]


def machine() -> dict[str, Any]:
    """CPUs, RAM, CPU model, load average and the Python and DuckDB versions."""

    def first(path: str, key: str) -> str:
        try:
            for line in Path(path).read_text().splitlines():
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return "unknown"

    memory = first("/proc/meminfo", "MemTotal")
    gib = int(memory.split()[0]) / 1024**2 if memory != "unknown" else math.nan
    return {
        "nproc": len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else os.cpu_count(),
        "ram_gib": round(gib, 1),
        "cpu_model": first("/proc/cpuinfo", "model name"),
        "load_average_1_5_15": load_average(),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
    }


def git_commit() -> str:
    """The checked-out commit (12 hex digits), marked when the work tree has changes."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=project_dir(), capture_output=True, text=True, check=False
        ).stdout.strip()

    commit = git("rev-parse", "--short=12", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return f"{commit}{' (uncommitted changes)' if dirty else ''}"


def stamp(**extra: Any) -> dict[str, Any]:
    """Commit, date (UTC, to the minute) and machine, plus `extra` figures of the run."""
    return {
        "commit": git_commit(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        **extra,
    }


def stamp_line(run_stamp: dict[str, Any]) -> str:
    """One sentence for a result file: commit, date and machine."""
    host = run_stamp["machine"]
    return (
        f"Commit {run_stamp['commit']}, {run_stamp['date']}, on {host['nproc']} CPUs "
        f"({host['cpu_model']}), {host['ram_gib']} GiB RAM, Python {host['python']}, "
        f"DuckDB {host['duckdb']}; load average (1 / 5 / 15 min) "
        f"{' / '.join(f'{load:.1f}' for load in host['load_average_1_5_15'])} at the end."
    )


def result_path(name: str) -> Path:
    """docs/benchmarks/<name>.md of the project."""
    return project_dir() / RESULTS_DIR / f"{name}.md"


def write_result(
    markdown: str, figures: dict[str, Any], run_stamp: dict[str, Any], output: Path
) -> None:
    """`output` (markdown) and the same name in .json: the figures with the stamp."""
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(markdown)
    output.with_suffix(".json").write_text(json.dumps({**run_stamp, **figures}, indent=2) + "\n")

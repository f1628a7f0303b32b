"""Benchmark the synthetic data generator: rows, throughput, wall time and peak memory.

.venv/bin/python bench/generate.py --profiles 100000
.venv/bin/python bench/generate.py                    # 1,000,000 profiles, temp database
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

from cdp.generator import generate


def _peak_rss_mib() -> float:
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--database",
        type=Path,
        default=None,
        help="DuckDB file to write (default: a temporary file, deleted after)",
    )
    parser.add_argument(
        "--as-of",
        type=datetime.fromisoformat,
        default=None,
        help="ISO datetime with offset, e.g. 2025-06-01T12:00:00+00:00",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    args = parser.parse_args(argv)

    temp_dir = None
    database = args.database
    if database is None:
        temp_dir = Path(tempfile.mkdtemp(prefix="cdp-bench-"))
        database = temp_dir / "bench.duckdb"

    step_seconds: dict[str, float] = defaultdict(float)
    last = time.perf_counter()

    def progress(step: str, done: int, total: int) -> None:
        nonlocal last
        now = time.perf_counter()
        step_seconds[step] += now - last
        last = now
        if not args.quiet:
            print(f"  [{done:>3}/{total}] {step:<20} {now - started:7.1f}s", file=sys.stderr)

    started = time.perf_counter()
    try:
        report = generate(
            database, args.profiles, seed=args.seed, as_of=args.as_of, progress=progress
        )
        wall = time.perf_counter() - started
        size_mib = database.stat().st_size / 2**20
    finally:
        if temp_dir is not None:
            shutil.rmtree(temp_dir, ignore_errors=True)

    print(f"profiles {report.profiles:,}  seed {report.seed}  database {size_mib:,.0f} MiB")
    print(f"{'table':<32} {'rows':>12} {'rows/profile':>13} {'write s':>8} {'rows/s':>11}")
    for table, rows in report.rows_per_table.items():
        seconds = report.seconds_per_table.get(table, 0.0)
        rate = f"{rows / seconds:,.0f}" if seconds > 0 else "-"
        print(f"{table:<32} {rows:>12,} {rows / report.profiles:>13.2f} {seconds:>8.2f} {rate:>11}")
    for table, rows in report.truth_rows_per_table.items():
        print(f"{table:<32} {rows:>12,}")
    print("time per step: " + ", ".join(f"{s} {t:.1f}s" for s, t in step_seconds.items()))
    print(
        f"total raw rows {report.total_rows:,}  ({report.total_rows / report.profiles:.1f} "
        f"per profile)"
    )
    print(
        f"wall {wall:.1f}s  overall {report.total_rows / wall:,.0f} raw rows/s  "
        f"peak RSS {_peak_rss_mib():,.0f} MiB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

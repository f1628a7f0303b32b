"""Benchmark the synthetic data generator: rows, throughput, wall time and peak memory.

.venv/bin/python -m bench.generate --profiles 100000 --no-docs   # print only
.venv/bin/python -m bench.generate                    # 1,000,000 profiles, temp database

Prints rows and write time per table, time per step, throughput and peak RSS, and (unless
--no-docs) writes them to docs/benchmarks/generate.md and .json, stamped with commit, date and
machine (bench/measure.py).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.measure import cpu_seconds, peak_rss_mib, result_path, stamp, stamp_line, write_result
from cdp.generator import GenerationReport, generate


def markdown(report: GenerationReport, figures: dict[str, Any], run_stamp: dict[str, Any]) -> str:
    """docs/benchmarks/generate.md: the figures main() prints, as tables."""
    lines = [
        "# Synthetic data generator benchmark",
        "",
        "Written by `python -m bench.generate` (`make bench`); do not edit by hand.",
        stamp_line(run_stamp),
        "",
        f"{report.profiles:,} profiles, seed {report.seed}, as of {figures['as_of']}: "
        f"{report.total_rows:,} raw rows ({report.total_rows / report.profiles:.1f} per "
        f"profile) in {figures['wall_seconds']:.1f} s wall, {figures['cpu_seconds']:.1f} s CPU, "
        f"{report.total_rows / figures['wall_seconds']:,.0f} raw rows/s overall; peak RSS "
        f"{figures['peak_rss_mib']:,.0f} MiB; database {figures['database_mib']:,.0f} MiB.",
        "",
        "| table | rows | rows/profile | write s | rows/s |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for table, rows in report.rows_per_table.items():
        seconds = report.seconds_per_table.get(table, 0.0)
        rate = f"{rows / seconds:,.0f}" if seconds > 0 else "-"
        lines.append(
            f"| {table} | {rows:,} | {rows / report.profiles:.2f} | {seconds:.2f} | {rate} |"
        )
    for table, rows in report.truth_rows_per_table.items():
        lines.append(f"| {table} | {rows:,} | | | |")
    lines += [
        "",
        "Time per step: "
        + ", ".join(f"{step} {seconds:.1f} s" for step, seconds in figures["step_seconds"].items())
        + ".",
    ]
    return "\n".join(lines) + "\n"


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
    parser.add_argument(
        "--output",
        type=Path,
        default=result_path("generate"),
        help="markdown to write (a .json beside it)",
    )
    parser.add_argument("--no-docs", action="store_true", help="print the figures only")
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

    started, cpu_started = time.perf_counter(), cpu_seconds()
    try:
        report = generate(
            database, args.profiles, seed=args.seed, as_of=args.as_of, progress=progress
        )
        wall = time.perf_counter() - started
        cpu = cpu_seconds() - cpu_started
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
    peak = peak_rss_mib()
    print(
        f"wall {wall:.1f}s  overall {report.total_rows / wall:,.0f} raw rows/s  "
        f"peak RSS {peak:,.0f} MiB"
    )
    if not args.no_docs:
        figures = {
            "profiles": report.profiles,
            "seed": report.seed,
            "as_of": report.as_of.isoformat() if report.as_of else None,
            "wall_seconds": wall,
            "cpu_seconds": cpu,
            "peak_rss_mib": peak,
            "database_mib": size_mib,
            "total_raw_rows": report.total_rows,
            "rows_per_table": report.rows_per_table,
            "seconds_per_table": report.seconds_per_table,
            "truth_rows_per_table": report.truth_rows_per_table,
            "step_seconds": dict(step_seconds),
        }
        run_stamp = stamp()
        write_result(markdown(report, figures, run_stamp), figures, run_stamp, args.output)
        print(f"wrote {args.output} and {args.output.with_suffix('.json')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

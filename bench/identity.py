"""Benchmark identity resolution: time per model, peak memory, and quality against the truth.

.venv/bin/python bench/identity.py --profiles 10000            # quality on the demo data
.venv/bin/python bench/identity.py --profiles 100000 --scale   # about 1 M canonical records

Generates the raw data in one process, runs `dbt build` of the identity models (and the staging
views they read) in a second one so its peak memory is measured alone, then prints the time of
every identity model from dbt's run_results.json, the learned m/u parameters, the match density
of the pairs each blocking rule found, and the evaluation against the generator's truth.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
from rich.table import Table

from cdp.cli import console, print_evaluation
from cdp.evaluation import DEFAULT_THRESHOLDS, TRUTH_TABLE_OF_SOURCE, evaluate
from cdp.project import model_relation, project_dir

IDENTITY_SELECTOR = (
    "+customer_identity_map +identity_match_pairs +identity_review_queue"
    " +audit_identity_blocking_rules"
)


# dbt in a child process that reports its own peak RSS (KiB on Linux) when it ends.
MEASURED_DBT = """
import resource, sys
from dbt.cli.main import dbtRunner
result = dbtRunner().invoke(sys.argv[1:])
print("PEAK_RSS_KIB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(0 if result.success else 1)
"""


def _run(args: list[str], database: Path) -> tuple[float, float]:
    """Run a command with the database in the environment: (wall seconds, peak RSS MiB)."""
    environment = {**os.environ, "CDP_DUCKDB_PATH": str(database)}
    started = time.perf_counter()
    done = subprocess.run(
        args, env=environment, cwd=project_dir(), stderr=subprocess.PIPE, text=True
    )
    seconds = time.perf_counter() - started
    peaks = [line.split()[1] for line in done.stderr.splitlines() if line.startswith("PEAK_RSS")]
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"{' '.join(args[:3])} failed")
    return seconds, (int(peaks[-1]) / 1024 if peaks else float("nan"))


def _model_timings(project: Path) -> list[tuple[str, float]]:
    results = json.loads((project / "target" / "run_results.json").read_text())["results"]
    return [
        (result["unique_id"].split(".")[-1], float(result["execution_time"]))
        for result in results
        if result["unique_id"].startswith("model.") and "identity" in result["unique_id"]
    ]


def _print_parameters(database: Path) -> None:
    """The learned m/u table: m from EM (shared by the rules that do not block on the
    comparison), u from EM per blocking rule (range) and u from random pairs."""
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute(
            f"""
            select
                comparison,
                comparison_level,
                min(m_probability) filter (where not is_conditioned_by_rule),
                min(u_probability),
                max(u_probability),
                min(u_random),
                min(em_iterations)
            from {model_relation("int_identity__match_parameters")}
            where comparison <> 'prior'
            group by comparison, comparison_level, comparison_order, level_order
            order by comparison_order, level_order
            """
        ).fetchall()
    table = Table(title=f"learned parameters (EM: {rows[0][6] if rows else '?'} iterations)")
    for column in ("comparison", "level", "m (EM)", "u (EM, per rule)", "u (random pairs)"):
        table.add_column(column, justify="left" if column in ("comparison", "level") else "right")
    for comparison, level, m, u_low, u_high, u_random, _ in rows:
        table.add_row(
            comparison,
            level,
            "-" if m is None else f"{m:.4f}",
            f"{u_low:.4f}-{u_high:.4f}",
            "-" if u_random is None else f"{u_random:.4f}",
        )
    console.print(table)


def _print_blocking_rules(database: Path) -> None:
    """Per blocking rule: its training block (every pair of its blocks: EM learns m well only
    where matches are common) and the pairs it scores (found first, no shared identifier),
    each with the share of matches EM estimated and the true share."""
    mapping = " ".join(f"when '{s}' then '{t}'" for s, t in TRUTH_TABLE_OF_SOURCE.items())
    summary = model_relation("audit_identity_blocking_rules")
    rules = [rule for (rule,) in _query(database, f"select blocking_rule from {summary}")]
    in_block = " ".join(f"when '{rule}' then labelled.is_in_block_{rule}" for rule in rules)
    rows = _query(
        database,
        f"""
        with truth as (
            select records.record_key, record_persons.person_id
            from {model_relation("int_identity__normalised_records")} as records
            inner join cdp_truth.record_persons
                on record_persons.source_table = case records.source_name {mapping} end
                and record_persons.source_record_id = records.source_record_id
        ),

        labelled as (
            select
                vectors.*,
                left_truth.person_id = right_truth.person_id as is_match
            from {model_relation("int_identity__comparison_vectors")} as vectors
            inner join truth as left_truth on left_truth.record_key = vectors.record_key_l
            inner join truth as right_truth on right_truth.record_key = vectors.record_key_r
        ),

        density as (
            select
                rules.blocking_rule,
                avg(case when labelled.is_match then 1.0 else 0.0 end) as training_share,
                avg(
                    case
                        when labelled.blocking_rule <> rules.blocking_rule
                            or labelled.shares_identifier then null
                        when labelled.is_match then 1.0
                        else 0.0
                    end
                ) as scored_share
            from {summary} as rules
            inner join labelled
                on case rules.blocking_rule {in_block} end
            group by rules.blocking_rule
        )

        select
            summary.blocking_rule,
            summary.pairs_in_blocks,
            summary.skipped_blocks,
            summary.estimated_match_share,
            density.training_share,
            summary.scored_pairs,
            summary.estimated_scored_match_share,
            density.scored_share
        from {summary} as summary
        left join density on density.blocking_rule = summary.blocking_rule
        order by summary.rule_order
        """,
    )
    table = Table(title="blocking rules: match share in the training blocks and the pairs scored")
    table.add_column("rule", no_wrap=True)
    for column in ("pairs", "skipped blocks", "EM", "truth", "scored pairs", "EM (scored)",
                   "truth (scored)"):  # fmt: skip
        table.add_column(column, justify="right")
    for rule, pairs, skipped, estimated, true_share, scored, scored_estimate, scored_true in rows:
        table.add_row(
            rule,
            f"{pairs:,}",
            f"{skipped:,}",
            f"{estimated:.3f}",
            "-" if true_share is None else f"{true_share:.3f}",
            f"{scored:,}",
            f"{scored_estimate:.3f}",
            "-" if scored_true is None else f"{scored_true:.3f}",
        )
    console.print(table)


def _query(database: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(sql).fetchall()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=42)
    # The generator's default "now" is the clock: a fixed one makes runs repeat exactly.
    parser.add_argument("--as-of", default="2026-12-01", help="simulated now (YYYY-MM-DD)")
    parser.add_argument("--database", type=Path, default=None, help="default: a temp file")
    parser.add_argument(
        "--scale", action="store_true", help="time and memory only: skip the evaluation"
    )
    args = parser.parse_args(argv)
    project = project_dir()
    temp_dir = Path(tempfile.mkdtemp(prefix="cdp-bench-identity-"))
    database = args.database or temp_dir / "identity.duckdb"
    bin_dir = Path(sys.executable).parent
    try:
        seconds, _ = _run(
            [str(bin_dir / "cdp"), "generate", "--profiles", str(args.profiles),
             "--seed", str(args.seed), "--as-of", args.as_of, "--database", str(database)],
            database,
        )  # fmt: skip
        console.print(f"generated {args.profiles:,} profiles in {seconds:.1f} s")
        seconds, build_peak = _run(
            # Models and seeds only: data tests of the staging parents read unselected models.
            [sys.executable, "-c", MEASURED_DBT, "build", "--select", IDENTITY_SELECTOR,
             "--resource-type", "model", "--resource-type", "seed"],
            database,
        )  # fmt: skip
        with duckdb.connect(str(database), read_only=True) as con:
            records = con.execute(
                f"select count(*) from {model_relation('int_identity__normalised_records')}"
            ).fetchall()[0][0]
        console.print(f"canonical records: {records:,}")
        console.print("time per identity model (dbt run_results):")
        timings = _model_timings(project)
        for name, model_seconds in timings:
            console.print(f"  {name:<45} {model_seconds:7.2f} s")
        console.print(f"  {'sum of identity models':<45} {sum(s for _, s in timings):7.2f} s")
        console.print(
            f"dbt build wall time {seconds:.1f} s (with dbt start-up); "
            f"peak RSS {build_peak:,.0f} MiB"
        )
        _print_parameters(database)
        if not args.scale:
            _print_blocking_rules(database)
            print_evaluation(evaluate(database, DEFAULT_THRESHOLDS))
    finally:
        shutil.rmtree(temp_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark identity resolution: time per model, peak memory, and quality against the truth.

.venv/bin/python -m bench.identity --profiles 10000            # quality on the demo data
.venv/bin/python -m bench.identity --profiles 100000 --scale   # about 1 M canonical records

Generates the raw data in one process, runs `dbt build` of the identity models (and the staging
views they read) in a second one so its peak memory is measured alone, then prints the time of
every identity model from dbt's run_results.json, the learned m/u parameters, the match density
of the pairs each blocking rule found, and the evaluation against the generator's truth.
Unless --no-docs, the figures go to docs/benchmarks/identity.md and .json, stamped with commit,
date and machine (bench/measure.py).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import duckdb

from bench.measure import (
    MEASURED_DBT,
    MeasureError,
    result_path,
    run_reporting,
    stamp,
    stamp_line,
    write_result,
)
from cdp.evaluation import TRUTH_TABLE_OF_SOURCE, EvaluationReport, evaluate
from cdp.project import model_relation, project_dir
from cdp.terminal import console, print_evaluation
from cdp.terminal import table as new_table

IDENTITY_SELECTOR = (
    "+customer_identity_map +identity_match_pairs +identity_review_queue"
    " +audit_identity_blocking_rules"
)


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
    table = new_table(
        f"learned parameters (EM: {rows[0][6] if rows else '?'} iterations)",
        ("comparison", "level", "m (EM)", "u (EM, per rule)", "u (random pairs)"),
        left=("comparison", "level"),
    )
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
    table = new_table(
        "blocking rules: match share in the training blocks and the pairs scored",
        ("rule", "pairs", "skipped blocks", "EM", "truth", "scored pairs", "EM (scored)",
         "truth (scored)"),
        left=("rule",),
        no_wrap=("rule",),
    )  # fmt: skip
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


def _scores(report: EvaluationReport) -> list[dict[str, Any]]:
    rows = [("as built", report.as_built)]
    rows += [(f"{result.threshold:.3f}", result) for result in report.sweep]
    rows.append((f"best {report.best.threshold:.3f}", report.best))
    return [
        {
            "threshold": label,
            "pair_precision": result.pairwise.precision,
            "pair_recall": result.pairwise.recall,
            "pair_f1": result.pairwise.f1,
            "cluster_precision": result.clusters.precision,
            "cluster_recall": result.clusters.recall,
            "persons": result.clusters.predicted_clusters,
            "largest_person": result.clusters.largest_cluster,
        }
        for label, result in rows
    ]


def markdown(figures: dict[str, Any], run_stamp: dict[str, Any]) -> str:
    """docs/benchmarks/identity.md: the figures main() prints, as tables."""
    lines = [
        "# Identity resolution benchmark: time, memory and quality on generated data",
        "",
        "Written by `python -m bench.identity`; do not edit by hand.",
        stamp_line(run_stamp),
        "",
        f"{figures['profiles']:,} profiles, seed {figures['seed']}, as of {figures['as_of']}: "
        f"**{figures['records']:,} canonical records** resolved in "
        f"**{figures['build_wall_seconds']:.1f} s** of `dbt build` wall time (dbt start-up, "
        f"project parsing and the staging views included), "
        f"{figures['build_cpu_seconds']:.1f} s CPU, at "
        f"**{figures['build_peak_rss_mib'] / 1024:.2f} GiB peak RSS**.",
        "",
        "| identity model | seconds |",
        "| --- | ---: |",
    ]
    lines += [f"| {name} | {seconds:.2f} |" for name, seconds in figures["model_seconds"].items()]
    lines.append(f"| sum of identity models | {sum(figures['model_seconds'].values()):.2f} |")
    if figures.get("scores"):
        lines += [
            "",
            "| threshold | pair P | pair R | pair F1 | cluster P | cluster R | persons | largest |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        lines += [
            f"| {row['threshold']} | {row['pair_precision']:.4f} | {row['pair_recall']:.4f} | "
            f"{row['pair_f1']:.4f} | {row['cluster_precision']:.4f} | "
            f"{row['cluster_recall']:.4f} | {row['persons']:,} | {row['largest_person']:,} |"
            for row in figures["scores"]
        ]
    return "\n".join(lines) + "\n"


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
    parser.add_argument(
        "--output",
        type=Path,
        default=result_path("identity"),
        help="markdown to write (a .json beside it)",
    )
    parser.add_argument("--no-docs", action="store_true", help="print the figures only")
    args = parser.parse_args(argv)
    project = project_dir()
    temp_dir = Path(tempfile.mkdtemp(prefix="cdp-bench-identity-"))
    database = args.database or temp_dir / "identity.duckdb"
    bin_dir = Path(sys.executable).parent
    environment = {"CDP_DUCKDB_PATH": str(database)}
    try:
        generated = run_reporting(
            [str(bin_dir / "cdp"), "generate", "--profiles", str(args.profiles),
             "--seed", str(args.seed), "--as-of", args.as_of, "--database", str(database)],
            environment,
        )  # fmt: skip
        console.print(f"generated {args.profiles:,} profiles in {generated.wall_seconds:.1f} s")
        built = run_reporting(
            # Models and seeds only: data tests of the staging parents read unselected models.
            [sys.executable, "-c", MEASURED_DBT, "build", "--select", IDENTITY_SELECTOR,
             "--resource-type", "model", "--resource-type", "seed"],
            environment,
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
            f"dbt build wall time {built.wall_seconds:.1f} s (with dbt start-up); "
            f"peak RSS {built.peak_rss_mib:,.0f} MiB"
        )
        _print_parameters(database)
        figures: dict[str, Any] = {
            "profiles": args.profiles,
            "seed": args.seed,
            "as_of": args.as_of,
            "records": records,
            "build_wall_seconds": built.wall_seconds,
            "build_cpu_seconds": built.cpu_seconds,
            "build_peak_rss_mib": built.peak_rss_mib,
            "model_seconds": dict(timings),
        }
        if not args.scale:
            _print_blocking_rules(database)
            report = evaluate(database)
            print_evaluation(report)
            figures["scores"] = _scores(report)
        if not args.no_docs:
            run_stamp = stamp()
            write_result(markdown(figures, run_stamp), figures, run_stamp, args.output)
            console.print(f"wrote {args.output} and {args.output.with_suffix('.json')}")
    except MeasureError as error:
        console.print(f"[red]{error}[/red]")
        return 1
    finally:
        shutil.rmtree(temp_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

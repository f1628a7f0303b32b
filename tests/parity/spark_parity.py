"""The same models on DuckDB and on Spark must give the same tables, row for row.

.venv-spark/bin/python -m tests.parity.spark_parity                  # 500 profiles, seed 42
.venv-spark/bin/python -m tests.parity.spark_parity --compare-only   # re-compare the last builds
(`make test-spark` runs it with 300 profiles; CI's .ci/run calls that target.)

Generates a small raw data set into a scratch DuckDB file, runs `dbt build` of the whole project
on DuckDB, exports the raw tables to Parquet and runs `dbt build --target spark` on a fresh Spark
warehouse (`cdp spark-load` steps), then compares every table the build made. Spark's tables are
read from their Parquet files by DuckDB, so one engine does the comparison (tests/parity/rows.py):
each row becomes a string (numbers rounded to 6 decimals, timestamps in UTC; the columns stamped
with the run's time or id left out), and the multisets of those strings must be equal. The
identity map equal row for row means the same record groups with the same person ids.
Prints model → rows DuckDB / rows Spark / differing rows and exits 1 on any difference.
Needs `make install-spark` (the project, dbt-duckdb, dbt-spark and pyspark in .venv-spark).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from cdp.project import project_dir
from cdp.spark import export_raw_tables
from cdp.terminal import console
from cdp.terminal import table as new_table
from tests.parity.rows import Comparison, compare_relations, connect, count_rows, rows_on_one_side

BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class ModelParity:
    model: str
    relation: str
    public: bool
    comparison: Comparison

    @property
    def is_equal(self) -> bool:
        return self.comparison.is_equal


def _dbt(args: list[str], environment: dict[str, str], engine: str, root: Path) -> float:
    """Run dbt with its own target and log folders per engine; seconds taken."""
    command = [
        str(BIN / "dbt"),
        *args,
        "--target-path",
        f"target/parity-{engine}",
        "--log-path",
        f"logs/parity-{engine}",
    ]
    started = time.perf_counter()
    done = subprocess.run(command, env=environment, cwd=root, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stdout.write(done.stdout[-20000:])
        raise SystemExit(f"dbt {' '.join(args)} failed on {engine}")
    return time.perf_counter() - started


def _summary_line(log: Path) -> str:
    lines = [line for line in log.read_text().splitlines() if "Done. PASS=" in line]
    return lines[-1].split("Done. ")[-1] if lines else "?"


def build(work: Path, profiles: int, seed: int, as_of: str, root: Path) -> dict[str, float]:
    """Generate, build on DuckDB, load and build on Spark; seconds per step."""
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    database, spark_dir = work / "cdp.duckdb", work / "spark"
    environment = {
        **os.environ,
        "CDP_DUCKDB_PATH": str(database),
        "CDP_SPARK_DIR": str(spark_dir),
        "DBT_PROFILES_DIR": str(root),
    }
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    subprocess.run(
        [
            str(BIN / "cdp"),
            "generate",
            "--profiles",
            str(profiles),
            "--seed",
            str(seed),
            "--as-of",
            as_of,
        ],
        env=environment,
        cwd=root,
        check=True,
        capture_output=True,
    )
    seconds["generate"] = time.perf_counter() - started
    seconds["duckdb build"] = _dbt(["build", "--target", "duckdb"], environment, "duckdb", root)
    started = time.perf_counter()
    export_raw_tables(database, spark_dir / "raw")
    seconds["spark load"] = (
        time.perf_counter()
        - started
        + _dbt(
            [
                "run-operation",
                "spark_register_raw_tables",
                "--target",
                "spark",
                "--args",
                json.dumps({"raw_dir": str(spark_dir / "raw")}),
            ],
            environment,
            "spark",
            root,
        )
    )
    seconds["spark build"] = _dbt(["build", "--target", "spark"], environment, "spark", root)
    for engine in ("duckdb", "spark"):
        log = root / "logs" / f"parity-{engine}" / "dbt.log"
        console.print(f"{engine} build: {_summary_line(log)}")
    return seconds


def compare(work: Path, root: Path) -> list[ModelParity]:
    """Every table and incremental model of the Spark build's manifest, DuckDB against Spark;
    public marts first."""
    manifest = json.loads((root / "target" / "parity-spark" / "manifest.json").read_text())
    warehouse = work / "spark" / "warehouse"
    connection = connect()
    connection.execute(f"attach '{work / 'cdp.duckdb'}' as duck (read_only)")
    results = []
    models = sorted(
        (
            node
            for node in manifest["nodes"].values()
            if node["resource_type"] == "model"
            and node["config"]["materialized"] in ("table", "incremental")
            and node["config"]["enabled"]
        ),
        key=lambda node: (node["access"] != "public", node["name"]),
    )
    for node in models:
        schema, name = node["schema"], node["alias"]
        duck = f'duck."{schema}"."{name}"'
        files = sorted((warehouse / f"{schema}.db" / name).glob("*.parquet"))
        public = node["access"] == "public"
        if not files:
            duckdb_rows = count_rows(connection, duck)
            missing = Comparison(duck, "spark", duckdb_rows, None, duckdb_rows, "no Spark table")
            results.append(ModelParity(name, f"{schema}.{name}", public, missing))
            continue
        connection.execute(
            f"create or replace temp view spark_side as select * from read_parquet("
            f"[{', '.join(repr(str(file)) for file in files)}])"
        )
        comparison, shared = compare_relations(
            connection, duck, "spark_side", labels=("DuckDB", "Spark")
        )
        results.append(ModelParity(name, f"{schema}.{name}", public, comparison))
        if comparison.differing_rows:
            _show_examples(connection, duck, shared)
    return results


def _show_examples(connection: duckdb.DuckDBPyConnection, duck: str, columns: list[str]) -> None:
    """A few rows found on one engine only, to start the diagnosis from."""
    console.print(f"[bold]{duck}[/] columns: {', '.join(columns)}", soft_wrap=True)
    for side, text in rows_on_one_side(connection, duck, "spark_side", columns):
        engine = "duckdb" if side == "left" else "spark"
        console.print(f"  {engine}: {text}", soft_wrap=True, markup=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=int, default=500)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--as-of", default="2026-06-01", help="simulated now of the generator")
    parser.add_argument("--work-dir", type=Path, default=Path("data") / "spark-parity")
    parser.add_argument("--compare-only", action="store_true", help="reuse the last builds")
    args = parser.parse_args()
    root = project_dir()
    work = (root / args.work_dir).resolve()
    started = time.perf_counter()
    if not args.compare_only:
        seconds = build(work, args.profiles, args.seed, args.as_of, root)
        console.print(", ".join(f"{step} {value:.0f}s" for step, value in seconds.items()))
    results = compare(work, root)
    table = new_table(
        f"DuckDB vs Spark ({args.profiles} profiles, seed {args.seed})",
        ("model", "public", "rows DuckDB", "rows Spark", "differing rows", "columns"),
        left=("model", "columns"),
    )
    for result in results:
        comparison = result.comparison
        table.add_row(
            result.relation,
            "yes" if result.public else "",
            f"{comparison.left_rows:,}",
            "-" if comparison.right_rows is None else f"{comparison.right_rows:,}",
            f"{comparison.differing_rows:,}"
            if result.is_equal
            else f"[bold red]{comparison.differing_rows:,}[/]",
            comparison.column_mismatch,
        )
    console.print(table)
    different = [result.relation for result in results if not result.is_equal]
    console.print(f"{len(results)} tables compared in {time.perf_counter() - started:.0f}s total")
    if different:
        console.print(f"[bold red]{len(different)} differ:[/] {', '.join(different)}")
        raise SystemExit(1)
    console.print("[bold green]identical on both engines[/]")


if __name__ == "__main__":
    main()

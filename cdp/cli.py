"""`cdp`: generate raw data, build the dbt project, and see what a build produced."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from typer._click import Context  # Typer 0.29 vendors click: its classes, not the `click` package's
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
from typer.core import TyperGroup

from cdp import __version__
from cdp.dbt_runner import DbtError, run_dbt
from cdp.errors import check_database, check_writable, explain
from cdp.project import ProjectNotFoundError, database_path, project_dir
from cdp.spark import SPARK_DIR_ENV_VAR
from cdp.terminal import (
    console,
    print_error,
    print_evaluation,
    print_reconciliation,
    print_rejected_cells,
)

DEBUG_ENV_VAR = "CDP_DEBUG"


class _Cli(TyperGroup):
    """The error layer: a usage error or a failure is one `error: …` line on stderr and a
    non-zero exit code; with --debug (or CDP_DEBUG=1) a failure shows its traceback."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            code = super().main(args, prog_name, complete_var, False, **extra)
        except NoArgsIsHelpError as error:  # the help is already printed
            sys.exit(error.exit_code)
        except ClickException as error:
            context = error.ctx if isinstance(error, UsageError) else None
            hint = f" (see `{context.command_path} --help`)" if context is not None else ""
            print_error(escape(" ".join(error.format_message().split()) + hint))
            sys.exit(error.exit_code)
        except typer.Abort:
            print_error("aborted")
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except (ClickException, typer.Exit, typer.Abort):
            raise
        except Exception as error:
            if ctx.params.get("debug"):
                raise
            message = explain(error) or (
                f"unexpected {type(error).__name__}: {error} (run `cdp --debug …` for the "
                "traceback)"
            )
            print_error(escape(" ".join(message.split())))
            raise typer.Exit(code=1) from error


app = typer.Typer(
    cls=_Cli,
    help="Warehouse-native customer data platform: raw data in, one profile per person out.",
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
DatabaseOption = Annotated[
    Path | None,
    typer.Option(
        "--database",
        help="DuckDB file. Default: $CDP_DUCKDB_PATH, else data/cdp.duckdb in the project.",
    ),
]


def _print_version(value: bool) -> None:
    if value:
        console.print(f"cdp {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    debug: Annotated[
        bool,
        typer.Option(
            "--debug",
            envvar=DEBUG_ENV_VAR,
            help="Show the traceback of a failure (or CDP_DEBUG=1).",
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """The options before the command (the app's help text is the Typer's `help`)."""


def _database(database: Path | None, root: Path, writes: bool) -> Path:
    """The DuckDB file of a command, checked before any work (see check_database)."""
    target = database_path(database, root=root)
    check_database(target, writes=writes)
    return target


def _fail(message: str) -> typer.Exit:
    print_error(" ".join(message.split()))  # one line, even for a multi-line DuckDB error
    return typer.Exit(code=1)


def _project() -> Path:
    try:
        return project_dir()
    except ProjectNotFoundError as error:
        raise _fail(explain(error) or str(error)) from error


@app.command()
def generate(
    profiles: Annotated[
        int, typer.Option(min=1, help="How many real persons to simulate.")
    ] = 10_000,
    seed: Annotated[int, typer.Option(min=0, help="Random seed: same seed, same data.")] = 42,
    as_of: Annotated[
        datetime | None,
        typer.Option(
            formats=["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"],
            help="Simulated 'now' in UTC (the last Airbyte sync is just before it). Default: now.",
        ),
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Write synthetic Airbyte raw tables (and the evaluation truth) into DuckDB."""
    from cdp.generator import generate as generate_raw_data

    target = _database(database, _project(), writes=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    simulated_now = as_of.replace(tzinfo=UTC) if as_of is not None else None
    with Progress(
        TextColumn("{task.description:<28}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        task = progress.add_task("starting", total=None)

        def report(step: str, done: int, total: int) -> None:
            progress.update(task, description=step, completed=done, total=total)

        result = generate_raw_data(
            target, profiles=profiles, seed=seed, as_of=simulated_now, progress=report
        )
    console.print(
        f"Wrote {result.total_rows:,} raw rows in {len(result.rows_per_table)} tables for "
        f"{result.profiles:,} persons to {target} in {result.seconds:.1f}s "
        f"({result.total_rows / max(result.seconds, 1e-9):,.0f} rows/s)."
    )


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
)
def build(ctx: typer.Context, database: DatabaseOption = None) -> None:
    """Run `dbt build` on the project; extra arguments go to dbt (e.g. --select staging)."""
    root = _project()
    target = _database(database, root, writes=True)
    if not target.exists():
        raise _fail(
            f"No database at {target}: run `cdp generate` first (or point --database "
            "at a DuckDB file that Airbyte loaded)."
        )
    try:
        run_dbt(["build", *ctx.args], project=root, database=target)
    except DbtError as error:
        raise _fail(explain(error) or str(error)) from error


@app.command("spark-load")
def spark_load(
    database: DatabaseOption = None,
    spark_dir: Annotated[
        Path | None,
        typer.Option(help="Spark warehouse folder. Default: $CDP_SPARK_DIR, else data/spark."),
    ] = None,
) -> None:
    """Copy the raw tables from DuckDB to Spark (profile target `spark`, `make install-spark`).

    Then `dbt build --target spark` runs the same models on Spark.
    """
    from cdp.spark import export_raw_tables
    from cdp.spark import spark_dir as resolve_spark_dir

    root = _project()
    source = _database(database, root, writes=False)
    if not source.exists():
        raise _fail(f"No database at {source}: run `cdp generate` first.")
    raw_dir = resolve_spark_dir(root, spark_dir) / "raw"
    rows = export_raw_tables(source, raw_dir)
    os.environ[SPARK_DIR_ENV_VAR] = str(raw_dir.parent)
    try:
        run_dbt(
            [
                "run-operation",
                "spark_register_raw_tables",
                "--target",
                "spark",
                "--args",
                json.dumps({"raw_dir": str(raw_dir)}),
            ],
            project=root,
            database=source,
        )
    except DbtError as error:
        raise _fail(explain(error) or str(error)) from error
    console.print(f"Registered {len(rows)} raw tables ({sum(rows.values()):,} rows) on Spark.")


@app.command()
def summary(database: DatabaseOption = None) -> None:
    """Print raw → staged + quarantined per raw table, and the data errors found."""
    from cdp.build_state import BuildStateError, check_build_state
    from cdp.summary import read_quarantine_reasons, read_reconciliation

    target = _database(database, _project(), writes=False)
    if not target.exists():
        raise _fail(f"No database at {target}: run `cdp generate` and `cdp build` first.")
    try:
        check_build_state(target)
    except BuildStateError as error:
        raise _fail(str(error)) from error
    try:
        tables = read_reconciliation(target)
        reasons = read_quarantine_reasons(target)
    except Exception as error:  # duckdb raises CatalogException and friends
        raise _fail(
            f"Could not read the audit models in {target} ({error}); run `cdp build` first."
        ) from error

    print_reconciliation(tables, reasons)

    if not all(row.is_reconciled for row in tables):
        raise _fail("Some raw rows are neither staged nor quarantined.")


@app.command()
def evaluate(
    database: DatabaseOption = None,
    threshold: Annotated[
        list[float] | None,
        typer.Option(
            help="Match-probability threshold to score at (repeat the option); default: the "
            "project's review and auto-merge thresholds, and 0.99."
        ),
    ] = None,
) -> None:
    """Score the identity map against the generator's truth.

    Pairwise and cluster precision, recall and F1 per threshold, the best threshold, and the
    calibration of match probabilities per band.
    """
    from cdp.build_state import BuildStateError, check_build_state
    from cdp.evaluation import EvaluationError
    from cdp.evaluation import evaluate as run_evaluation
    from cdp.identity_settings import IdentitySettingsError

    target = _database(database, _project(), writes=False)
    try:
        if target.exists():
            check_build_state(target)
        report = run_evaluation(target, tuple(threshold) if threshold else None)
    except (BuildStateError, EvaluationError, IdentitySettingsError) as error:
        raise _fail(explain(error) or str(error)) from error
    print_evaluation(report)


@app.command()
def resolve(
    input_csv: Annotated[
        Path,
        typer.Argument(
            help="CSV with a header of canonical columns: source_record_id (required), "
            "source_name, first_name, last_name, date_of_birth, email, phone, street_address, "
            "postcode, city, country, and optional identifiers (crm_contact_id, "
            "shop_customer_id, loyalty_card_number, cookie_id, device_id, record_seen_at). "
            "Dates and times in ISO 8601 (1984-03-21, 2024-03-21 14:30:00)."
        ),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write source_record_id,person_id.")
    ],
    pairs: Annotated[
        Path | None,
        typer.Option(help="Where to write the scored pairs. Default: <output>_pairs.csv."),
    ] = None,
    keep_database: Annotated[
        Path | None,
        typer.Option(
            help="Keep the scratch DuckDB file here (every identity model, for audit or "
            "evaluation). Default: deleted."
        ),
    ] = None,
    encoding: Annotated[
        str, typer.Option(help="The file's encoding (a UTF-8 byte-order mark is skipped).")
    ] = "utf-8",
    delimiter: Annotated[
        str | None,
        typer.Option(help="Field delimiter: ',', ';' or 'tab'. Default: detected from the header."),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Stop at the first cell that cannot be compared (an impossible date, a "
            "malformed phone or email) instead of blanking it and listing it in "
            "<output>_rejected_cells.csv.",
        ),
    ] = False,
) -> None:
    """Run identity resolution on your own records, without touching the warehouse."""
    from cdp.resolve import ResolveError
    from cdp.resolve import resolve as run_resolve

    if delimiter is not None:
        delimiter = "\t" if delimiter.lower() in ("tab", "\\t") else delimiter
        if len(delimiter) != 1:
            raise _fail(f"--delimiter must be one character or 'tab', got {delimiter!r}")
    # The output paths are checked before the build, which can take minutes.
    output_paths = {"--output": output, "--pairs": pairs, "--keep-database": keep_database}
    for option, path in output_paths.items():
        if path is not None:
            check_writable(path, option, create_folder=False)
    try:
        with console.status("Resolving identities (dbt build on a scratch DuckDB file)..."):
            result = run_resolve(
                input_csv,
                output,
                pairs,
                project=_project(),
                keep_database=keep_database,
                encoding=encoding,
                delimiter=delimiter,
                strict=strict,
            )
    except ResolveError as error:
        raise _fail(escape(f"{input_csv}: {error}")) from error
    except DbtError as error:
        raise _fail(explain(error) or str(error)) from error
    if result.rejected:
        print_rejected_cells(result.rejected_summary())
    console.print(
        f"{result.records:,} records -> {result.persons:,} persons: {result.output}; "
        f"{result.pairs:,} scored pairs: {result.pairs_output}; "
        f"{len(result.rejected):,} rejected cells: {result.rejected_output}"
    )


if __name__ == "__main__":
    app()

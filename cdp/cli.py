"""`cdp`: generate raw data, build the dbt project, and see what a build produced."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cdp.dbt_runner import DbtError, run_dbt
from cdp.project import ProjectNotFoundError, database_path, project_dir

app = typer.Typer(
    help="Warehouse-native customer data platform: raw data in, one profile per person out.",
    no_args_is_help=True,
    add_completion=False,
)
# Piped output (make, CI logs) gets wide tables instead of rich's 80-column default.
console = Console(width=None if sys.stdout.isatty() else 120)
errors = Console(stderr=True)

DatabaseOption = Annotated[
    Path | None,
    typer.Option(
        "--database",
        help="DuckDB file. Default: $CDP_DUCKDB_PATH, else data/cdp.duckdb in the project.",
    ),
]


def _fail(message: str) -> typer.Exit:
    errors.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code=1)


def _project() -> Path:
    try:
        return project_dir()
    except ProjectNotFoundError as error:
        raise _fail(str(error)) from error


@app.command()
def generate(
    profiles: Annotated[
        int, typer.Option(min=1, help="How many real persons to simulate.")
    ] = 10_000,
    seed: Annotated[int, typer.Option(help="Random seed: same seed, same data.")] = 42,
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

    target = database_path(database, root=_project())
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
    target = database_path(database, root=root)
    if not target.exists():
        raise _fail(
            f"No database at {target}: run `cdp generate` first (or point --database "
            "at a DuckDB file that Airbyte loaded)."
        )
    try:
        run_dbt(["build", *ctx.args], project=root, database=target)
    except DbtError as error:
        raise _fail(str(error)) from error


@app.command()
def summary(database: DatabaseOption = None) -> None:
    """Print raw → staged + quarantined per raw table, and the data errors found."""
    from cdp.summary import read_quarantine_reasons, read_reconciliation

    target = database_path(database, root=_project())
    if not target.exists():
        raise _fail(f"No database at {target}: run `cdp generate` and `cdp build` first.")
    try:
        tables = read_reconciliation(target)
        reasons = read_quarantine_reasons(target)
    except Exception as error:  # duckdb raises CatalogException and friends
        raise _fail(
            f"Could not read the audit models in {target} ({error}); run `cdp build` first."
        ) from error

    reconciliation = Table(title="Raw rows accounted for")
    for column in ("raw table", "raw", "staged", "data errors", "de-duplicated", "reconciled"):
        reconciliation.add_column(column, justify="left" if column == "raw table" else "right")
    for row in tables:
        reconciliation.add_row(
            row.source_table,
            f"{row.raw_rows:,}",
            f"{row.staged_rows:,}",
            f"{row.data_error_rows:,}",
            f"{row.deduplicated_rows:,}",
            "yes" if row.is_reconciled else "[bold red]NO[/]",
        )
    console.print(reconciliation)

    quarantine = Table(title="Quarantined data errors")
    for column in ("raw table", "reason", "rows"):
        quarantine.add_column(column, justify="right" if column == "rows" else "left")
    for source_table, reason, rows in reasons:
        quarantine.add_row(source_table, reason, f"{rows:,}")
    console.print(quarantine)

    if not all(row.is_reconciled for row in tables):
        raise _fail("Some raw rows are neither staged nor quarantined.")


if __name__ == "__main__":
    app()

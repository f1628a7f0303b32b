"""Everything printed to the terminal: the rich consoles and the tables of `cdp` and `bench/`.

The CLI (cdp/cli.py) and the benchmark scripts (bench/) print through these consoles, so piped
output (make, CI logs) has the same width everywhere.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.table import Table

if TYPE_CHECKING:
    from cdp.evaluation import EvaluationReport
    from cdp.summary import TableReconciliation

# Piped output (make, CI logs) gets wide tables instead of rich's 80-column default.
console = Console(width=None if sys.stdout.isatty() else 120)
errors = Console(stderr=True)


def wide_console(width: int = 200) -> Console:
    """The console when it is a terminal, else one `width` columns wide (for tables with many
    columns written to a log)."""
    return console if console.is_terminal else Console(width=width)


def print_error(message: str) -> None:
    """`error: message` in bold red on stderr."""
    errors.print(f"[bold red]error:[/] {message}", soft_wrap=True)


def table(
    title: str, columns: Sequence[str], left: Iterable[str] = (), no_wrap: Iterable[str] = ()
) -> Table:
    """A table with `columns`: those named in `left` left-aligned, the others right-aligned
    (numbers); those in `no_wrap` never wrapped."""
    left_aligned, unwrapped = set(left), set(no_wrap)
    result = Table(title=title)
    for column in columns:
        result.add_column(
            column,
            justify="left" if column in left_aligned else "right",
            no_wrap=column in unwrapped,
        )
    return result


def flag(is_true: bool, true: str = "yes", false: str = "NO") -> str:
    """`yes`, or the `false` text in bold red."""
    return true if is_true else f"[bold red]{false}[/]"


def print_reconciliation(
    tables: Sequence[TableReconciliation], reasons: Sequence[tuple[str, str, int]]
) -> None:
    """`cdp summary`: raw rows accounted for per raw table, and the quarantined data errors."""
    reconciliation = table(
        "Raw rows accounted for",
        ("raw table", "raw", "staged", "data errors", "de-duplicated", "reconciled"),
        left=("raw table",),
    )
    for row in tables:
        reconciliation.add_row(
            row.source_table,
            f"{row.raw_rows:,}",
            f"{row.staged_rows:,}",
            f"{row.data_error_rows:,}",
            f"{row.deduplicated_rows:,}",
            flag(row.is_reconciled),
        )
    console.print(reconciliation)
    quarantine = table(
        "Quarantined data errors", ("raw table", "reason", "rows"), left=("raw table", "reason")
    )
    for source_table, reason, rows in reasons:
        quarantine.add_row(source_table, reason, f"{rows:,}")
    console.print(quarantine)


def print_rejected_cells(summary: Iterable[tuple[str, str, int, str]]) -> None:
    """`cdp resolve`: the cells that cannot be compared, per column and reason."""
    rejected = table(
        "Cells that cannot be compared, left empty",
        ("column", "reason", "cells", "example"),
        left=("column", "reason", "example"),
    )
    for column, reason, count, example in summary:
        rejected.add_row(column, reason, f"{count:,}", escape(example))
    console.print(rejected)


def print_evaluation(report: EvaluationReport) -> None:
    """`cdp evaluate` and bench/identity.py: scores per threshold and calibration per band."""
    console.print(
        f"{report.records:,} records, {report.records_with_truth:,} with a known true person, "
        f"{report.identifiable_records:,} identifiable (they carry a name, contact, birth date, "
        "address or id; cookies: a login tied them to a user). Scores count identifiable records."
    )
    scores = table(
        "Identity resolution against the truth",
        (
            "threshold",
            "pair P",
            "pair R",
            "pair F1",
            "cluster P",
            "cluster R",
            "cluster F1",
            "persons",
            "largest",
        ),
    )
    rows = [("all records", report.as_built_all_records), ("as built", report.as_built)]
    rows += [(f"{result.threshold:.3f}", result) for result in report.sweep]
    rows.append((f"best {report.best.threshold:.3f}", report.best))
    for label, result in rows:
        pairwise, clusters = result.pairwise, result.clusters
        scores.add_row(
            label,
            f"{pairwise.precision:.4f}",
            f"{pairwise.recall:.4f}",
            f"{pairwise.f1:.4f}",
            f"{clusters.precision:.4f}",
            f"{clusters.recall:.4f}",
            f"{clusters.f1:.4f}",
            f"{clusters.predicted_clusters:,}",
            f"{clusters.largest_cluster:,}",
        )
    console.print(scores)
    calibration = table(
        "Calibration: share of true matches per probability band",
        ("band", "pairs", "true matches", "share", "calibrated"),
    )
    for band in report.calibration:
        calibration.add_row(
            f"[{band.low:.2f}, {band.high:.2f}{']' if band.high == 1.0 else ')'}",
            f"{band.pairs:,}",
            f"{band.true_matches:,}",
            "-" if band.pairs == 0 else f"{band.match_share:.4f}",
            flag(band.is_calibrated),
        )
    console.print(calibration)
    console.print(
        f"deterministic edges through excluded values: {report.edges_through_excluded_values:,}; "
        f"persons joined by a value two real persons share: "
        f"{report.clusters_joined_by_shared_values:,}"
    )

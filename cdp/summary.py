"""What a build produced, read back from the warehouse for the terminal."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb


@dataclass(frozen=True)
class TableReconciliation:
    source_table: str
    raw_rows: int
    staged_rows: int
    data_error_rows: int
    deduplicated_rows: int

    @property
    def is_reconciled(self) -> bool:
        return self.raw_rows == self.staged_rows + self.data_error_rows + self.deduplicated_rows


def read_reconciliation(database: Path) -> list[TableReconciliation]:
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute(
            """
            select source_table, raw_rows, staged_rows, data_error_rows, deduplicated_rows
            from audit.audit_raw_reconciliation
            order by source_table
            """
        ).fetchall()
    return [TableReconciliation(*row) for row in rows]


def read_quarantine_reasons(database: Path) -> list[tuple[str, str, int]]:
    """(source_table, reason, rows) for every data-error reason, most frequent first."""
    with duckdb.connect(str(database), read_only=True) as con:
        return con.execute(
            """
            select source_table, quarantine_reason, count(*) as quarantined_rows
            from audit.audit_quarantined_rows
            where is_data_error
            group by source_table, quarantine_reason
            order by quarantined_rows desc, source_table, quarantine_reason
            """
        ).fetchall()

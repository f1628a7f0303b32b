"""Compare two relations row for row, in one DuckDB connection.

Each row becomes one string (numbers rounded to `FLOAT_DECIMALS` decimals, -0.0 as 0.0,
timestamps in UTC to the microsecond, NULL as `<null>`; the columns stamped with a run's time
or id left out), and the multisets of those strings must be equal: the count of differing rows
is the sum over distinct strings of the difference of their counts on the two sides.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

FLOAT_DECIMALS = 6
# Stamped with dbt's run_started_at / invocation_id, so different in every build by design
# (person ids themselves are hashes of record keys).
RUN_DEPENDENT_COLUMNS = frozenset(
    (
        "registry_key",
        "run_id",
        "assigned_at",
        "person_created_at",
        "person_assigned_at",
        "event_key",
        "event_at",
    )
)
NUMERIC_PREFIXES = (
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "FLOAT",
    "DOUBLE",
    "DECIMAL",
    "REAL",
)
# Between the values of a row's string: a character no value holds.
SEPARATOR = "chr(31)"


@dataclass(frozen=True)
class Comparison:
    """Two relations compared: rows on each side, rows found on one side only, and what
    differs in their columns ("" when nothing)."""

    left: str
    right: str
    left_rows: int
    right_rows: int | None  # None: the right side is missing
    differing_rows: int
    column_mismatch: str = ""

    @property
    def is_equal(self) -> bool:
        return (
            self.right_rows == self.left_rows
            and self.differing_rows == 0
            and not self.column_mismatch
        )


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory connection that renders timestamps in UTC."""
    connection = duckdb.connect()
    connection.execute("set TimeZone = 'UTC'")
    return connection


def column_types(connection: duckdb.DuckDBPyConnection, relation: str) -> dict[str, str]:
    """Column name -> DuckDB type, in column order."""
    return dict(
        connection.execute(f"select column_name, column_type from (describe {relation})").fetchall()
    )


def row_text_sql(connection: duckdb.DuckDBPyConnection, relation: str, columns: list[str]) -> str:
    """SQL of one string per row (`row_text`): the values in `columns` order, engine-neutral."""
    types = column_types(connection, relation)
    parts = []
    for column in columns:
        kind = types[column].upper()
        quoted = f'"{column}"'
        if kind.startswith(NUMERIC_PREFIXES):
            # + 0.0 turns -0.0 into 0.0; two engines' doubles may differ in the last bits.
            text = f"cast(round(cast({quoted} as double), {FLOAT_DECIMALS}) + 0.0 as varchar)"
        elif kind.startswith("TIMESTAMP"):
            text = f"strftime(cast({quoted} as timestamp), '%Y-%m-%d %H:%M:%S.%f')"
        else:
            text = f"cast({quoted} as varchar)"
        parts.append(f"coalesce({text}, '<null>')")
    if not parts:  # no column to compare: rows still count
        parts = ["''"]
    return f"select concat_ws({SEPARATOR}, {', '.join(parts)}) as row_text from {relation}"


def count_rows(connection: duckdb.DuckDBPyConnection, relation: str) -> int:
    return int(connection.execute(f"select count(*) from {relation}").fetchone()[0])


def compare_relations(
    connection: duckdb.DuckDBPyConnection,
    left: str,
    right: str,
    *,
    column_order_matters: bool = True,
    skip_columns: frozenset[str] = RUN_DEPENDENT_COLUMNS,
    labels: tuple[str, str] | None = None,
) -> tuple[Comparison, list[str]]:
    """Compare `left` and `right` (relations the connection can read) on the columns they
    share, less `skip_columns`; also return those columns, in `left`'s order.

    A column on one side only is a mismatch; so is a different column order when
    `column_order_matters`. `labels` name the two sides in that message (default: the
    relations).
    """
    left_label, right_label = labels or (left, right)
    left_columns = list(column_types(connection, left))
    right_columns = list(column_types(connection, right))
    mismatch = ""
    only_left = sorted(set(left_columns) - set(right_columns))
    only_right = sorted(set(right_columns) - set(left_columns))
    if only_left or only_right:
        mismatch = f"only {left_label}: {only_left}; only {right_label}: {only_right}"
    elif column_order_matters and left_columns != right_columns:
        mismatch = "column order differs"
    shared = [
        column for column in left_columns if column in right_columns and column not in skip_columns
    ]
    differing = connection.execute(
        f"""
        with left_rows as ({row_text_sql(connection, left, shared)}),
        right_rows as ({row_text_sql(connection, right, shared)}),
        left_counts as (select row_text, count(*) as n from left_rows group by row_text),
        right_counts as (select row_text, count(*) as n from right_rows group by row_text)
        select coalesce(sum(abs(coalesce(l.n, 0) - coalesce(r.n, 0))), 0)
        from left_counts as l
        full outer join right_counts as r on l.row_text = r.row_text
        """
    ).fetchone()[0]
    comparison = Comparison(
        left,
        right,
        count_rows(connection, left),
        count_rows(connection, right),
        int(differing),
        mismatch,
    )
    return comparison, shared


def rows_on_one_side(
    connection: duckdb.DuckDBPyConnection,
    left: str,
    right: str,
    columns: list[str],
    limit: int = 3,
) -> list[tuple[str, str]]:
    """A few rows found on one side only, ("left" or "right", values joined by " | "), to start
    a diagnosis from."""
    rows = connection.execute(
        f"""
        with left_rows as ({row_text_sql(connection, left, columns)}),
        right_rows as ({row_text_sql(connection, right, columns)}),
        only_left as (select 'left' as side, row_text from left_rows
                      except all select 'left', row_text from right_rows),
        only_right as (select 'right' as side, row_text from right_rows
                       except all select 'right', row_text from left_rows)
        (select * from only_left order by row_text limit {limit})
        union all (select * from only_right order by row_text limit {limit})
        """
    ).fetchall()
    return [(side, text.replace(chr(31), " | ")) for side, text in rows]

"""Compare every relation of two DuckDB builds row for row: the same tables before and after.

python -m tests.parity.compare_builds BEFORE.duckdb AFTER.duckdb
python -m tests.parity.compare_builds BEFORE.duckdb AFTER.duckdb \\
    --rename intermediate.int_old=intermediate.int_new --skip marts.some_table

Every table and view of BEFORE (all schemas but DuckDB's catalogue ones) is compared with the
relation of the same name in AFTER, or the one `--rename` names, on the columns both have (by
name; the columns stamped with a run's time or id left out), as multisets of row strings
(tests/parity/rows.py). A relation missing in AFTER, a column on one side only or a differing
row is a difference; relations only in AFTER are listed. Exit 0 when nothing differs, 1
otherwise, 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from tests.parity.rows import Comparison, compare_relations, connect, count_rows, rows_on_one_side

CATALOGUE_SCHEMAS = ("information_schema", "pg_catalog")


@dataclass
class BuildComparison:
    before_relations: int
    after_relations: int
    compared: list[Comparison] = field(default_factory=list)
    missing: list[tuple[str, str]] = field(default_factory=list)  # (before, expected after)
    new: list[tuple[str, int]] = field(default_factory=list)  # (after, rows)
    examples: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    @property
    def differing(self) -> list[Comparison]:
        return [comparison for comparison in self.compared if not comparison.is_equal]

    @property
    def is_equal(self) -> bool:
        return not self.differing and not self.missing


def relations(connection: duckdb.DuckDBPyConnection, catalog: str) -> list[str]:
    """`schema.name` of every table and view in the attached database `catalog`."""
    return [
        f"{schema}.{name}"
        for schema, name in connection.execute(
            """
            select table_schema, table_name
            from information_schema.tables
            where table_catalog = ? and table_schema not in ?
            order by table_schema, table_name
            """,
            [catalog, list(CATALOGUE_SCHEMAS)],
        ).fetchall()
    ]


def _quoted(catalog: str, relation: str) -> str:
    schema, name = relation.split(".", 1)
    return f'{catalog}."{schema}"."{name}"'


def compare_builds(
    before: Path,
    after: Path,
    renames: dict[str, str] | None = None,
    skip: Sequence[str] = (),
) -> BuildComparison:
    """Compare every relation of `before` with its namesake (or `renames[relation]`) in
    `after`; relations in `skip` are left out."""
    renames = renames or {}
    connection = connect()
    connection.execute(f"attach '{before}' as before_build (read_only)")
    connection.execute(f"attach '{after}' as after_build (read_only)")
    before_relations = relations(connection, "before_build")
    after_relations = relations(connection, "after_build")
    result = BuildComparison(len(before_relations), len(after_relations))
    matched = set()
    for relation in before_relations:
        if relation in skip:
            continue
        target = renames.get(relation, relation)
        if target not in after_relations:
            result.missing.append((relation, target))
            continue
        matched.add(target)
        left, right = _quoted("before_build", relation), _quoted("after_build", target)
        comparison, shared = compare_relations(
            connection, left, right, column_order_matters=False, labels=("before", "after")
        )
        comparison = Comparison(
            relation,
            target,
            comparison.left_rows,
            comparison.right_rows,
            comparison.differing_rows,
            comparison.column_mismatch,
        )
        result.compared.append(comparison)
        if comparison.differing_rows:
            result.examples[relation] = rows_on_one_side(connection, left, right, shared)
    result.new = [
        (relation, count_rows(connection, _quoted("after_build", relation)))
        for relation in after_relations
        if relation not in matched and relation not in skip
    ]
    return result


def _renames(pairs: Sequence[str]) -> dict[str, str]:
    renames = {}
    for pair in pairs:
        old, separator, new = pair.partition("=")
        if not separator or old.count(".") != 1 or new.count(".") != 1:
            raise ValueError(f"--rename wants schema.old=schema.new, got {pair!r}")
        renames[old] = new
    return renames


def report(result: BuildComparison) -> str:
    lines = []
    for relation, target in result.missing:
        renamed = f" (as {target})" if target != relation else ""
        lines.append(f"MISSING in after: {relation}{renamed}")
    for comparison in result.differing:
        renamed = f" -> {comparison.right}" if comparison.right != comparison.left else ""
        mismatch = f"; {comparison.column_mismatch}" if comparison.column_mismatch else ""
        lines.append(
            f"DIFF {comparison.left}{renamed}: rows {comparison.left_rows:,} / "
            f"{comparison.right_rows:,}, differing {comparison.differing_rows:,}{mismatch}"
        )
        for side, text in result.examples.get(comparison.left, []):
            lines.append(f"  only {'before' if side == 'left' else 'after'}: {text}")
    for relation, rows in result.new:
        lines.append(f"new in after: {relation} ({rows:,} rows)")
    bad = len(result.differing) + len(result.missing)
    lines.append(
        f"{result.before_relations} relations before, {result.after_relations} after, "
        f"{len(result.compared)} compared, {bad} differing or missing"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="DuckDB file of the first build")
    parser.add_argument("after", type=Path, help="DuckDB file of the second build")
    parser.add_argument(
        "--rename",
        action="append",
        default=[],
        metavar="SCHEMA.OLD=SCHEMA.NEW",
        help="a relation renamed between the builds (repeat the option)",
    )
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        metavar="SCHEMA.NAME",
        help="a relation left out of the comparison (repeat the option)",
    )
    args = parser.parse_args(argv)
    try:
        renames = _renames(args.rename)
    except ValueError as error:
        parser.error(str(error))
    for database in (args.before, args.after):
        if not database.is_file():
            parser.error(f"{database} is not a file: give two DuckDB files of finished builds")
    result = compare_builds(args.before, args.after, renames, args.skip)
    print(report(result))
    return 0 if result.is_equal else 1


if __name__ == "__main__":
    sys.exit(main())

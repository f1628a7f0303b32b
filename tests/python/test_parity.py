"""tests/parity: the row-for-row comparison `make test-spark` and `python -m
tests.parity.compare_builds` share, on real DuckDB files written here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from cdp.project import project_dir
from tests.parity.compare_builds import compare_builds
from tests.parity.rows import compare_relations, connect


def _build(path: Path, *statements: str) -> Path:
    """A small 'build': two schemas, a table with numbers, text, NULLs and timestamps, a view,
    and a column stamped with the run's time."""
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute("create schema intermediate")
        con.execute(
            """
            create table marts.customers as
            select * from (values
                (1, 'ann', 10.5, timestamp '2026-01-01 10:00:00', now()),
                (2, 'bob', null, timestamp '2026-01-02 11:30:00', now()),
                (2, 'bob', null, timestamp '2026-01-02 11:30:00', now()),
                (3, null, -0.0, null, now())
            ) as rows(customer_id, first_name, revenue, first_seen_at, assigned_at)
            """
        )
        con.execute("create table intermediate.int_links as select range as link_id from range(5)")
        con.execute("create view marts.customer_names as select first_name from marts.customers")
        for statement in statements:
            con.execute(statement)
    return path


def _compare(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tests.parity.compare_builds", *args],
        cwd=project_dir(),
        capture_output=True,
        text=True,
    )


def test_equal_builds_pass(tmp_path: Path) -> None:
    before = _build(tmp_path / "before.duckdb")
    # The same rows in another order, a run-dependent column with other values, and the last
    # bits of a double: still equal.
    after = _build(
        tmp_path / "after.duckdb",
        "create or replace table marts.customers as "
        "select customer_id, first_name, revenue + 1e-9 as revenue, first_seen_at, "
        "assigned_at + interval 1 day as assigned_at "
        "from marts.customers order by customer_id desc",
    )
    done = _compare(str(before), str(after))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1] == (
        "3 relations before, 3 after, 3 compared, 0 differing or missing"
    )


def test_a_changed_row_is_found(tmp_path: Path) -> None:
    before = _build(tmp_path / "before.duckdb")
    after = _build(
        tmp_path / "after.duckdb",
        "update marts.customers set first_name = 'anne' where customer_id = 1",
    )
    done = _compare(str(before), str(after))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert "DIFF marts.customer_names: rows 4 / 4, differing 2" in lines
    assert "DIFF marts.customers: rows 4 / 4, differing 2" in lines
    assert any(line.startswith("  only before: 1.0 | ann | 10.5") for line in lines)
    assert any(line.startswith("  only after: 1.0 | anne | 10.5") for line in lines)
    assert lines[-1].endswith("3 compared, 2 differing or missing")


def test_a_duplicated_row_a_missing_relation_and_a_new_column_are_differences(
    tmp_path: Path,
) -> None:
    before = _build(tmp_path / "before.duckdb")
    after = _build(
        tmp_path / "after.duckdb",
        "insert into intermediate.int_links values (4)",
        "drop view marts.customer_names",
        "alter table marts.customers add column note varchar",
        "create table marts.extra as select 1 as x",
    )
    result = compare_builds(before, after)
    assert not result.is_equal
    assert result.missing == [("marts.customer_names", "marts.customer_names")]
    differing = {comparison.left: comparison for comparison in result.differing}
    assert differing["intermediate.int_links"].differing_rows == 1
    assert differing["intermediate.int_links"].right_rows == 6
    assert differing["marts.customers"].differing_rows == 0
    assert "only after: ['note']" in differing["marts.customers"].column_mismatch
    assert result.new == [("marts.extra", 1)]


def test_renamed_and_skipped_relations(tmp_path: Path) -> None:
    before = _build(tmp_path / "before.duckdb")
    after = _build(
        tmp_path / "after.duckdb",
        "alter table intermediate.int_links rename to int_identity_links",
        "update marts.customers set first_name = 'anne' where customer_id = 1",
    )
    done = _compare(
        str(before),
        str(after),
        "--rename",
        "intermediate.int_links=intermediate.int_identity_links",
        "--skip",
        "marts.customers",
        "--skip",
        "marts.customer_names",
    )
    assert done.returncode == 0, done.stdout
    assert done.stdout.splitlines()[-1].endswith("1 compared, 0 differing or missing")
    bad = _compare(str(before), str(after), "--rename", "int_links")
    assert bad.returncode == 2 and "schema.old=schema.new" in bad.stderr


def test_column_order_counts_for_engines_not_for_builds(tmp_path: Path) -> None:
    """Spark parity (the default) wants the columns in the same order; two builds do not."""
    connection = connect()
    connection.execute("create table a as select 1 as x, 'one' as y")
    connection.execute("create table b as select 'one' as y, 1 as x")
    strict, _ = compare_relations(connection, "a", "b", labels=("DuckDB", "Spark"))
    assert strict.column_mismatch == "column order differs" and not strict.is_equal
    assert strict.differing_rows == 0
    loose, shared = compare_relations(connection, "a", "b", column_order_matters=False)
    assert loose.is_equal and shared == ["x", "y"]


@pytest.mark.parametrize("value", ["0.0", "-0.0", "1e-9"])
def test_numbers_are_compared_to_six_decimals(value: str) -> None:
    connection = connect()
    connection.execute("create table a as select 0.0::double as amount")
    connection.execute(f"create table b as select {value}::double as amount")
    comparison, _ = compare_relations(connection, "a", "b")
    assert comparison.is_equal

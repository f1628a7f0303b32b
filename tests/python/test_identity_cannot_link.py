"""A reviewer's `different` holds even when identifiers or a chain of other links join the two
records: the weakest links between them are cut and logged (cannot-link constraints).

As in test_identity_clustering, the upstream identity models are written by hand into a fresh
DuckDB file and real dbt runs the clustering models and marts on them: run 1 without the
decisions, run 2 with them, run 3 with nothing new.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from cdp.dbt_runner import DbtError

from .test_identity_clustering import (
    VARS,
    Snapshot,
    _add_pairs,
    _add_records,
    _create_inputs,
    _decide,
    _run,
    _snapshot,
)

CUT_COLUMNS = (
    "cluster_key, link_type, linked_by, identifier_value, record_key_l, record_key_r,"
    " match_probability, record_count, link_strength_tier, strength_rank, links_in_cluster,"
    " decision_record_key_l, decision_record_key_r, cut_reason"
)


@dataclass
class Cut:
    cluster_key: str
    link_type: str
    linked_by: str
    identifier_value: str | None
    record_key_l: str | None
    record_key_r: str | None
    match_probability: float | None
    record_count: int
    link_strength_tier: int
    strength_rank: int
    links_in_cluster: int
    decision_record_key_l: str
    decision_record_key_r: str
    cut_reason: str


@dataclass
class Runs:
    before: Snapshot
    after: Snapshot
    again: Snapshot
    cuts: list[Cut]
    cuts_again: list[Cut]
    rejected: dict[tuple[str, str], str]
    over_limit_error: str


def _share(database: Path, identifier_type: str, value: str, holders: list[str]) -> None:
    """Records holding one identifier value: star edges to the smallest key, as the model."""
    anchor = min(holders)
    with duckdb.connect(str(database)) as con:
        con.executemany(
            "insert into intermediate.int_identity__deterministic_edges values (?, ?, ?, ?)",
            [[holder, anchor, identifier_type, value] for holder in holders if holder != anchor],
        )


def _cuts(database: Path) -> list[Cut]:
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute(
            f"select {CUT_COLUMNS} from intermediate.int_identity__cannot_link_cuts"
            " order by cluster_key, strength_rank"
        ).fetchall()
    return [Cut(*row) for row in rows]


def _rejected(database: Path) -> dict[tuple[str, str], str]:
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute(
            "select record_key_l, record_key_r, rejection_reason"
            " from intermediate.int_identity__rejected_edges"
        ).fetchall()
    return {(left, right): reason for left, right, reason in rows}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, project: Path) -> Runs:
    root = tmp_path_factory.mktemp("identity_cannot_link")
    database, target = root / "identity.duckdb", root / "target"
    _create_inputs(database)
    # The case: A and B share an email, B and C a phone.
    _add_records(database, ["tri:a", "tri:b", "tri:c"])
    _share(database, "email", "ab@example.com", ["tri:a", "tri:b"])
    _share(database, "phone", "+33600000001", ["tri:b", "tri:c"])
    # Mirrored: the phone is now on the side of the smallest key.
    _add_records(database, ["mir:a", "mir:b", "mir:c"])
    _share(database, "phone", "+33600000002", ["mir:a", "mir:b"])
    _share(database, "email", "bc@example.com", ["mir:b", "mir:c"])
    # One email held by all three (two of them also share a phone).
    _add_records(database, ["shr:a", "shr:b", "shr:c"])
    _share(database, "email", "family@example.com", ["shr:a", "shr:b", "shr:c"])
    _share(database, "phone", "+33600000003", ["shr:a", "shr:b"])
    # Two scored links then an identifier: the weaker scored link is the one to go.
    _add_records(database, ["sc:1", "sc:2", "sc:3", "sc:4"])
    _add_pairs(database, [("sc:1", "sc:2", 0.99), ("sc:2", "sc:3", 0.97)])
    _share(database, "loyalty_card_number", "L-1", ["sc:3", "sc:4"])
    # A reviewer's `same` outweighs a shared cookie.
    _add_records(database, ["rv:1", "rv:2", "rv:3"])
    _decide(database, "rv:1", "rv:2", "same")
    _share(database, "cookie_id", "cookie-1", ["rv:2", "rv:3"])
    # Untouched: two persons a `different` will name, two a `same` will join, one bystander.
    _add_records(database, ["apart:1", "apart:2", "join:1", "join:2", "keep:1", "keep:2"])
    _share(database, "email", "keep@example.com", ["keep:1", "keep:2"])
    _run(project, database, target)
    before = _snapshot(database)

    for left, right in [("tri:c", "tri:a"), ("mir:a", "mir:c"), ("shr:b", "shr:c"),
                        ("sc:4", "sc:1"), ("rv:1", "rv:3"), ("apart:1", "apart:2")]:  # fmt: skip
        _decide(database, left, right, "different")
    _decide(database, "join:1", "join:2", "same")
    _run(project, database, target)
    after, cuts, rejected = _snapshot(database), _cuts(database), _rejected(database)

    _run(project, database, target)
    again, cuts_again = _snapshot(database), _cuts(database)

    # Persons holding a `different` pair larger than allowed: a clear failure, not a crawl.
    tight_vars = json.dumps({**json.loads(VARS), "identity_cannot_link_max_memberships": 3})
    error = ""
    try:
        _run(project, database, root / "tight_target", tight_vars)
    except DbtError:
        results = json.loads((root / "tight_target" / "run_results.json").read_text())
        error = " ".join(result.get("message") or "" for result in results["results"])
    return Runs(before, after, again, cuts, cuts_again, rejected, error)


def _persons(snapshot: Snapshot, keys: list[str]) -> list[str]:
    return [snapshot.persons[key] for key in keys]


def _cut_in(runs: Runs, cluster_key: str) -> list[Cut]:
    return [cut for cut in runs.cuts if cut.cluster_key == cluster_key]


def test_a_chain_of_identifiers_is_one_person_before_any_decision(runs: Runs) -> None:
    for prefix in ("tri", "mir", "shr"):
        assert len(set(_persons(runs.before, [f"{prefix}:a", f"{prefix}:b", f"{prefix}:c"]))) == 1
    assert len(set(_persons(runs.before, ["sc:1", "sc:2", "sc:3", "sc:4"]))) == 1


def test_different_splits_records_joined_only_through_identifiers(runs: Runs) -> None:
    a, b, c = _persons(runs.after, ["tri:a", "tri:b", "tri:c"])
    assert a == b and a != c
    # The split keeps the id on the larger part.
    assert a == runs.before.persons["tri:a"]


def test_the_cut_is_the_weakest_link_and_is_logged(runs: Runs) -> None:
    (cut,) = _cut_in(runs, "tri:a")
    assert (cut.link_type, cut.linked_by, cut.identifier_value) == (
        "deterministic", "phone", "+33600000001",
    )  # fmt: skip
    assert (cut.decision_record_key_l, cut.decision_record_key_r) == ("tri:a", "tri:c")
    assert (cut.strength_rank, cut.links_in_cluster, cut.record_count) == (2, 2, 2)
    assert cut.link_strength_tier == 5 and "tri:a and tri:c" in cut.cut_reason
    assert runs.rejected[("tri:b", "tri:c")] == "cut_by_different_decision"
    assert ("tri:a", "tri:b") not in runs.rejected


def test_the_weakest_link_is_cut_whichever_side_it_is_on(runs: Runs) -> None:
    a, b, c = _persons(runs.after, ["mir:a", "mir:b", "mir:c"])
    assert a != b and b == c
    assert [(cut.linked_by, cut.identifier_value) for cut in _cut_in(runs, "mir:a")] == [
        ("phone", "+33600000002")
    ]


def test_a_value_two_persons_hold_is_cut_for_all_its_holders(runs: Runs) -> None:
    a, b, c = _persons(runs.after, ["shr:a", "shr:b", "shr:c"])
    assert a == b and b != c
    (cut,) = _cut_in(runs, "shr:a")
    assert (cut.linked_by, cut.identifier_value, cut.record_count) == (
        "email", "family@example.com", 3,
    )  # fmt: skip


def test_the_weakest_scored_link_goes_before_any_identifier(runs: Runs) -> None:
    one, two, three, four = _persons(runs.after, ["sc:1", "sc:2", "sc:3", "sc:4"])
    assert one == two and three == four and two != three
    (cut,) = _cut_in(runs, "sc:1")
    assert (cut.link_type, cut.record_key_l, cut.record_key_r, cut.match_probability) == (
        "probabilistic", "sc:2", "sc:3", 0.97,
    )  # fmt: skip
    assert runs.after.pair_decisions[("sc:2", "sc:3")] == "rejected"
    assert runs.after.pair_decisions[("sc:1", "sc:2")] == "auto_merged"


def test_a_reviewers_same_outweighs_an_identifier(runs: Runs) -> None:
    one, two, three = _persons(runs.after, ["rv:1", "rv:2", "rv:3"])
    assert one == two and two != three
    assert [cut.linked_by for cut in _cut_in(runs, "rv:1")] == ["cookie_id"]


def test_a_different_between_two_persons_changes_nothing(runs: Runs) -> None:
    assert _persons(runs.after, ["apart:1", "apart:2"]) == _persons(
        runs.before, ["apart:1", "apart:2"]
    )
    assert not _cut_in(runs, "apart:1") and not _cut_in(runs, "apart:2")
    # Only the five persons holding a `different` pair were worked on.
    assert {cut.cluster_key for cut in runs.cuts} == {"tri:a", "mir:a", "shr:a", "sc:1", "rv:1"}


def test_a_same_still_merges(runs: Runs) -> None:
    assert runs.before.persons["join:1"] != runs.before.persons["join:2"]
    assert runs.after.persons["join:1"] == runs.after.persons["join:2"]


def test_ids_of_untouched_persons_stay_and_a_rerun_changes_nothing(runs: Runs) -> None:
    for key in ("apart:1", "apart:2", "keep:1", "keep:2"):
        assert runs.after.persons[key] == runs.before.persons[key]
    # The merge keeps one of the two ids it joined (the oldest, then the smallest).
    assert runs.after.persons["join:1"] in _persons(runs.before, ["join:1", "join:2"])
    assert runs.again.persons == runs.after.persons
    assert runs.again.history == runs.after.history or runs.again.history == []
    assert runs.cuts_again == runs.cuts


def test_too_large_persons_to_cut_fail_naming_the_var(runs: Runs) -> None:
    assert "identity_cannot_link_max_memberships" in runs.over_limit_error

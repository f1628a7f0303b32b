"""Clustering, review decisions and stable person ids, on tiny hand-written inputs.

The upstream identity models (canonical records, deterministic edges, scored pairs) are written
straight into a fresh DuckDB file with their contract columns, then real dbt runs only the
clustering models and marts on them, several times, as a warehouse would between syncs.
"""

from __future__ import annotations

import itertools
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from cdp.dbt_runner import DbtError, run_dbt

# The clustering models and the identity marts, not the customer-360 marts built on them.
CLUSTERING_SELECTOR = (
    "int_identity__review_decisions+,path:models/intermediate/identity"
    " int_identity__review_decisions+,path:models/marts/identity"
)
DECISIONS_TABLE = "main.review_decisions"
VARS = json.dumps({"identity_review_decisions_relation": DECISIONS_TABLE})
COMPARISONS = ("first_name", "last_name", "date_of_birth", "email", "phone", "address")

# A 300-record chain whose keys are shuffled along it, so the smallest key sits mid-chain.
CHAIN_LENGTH = 300
CHAIN_KEYS = [f"chain:{number:03d}" for number in range(CHAIN_LENGTH)]
random.Random(3).shuffle(CHAIN_KEYS)


def _create_inputs(database: Path) -> None:
    with duckdb.connect(str(database)) as con:
        con.execute("create schema if not exists intermediate")
        con.execute(
            """
            create table intermediate.int_identity__normalised_records (
                record_key varchar, source_name varchar, source_record_id varchar,
                first_name varchar, last_name varchar, first_name_canonical varchar,
                date_of_birth date, email varchar, phone varchar, street_address varchar,
                postcode varchar, city varchar, country varchar, record_seen_at timestamp,
                crm_contact_id varchar, shop_customer_id varchar, loyalty_card_number varchar,
                cookie_id varchar, device_id varchar
            )
            """
        )
        con.execute(
            """
            create table intermediate.int_identity__deterministic_edges (
                record_key varchar, anchor_record_key varchar,
                identifier_type varchar, identifier_value varchar
            )
            """
        )
        comparison_columns = ", ".join(
            f"level_{name} varchar, weight_{name} double" for name in COMPARISONS
        )
        con.execute(
            f"""
            create table intermediate.int_identity__scored_pairs (
                pair_key varchar, record_key_l varchar, record_key_r varchar,
                match_weight double, match_probability double, blocking_rule varchar,
                {comparison_columns}
            )
            """
        )
        con.execute(
            f"""
            create table {DECISIONS_TABLE} (
                record_key_l varchar, record_key_r varchar, decision varchar,
                reviewed_by varchar, reviewed_at timestamp, note varchar
            )
            """
        )


def _add_records(database: Path, keys: list[str]) -> None:
    with duckdb.connect(str(database)) as con:
        con.executemany(
            "insert into intermediate.int_identity__normalised_records "
            "(record_key, source_name, source_record_id, first_name, last_name) "
            "values (?, ?, ?, 'ann', 'smith')",
            [[key, key.split(":")[0], key.split(":")[1]] for key in keys],
        )


def _add_edge(database: Path, member: str, anchor: str, identifier: str = "email") -> None:
    with duckdb.connect(str(database)) as con:
        con.execute(
            "insert into intermediate.int_identity__deterministic_edges values (?, ?, ?, ?)",
            [member, anchor, identifier, f"{anchor}@example.com"],
        )


def _add_pairs(database: Path, pairs: list[tuple[str, str, float]]) -> None:
    rows = []
    for left, right, probability in pairs:
        low, high = sorted((left, right))
        rows.append([f"{low}|{high}", low, high, 5.0, probability, "test"])
    with duckdb.connect(str(database)) as con:
        con.executemany(
            "insert into intermediate.int_identity__scored_pairs "
            "(pair_key, record_key_l, record_key_r, match_weight, match_probability, "
            "blocking_rule, weight_first_name) values (?, ?, ?, ?, ?, ?, 1.5)",
            rows,
        )


def _remove_pair(database: Path, left: str, right: str) -> None:
    with duckdb.connect(str(database)) as con:
        con.execute(
            "delete from intermediate.int_identity__scored_pairs "
            "where record_key_l = ? and record_key_r = ?",
            sorted((left, right)),
        )


def _remove_chain(database: Path) -> None:
    """Later runs do not need the long chain: dropping it keeps them fast."""
    with duckdb.connect(str(database)) as con:
        con.execute(
            "delete from intermediate.int_identity__normalised_records where source_name = 'chain'"
        )
        con.execute(
            "delete from intermediate.int_identity__scored_pairs where record_key_l like 'chain:%'"
        )


def _decide(database: Path, left: str, right: str, decision: str) -> None:
    with duckdb.connect(str(database)) as con:
        con.execute(
            f"insert into {DECISIONS_TABLE} values (?, ?, ?, 'reviewer', "
            "timestamp '2026-01-01 10:00:00', 'test')",
            [left, right, decision],
        )


def _run(project: Path, database: Path, target: Path, extra_vars: str = VARS) -> None:
    arguments = ["run", "--select", CLUSTERING_SELECTOR, "--vars", extra_vars]
    run_dbt([*arguments, "--target-path", str(target)], project, database)


@dataclass
class Snapshot:
    persons: dict[str, str]
    link_types: dict[str, str]
    created_at: dict[str, object]
    pair_decisions: dict[tuple[str, str], str]
    queue: set[tuple[str, str]]
    history: list[tuple[str, str, str | None, int]] = field(default_factory=list)  # last run


def _snapshot(database: Path) -> Snapshot:
    with duckdb.connect(str(database), read_only=True) as con:
        identity_map = con.execute(
            "select record_key, person_id, link_type, person_created_at "
            "from marts.customer_identity_map"
        ).fetchall()
        pairs = con.execute(
            "select record_key_l, record_key_r, decision from marts.identity_match_pairs"
        ).fetchall()
        queue = con.execute(
            "select record_key_l, record_key_r from marts.identity_review_queue"
        ).fetchall()
        history = con.execute(
            "select event_type, person_id, other_person_id, record_count "
            "from marts.identity_person_history "
            "where event_at = (select max(event_at) from marts.identity_person_history)"
        ).fetchall()
    return Snapshot(
        persons={key: person for key, person, _, _ in identity_map},
        link_types={key: link for key, _, link, _ in identity_map},
        created_at={person: created for _, person, _, created in identity_map},
        pair_decisions={(left, right): decision for left, right, decision in pairs},
        queue=set(queue),
        history=history,
    )


@dataclass
class Runs:
    snapshots: list[Snapshot]
    non_converging_error: str


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, project: Path) -> Runs:
    root = tmp_path_factory.mktemp("identity_clustering")
    database, target = root / "identity.duckdb", root / "target"
    _create_inputs(database)

    # Run 1. Chain A-B-C-D: two identifier edges and a probabilistic link in the middle.
    _add_records(database, ["abcd:a", "abcd:b", "abcd:c", "abcd:d"])
    _add_edge(database, "abcd:b", "abcd:a")
    _add_pairs(database, [("abcd:b", "abcd:c", 0.99)])
    _add_edge(database, "abcd:d", "abcd:c", "phone")
    # A long chain of probabilistic links.
    _add_records(database, CHAIN_KEYS)
    _add_pairs(database, [(left, right, 0.99) for left, right in itertools.pairwise(CHAIN_KEYS)])
    # 'different' on a direct pair, and on two records a third one links.
    _add_records(database, ["diff:1", "diff:2", "via:1", "via:2", "via:3"])
    _add_pairs(database, [("diff:1", "diff:2", 0.99), ("via:1", "via:2", 0.99)])
    _add_pairs(database, [("via:2", "via:3", 0.98)])
    _decide(database, "diff:2", "diff:1", "different")
    _decide(database, "via:3", "via:1", "different")
    # 'same' on a review-band pair; another review-band pair waits in the queue.
    _add_records(database, ["same:1", "same:2", "wait:1", "wait:2"])
    _add_pairs(database, [("same:1", "same:2", 0.92), ("wait:1", "wait:2", 0.93)])
    _decide(database, "same:1", "same:2", "same")
    # Person P (m:5, m:6) exists from run 1; Q (m:1, m:2) only from run 2.
    _add_records(database, ["m:5", "m:6", "m:7"])
    _add_pairs(database, [("m:5", "m:6", 0.99), ("m:6", "m:7", 0.99)])
    _run(project, database, target)
    snapshots = [_snapshot(database)]

    # Run 2. A record joins the A-B-C-D person; Q appears.
    _remove_chain(database)
    _add_records(database, ["abcd:e", "m:1", "m:2"])
    _add_pairs(database, [("abcd:d", "abcd:e", 0.97), ("m:1", "m:2", 0.99)])
    _run(project, database, target)
    snapshots.append(_snapshot(database))

    # Run 3. A link merges P and Q.
    _add_pairs(database, [("m:2", "m:5", 0.99)])
    _run(project, database, target)
    snapshots.append(_snapshot(database))

    # Run 4. The link goes again: the split leaves the merged id with the larger part.
    _remove_pair(database, "m:2", "m:5")
    _run(project, database, target)
    snapshots.append(_snapshot(database))

    # A separate warehouse where the chain needs more rounds than allowed.
    tight = root / "tight.duckdb"
    _create_inputs(tight)
    _add_records(tight, CHAIN_KEYS)
    _add_pairs(tight, [(left, right, 0.99) for left, right in itertools.pairwise(CHAIN_KEYS)])
    tight_vars = json.dumps(
        {"identity_review_decisions_relation": DECISIONS_TABLE, "identity_max_iterations": 3}
    )
    error = ""
    try:
        _run(project, tight, root / "tight_target", tight_vars)
    except DbtError:
        results = json.loads((root / "tight_target" / "run_results.json").read_text())
        error = " ".join(result.get("message") or "" for result in results["results"])
    return Runs(snapshots, error)


def test_chain_a_b_c_d_is_one_person(runs: Runs) -> None:
    persons = runs.snapshots[0].persons
    assert len({persons[f"abcd:{letter}"] for letter in "abcd"}) == 1
    assert runs.snapshots[0].link_types["abcd:c"] == "deterministic"
    assert persons["abcd:a"].startswith("per_") and len(persons["abcd:a"]) == 20


def test_a_300_record_chain_converges_to_one_person(runs: Runs) -> None:
    persons = runs.snapshots[0].persons
    assert len({persons[key] for key in CHAIN_KEYS}) == 1
    assert {runs.snapshots[0].link_types[key] for key in CHAIN_KEYS} == {"probabilistic"}
    assert persons[CHAIN_KEYS[0]] != persons["abcd:a"]


def test_too_few_iterations_fail_loudly(runs: Runs) -> None:
    assert "did not converge" in runs.non_converging_error
    assert "identity_max_iterations" in runs.non_converging_error


def test_different_decision_prevents_a_merge(runs: Runs) -> None:
    first = runs.snapshots[0]
    assert first.persons["diff:1"] != first.persons["diff:2"]
    assert first.pair_decisions[("diff:1", "diff:2")] == "reviewed_different"
    # via:1 and via:3 are both linked to via:2: they must still be two persons.
    assert first.persons["via:1"] != first.persons["via:3"]
    assert first.persons["via:1"] == first.persons["via:2"]
    assert first.pair_decisions[("via:2", "via:3")] == "rejected"


def test_same_decision_merges_a_review_band_pair(runs: Runs) -> None:
    first = runs.snapshots[0]
    assert first.persons["same:1"] == first.persons["same:2"]
    assert first.link_types["same:1"] == "reviewed"
    assert first.pair_decisions[("same:1", "same:2")] == "reviewed_same"
    assert first.persons["wait:1"] != first.persons["wait:2"]
    assert first.queue == {("wait:1", "wait:2")}


def test_ids_stay_stable_when_a_record_is_added(runs: Runs) -> None:
    first, second = runs.snapshots[0], runs.snapshots[1]
    assert second.persons["abcd:e"] == first.persons["abcd:a"]
    unchanged = {key: person for key, person in first.persons.items() if key in second.persons}
    assert len(unchanged) == len(first.persons) - CHAIN_LENGTH
    assert {key: second.persons[key] for key in unchanged} == unchanged
    assert ("grown", first.persons["abcd:a"], None, 1) in second.history


def test_a_merge_keeps_the_oldest_id(runs: Runs) -> None:
    second, third = runs.snapshots[1], runs.snapshots[2]
    older, newer = second.persons["m:5"], second.persons["m:1"]
    assert older != newer
    assert second.created_at[older] < second.created_at[newer]
    # m:1 is the smallest key of the merged person, yet the older id survives.
    assert {third.persons[key] for key in ("m:1", "m:2", "m:5", "m:6", "m:7")} == {older}
    assert ("merged", older, newer, 2) in third.history


def test_a_split_keeps_the_id_on_the_larger_part(runs: Runs) -> None:
    third, fourth = runs.snapshots[2], runs.snapshots[3]
    merged = third.persons["m:5"]
    assert {fourth.persons[key] for key in ("m:5", "m:6", "m:7")} == {merged}
    split_off = fourth.persons["m:1"]
    assert split_off == fourth.persons["m:2"] and split_off != merged
    assert ("split", merged, split_off, 2) in fourth.history
    assert ("created", split_off, None, 2) in fourth.history
    # Unchanged persons get no history rows in a run.
    assert all(third.persons["abcd:a"] not in event for event in fourth.history)

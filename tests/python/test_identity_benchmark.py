"""bench/independent_people.py (deterministic per seed, corruption rates in the documented
ranges) and the scoring bench/identity_benchmark.py uses, on hand-made clusterings with known
precision, recall and pair completeness."""

from __future__ import annotations

import unicodedata
from collections import Counter
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from bench import independent_people as people
from cdp.evaluation import cluster_at_threshold, pair_completeness, threshold_sweep


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


@pytest.fixture(scope="module")
def generated():  # -> independent_people.Generated
    # 2,000 persons (~3,600 records, 0.2 s): a rate of 0.15 is then known to about ±0.006.
    return people.generate(2000, seed=11)


def test_the_same_seed_writes_the_same_files(tmp_path: Path) -> None:
    for run in ("a", "b"):
        assert people.main(["--persons", "200", "--seed", "5",
                            "--output", str(tmp_path / f"{run}.csv"),
                            "--truth", str(tmp_path / f"{run}_truth.csv")]) == 0  # fmt: skip
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert (tmp_path / "a_truth.csv").read_bytes() == (tmp_path / "b_truth.csv").read_bytes()
    header = (tmp_path / "a.csv").read_text().splitlines()[0].split(",")
    assert tuple(header) == people.RECORD_COLUMNS
    other = people.generate(200, seed=6)
    assert other.records != people.generate(200, seed=5).records


def test_records_per_person_and_ids(generated) -> None:
    per_person = Counter(row["true_person_id"] for row in generated.truth)
    assert set(per_person.values()) <= {1, 2, 3, 4}
    assert len(per_person) == 2000
    shares = Counter(per_person.values())
    assert shares[1] > shares[2] > shares[3] > shares[4] > 0  # heavy tail, as documented
    ids = [(row["source_name"], row["source_record_id"]) for row in generated.records]
    assert len(set(ids)) == len(ids)
    assert ids == [(row["source_name"], row["source_record_id"]) for row in generated.truth]


def test_missing_values_are_10_to_20_percent_per_field(generated) -> None:
    records = generated.records
    for column in people.MISSING_RATE:
        share = sum(1 for row in records if not row[column]) / len(records)
        assert 0.09 <= share <= 0.21, (column, share)


def test_field_errors_are_in_the_documented_ranges(generated) -> None:
    person_of = {row["source_record_id"]: row["true_person_id"] for row in generated.truth}
    persons = {person.person_id: person for person in generated.persons}
    emails_wrong = emails = dates_wrong = dates = last_wrong = lasts = 0
    nicknames = nicknamable = 0
    for row in generated.records:
        person = persons[person_of[row["source_record_id"]]]
        if row["email"]:
            emails += 1
            emails_wrong += row["email"].lower() not in person.emails
        if row["date_of_birth"]:
            dates += 1
            dates_wrong += row["date_of_birth"] != person.date_of_birth.isoformat()
        swapped = _plain(row["first_name"]) in {_plain(last) for last in person.last_names}
        if row["last_name"] and not swapped:
            lasts += 1
            last_wrong += _plain(row["last_name"]) not in {_plain(n) for n in person.last_names}
        if row["first_name"] and person.first_name in people.NAME_VARIANTS:
            nicknamable += 1
            variants = {_plain(v) for v in people.NAME_VARIANTS[person.first_name]}
            nicknames += _plain(row["first_name"]) in variants
    # Emails: typos only (3 %). Birth dates: a keyed digit (3 %) or a day/month swap (~1 %).
    assert 0.015 <= emails_wrong / emails <= 0.08
    assert 0.02 <= dates_wrong / dates <= 0.08
    # Last names: typos 5 %, phonetic 3 %, OCR 1 % (a phonetic rule may not apply).
    assert 0.04 <= last_wrong / lasts <= 0.13
    assert 0.06 <= nicknames / nicknamable <= 0.18  # 12 % documented
    moved = sum(len(person.addresses) > 1 for person in generated.persons) / 2000
    changed = sum(len(person.emails) > 1 for person in generated.persons) / 2000
    assert 0.07 <= moved <= 0.13
    assert 0.07 <= changed <= 0.13


def test_typo_kinds_edit_one_character() -> None:
    import random

    py = random.Random(3)
    for kind in ("substitute", "delete", "insert", "transpose"):
        for _ in range(50):
            changed = people.typo("Catherine", py, kind)
            assert abs(len(changed) - len("Catherine")) <= 1
            assert changed != "Catherine" or kind == "substitute"


# -- scoring -------------------------------------------------------------------------------------


def _truth() -> pa.Table:
    # True persons: {a1, a2, a3}, {b1, b2}, {c1}; x has no known person.
    return pa.table(
        {
            "node": [0, 1, 2, 3, 4, 5, 6],
            "record_key": ["a1", "a2", "a3", "b1", "b2", "c1", "x"],
            "true_person_id": ["A", "A", "A", "B", "B", "C", None],
        }
    )


@pytest.fixture
def scored_pairs() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(
        """
        create table pairs as
        select * from (values
            ('a1', 'a2', 0.99),
            ('a2', 'a3', 0.70),
            ('a3', 'b1', 0.97),
            ('b1', 'b2', 0.50),
            ('c1', 'x', 0.999)
        ) as pairs (record_key_l, record_key_r, match_probability)
        """
    )
    con.execute(
        """
        create table edges as
        select * from (values ('b2', 'c1')) as edges (record_key, anchor_record_key)
        """
    )
    return con


def test_reclustering_gives_known_precision_and_recall(scored_pairs) -> None:
    # At 0.96 without deterministic edges: {a1, a2}, {a3, b1}, {b2}, {c1, x}.
    # True pairs: a1a2 a1a3 a2a3 b1b2 = 4; predicted among known records: a1a2, a3b1 = 2;
    # correct: a1a2 = 1.
    result = cluster_at_threshold(
        scored_pairs, _truth(), 0.96, pairs="pairs", deterministic_edges=None
    )
    assert (result.pairwise.true_pairs, result.pairwise.predicted_pairs) == (4, 2)
    assert result.pairwise.correct_pairs == 1
    assert result.pairwise.precision == pytest.approx(0.5)
    assert result.pairwise.recall == pytest.approx(0.25)
    # Clusters with a known record: {a1,a2} pure, {a3,b1} not, {b2} pure, {c1} pure;
    # complete persons: C only.
    assert (result.clusters.predicted_clusters, result.clusters.pure_clusters) == (4, 3)
    assert (result.clusters.true_persons, result.clusters.complete_persons) == (3, 1)
    # The deterministic edge b2-c1 joins two true persons: b2c1 becomes a wrong pair.
    with_edges = cluster_at_threshold(
        scored_pairs, _truth(), 0.96, pairs="pairs", deterministic_edges="edges"
    )
    assert (with_edges.pairwise.predicted_pairs, with_edges.pairwise.correct_pairs) == (3, 1)


def test_the_sweep_finds_the_best_threshold(scored_pairs) -> None:
    # At 0.5 {a1,a2,a3,b1,b2}: 10 predicted pairs, 4 correct, F1 0.571; at 0.6 and 0.7
    # {a1,a2,a3,b1}: 6 predicted, 3 correct, F1 0.6; at 0.8-0.97 F1 0.333; at 0.98-0.99
    # {a1,a2}: 1 of 1, recall 0.25, F1 0.4; at 0.995 nothing: F1 0. The first best is 0.6.
    sweep, best = threshold_sweep(
        scored_pairs, _truth(), [0.96], pairs="pairs", deterministic_edges=None
    )
    assert sweep[0].threshold == 0.96
    assert sweep[0].pairwise.f1 == pytest.approx(2 * 0.5 * 0.25 / 0.75)
    assert best.threshold == 0.6
    assert best.pairwise.f1 == pytest.approx(0.6)


def test_pair_completeness_counts_candidates_and_deterministic_groups(scored_pairs) -> None:
    # True pairs a1a2 a1a3 a2a3 b1b2; candidates cover all but a1a3.
    found = pair_completeness(
        scored_pairs, _truth(), candidate_pairs="pairs", deterministic_edges=None
    )
    assert (found.true_pairs, found.covered_pairs) == (4, 3)
    assert found.completeness == pytest.approx(0.75)
    assert (found.candidate_pairs, found.deterministic_edges) == (5, 0)
    # Deterministic edges b2-c1 and a1-a3: a1 and a3 in one group, the candidate a1a2 joins
    # that group to a2 (a resolver may compare one record per group), b1b2 joins b1 to
    # {b2, c1}: every true pair is reachable.
    scored_pairs.execute("insert into edges values ('a1', 'a3')")
    grouped = pair_completeness(
        scored_pairs, _truth(), candidate_pairs="pairs", deterministic_edges="edges"
    )
    assert (grouped.covered_pairs, grouped.deterministic_edges) == (4, 2)

"""Identity resolution on records this project did not generate: the parameters hold whatever
the input (two records, a narrow vocabulary), levels stay ordered, namesakes stay apart."""

from __future__ import annotations

import csv
import random
from collections import Counter
from datetime import date, timedelta
from itertools import combinations
from pathlib import Path

import duckdb

from .identity_inputs import persons_of, resolve_csv


def _pairs(tmp_path: Path) -> list[dict[str, str]]:
    with (tmp_path / "persons_pairs.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_two_spellings_of_one_person_match_with_positive_agreement_weights(
    tmp_path: Path,
) -> None:
    """Two records are all the input: u cannot come from them alone (their one random pair is a
    match), so exact agreement must still count for, not against."""
    result = resolve_csv(
        tmp_path,
        "source_record_id,first_name,last_name,date_of_birth\n"
        "1,Zoë,Lefèvre,1980-02-03\n"
        "2,Zoe,Lefevre,1980-02-03\n",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(set(persons_of(tmp_path).values())) == 1
    (pair,) = _pairs(tmp_path)
    assert float(pair["match_probability"]) >= 0.96
    for comparison in ("first_name", "last_name", "date_of_birth"):
        assert pair[f"level_{comparison}"] == "exact"
        assert float(pair[f"weight_{comparison}"]) > 0, comparison


def _narrow_vocabulary_records(seed: int = 7) -> tuple[str, dict[str, int]]:
    """2,000 persons from 30 first names and 40 last names in 5 cities, 1-2 records each (the
    second with a typo now and then), and two namesakes born four years apart in one city."""
    rng = random.Random(seed)
    first_names = [f"{stem}{suffix}" for stem in ("nico", "mar", "jul") for suffix in "abcdefghij"]
    last_names = [
        f"mer{stem}{suffix}" for stem in ("ci", "lo", "ta", "vu") for suffix in "abcdefghij"
    ]
    cities = ["Paris", "Lyon", "Lille", "Nantes", "Nice"]
    rows = ["source_record_id,first_name,last_name,date_of_birth,city,country"]
    truth: dict[str, int] = {}
    record = 0
    for person in range(2000):
        first, last = rng.choice(first_names), rng.choice(last_names)
        born = date(1940, 1, 1) + timedelta(days=rng.randrange(60 * 365))
        city = rng.choice(cities)
        for copy in range(rng.choice((1, 2))):
            name = first
            if copy and rng.random() < 0.3:
                position = rng.randrange(1, len(first))
                name = first[:position] + first[position + 1 :]
            record += 1
            rows.append(f"r{record},{name},{last},{born.isoformat()},{city},FR")
            truth[f"r{record}"] = person
    for namesake, born in (("n1", "1942-03-14"), ("n2", "1946-09-02")):
        rows.append(f"{namesake},Nicolas,Mercier,{born},Paris,FR")
        truth[namesake] = -len(truth)
    return "\n".join(rows) + "\n", truth


def test_narrow_vocabulary_keeps_precision_and_namesakes_apart(tmp_path: Path) -> None:
    """30 first names and 40 last names: agreeing names are weak evidence and a different
    birth date is strong evidence against, so namesakes stay apart."""
    text, truth = _narrow_vocabulary_records()
    database = tmp_path / "kept.duckdb"
    result = resolve_csv(tmp_path, text, "--keep-database", str(database))
    assert result.returncode == 0, result.stdout + result.stderr
    persons = persons_of(tmp_path)
    assert persons["n1"] != persons["n2"], "namesakes born four years apart merged"

    members: dict[str, list[str]] = {}
    for record, person in persons.items():
        members.setdefault(person, []).append(record)
    predicted = {frozenset(pair) for group in members.values() for pair in combinations(group, 2)}
    true_pairs = sum(count * (count - 1) // 2 for count in Counter(truth.values()).values())
    correct = sum(1 for left, right in predicted if truth[left] == truth[right])
    precision = correct / len(predicted)
    recall = correct / true_pairs
    assert precision >= 0.99, f"pairwise precision {precision:.3f}"
    assert recall >= 0.9, f"pairwise recall {recall:.3f}"

    with duckdb.connect(str(database), read_only=True) as con:
        (else_weight,) = con.execute(
            "select max(match_weight) from intermediate.int_identity__match_parameters "
            "where comparison = 'date_of_birth' and comparison_level = 'else'"
        ).fetchone()
    assert else_weight <= -3.0, "a different birth date must be strong evidence against"


def test_learnt_levels_are_ordered(tmp_path: Path) -> None:
    """Whatever EM learns, no level of a comparison weighs more than a more similar one (side
    levels such as `swapped` only never more than the first), and the ceilings hold."""
    text, _ = _narrow_vocabulary_records(seed=11)
    database = tmp_path / "kept.duckdb"
    result = resolve_csv(tmp_path, text, "--keep-database", str(database))
    assert result.returncode == 0, result.stdout + result.stderr
    with duckdb.connect(str(database), read_only=True) as con:
        rows = con.execute(
            "select rule_order, comparison, level_order, is_side_level, match_weight, "
            "max_weight from intermediate.int_identity__match_parameters "
            "where comparison <> 'prior' order by rule_order, comparison, level_order"
        ).fetchall()
    levels: dict[tuple[int, str], list[tuple[bool, float, float | None]]] = {}
    for rule, comparison, _, is_side, weight, ceiling in rows:
        levels.setdefault((rule, comparison), []).append((is_side, weight, ceiling))
    assert levels
    for key, ordered in levels.items():
        first = ordered[0][1]
        previous = first
        for is_side, weight, ceiling in ordered:
            assert weight <= first + 1e-9, key
            if ceiling is not None:
                assert weight <= ceiling + 1e-9, key
            if not is_side:
                assert weight <= previous + 1e-9, key
                previous = weight

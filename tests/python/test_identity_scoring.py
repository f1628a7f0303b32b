"""Probabilistic scoring on a small real warehouse: generated data plus hand-made CRM contacts
whose fate is known, built by a real dbt run of the scoring models."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from cdp.dbt_runner import run_dbt
from cdp.generator import generate

SCORING = "+int_identity__scored_pairs"
# (contact_id, first, last, email, phone, birth date, street, postcode, city)
CONTACTS = [
    # One person twice: a new email and phone, same name, birth date and address.
    ("CRM-T-SAME-1", "Gwendoline", "Quesnel-Abgrall", "gwen.quesnel@example.org", "0611111111",
     "1977-04-19", "8 impasse des Tilleuls", "29200", "Brest"),
    ("CRM-T-SAME-2", "Gwendoline", "Quesnel-Abgrall", "g.q.abgrall@example.net", "0622222222",
     "1977-04-19", "8 impasse des Tilleuls", "29200", "Brest"),
    # Same first name and initial in the same postcode: other birth date, street, email, phone.
    ("CRM-T-OTHER", "Gwendoline", "Quere", "quere.g@example.com", "0633333333",
     "1950-11-02", "1 quai de la Douane", "29200", "Brest"),
    # Two obviously fake identities: same junk name, blocklisted email and phone.
    ("CRM-T-FAKE-1", "Test", "Test", "test@test.com", "0000000000",
     "1990-01-01", "1 rue du Test", "75001", "Paris"),
    ("CRM-T-FAKE-2", "Test", "Test", "test@test.com", "0000000000",
     "1990-01-01", "1 rue du Test", "75001", "Paris"),
]  # fmt: skip


def _add_contacts(database: Path) -> None:
    with duckdb.connect(str(database)) as con:
        template = con.execute(
            """
            select cast(_airbyte_raw_id as varchar) from raw_crm.contacts
            where json_array_length(_airbyte_meta -> '$.changes') = 0
                and contact_id is not null
                and updated_at between created_at and _airbyte_extracted_at
            order by contact_id limit 1
            """
        ).fetchone()[0]
        for number, (
            contact_id,
            first,
            last,
            email,
            phone,
            born,
            street,
            postcode,
            city,
        ) in enumerate(CONTACTS):
            con.execute(
                f"""
                insert into raw_crm.contacts by name
                select * replace (
                    cast('00000000-0000-4000-9000-{number:012d}' as uuid) as _airbyte_raw_id,
                    ? as contact_id, ? as first_name, ? as last_name, ? as email, ? as phone,
                    ? as birth_date, ? as street_address, ? as postcode, ? as city,
                    null as loyalty_card_number
                )
                from raw_crm.contacts where _airbyte_raw_id = cast('{template}' as uuid)
                """,
                [contact_id, first, last, email, phone, born, street, postcode, city],
            )


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory, project: Path) -> Path:
    database = tmp_path_factory.mktemp("scoring") / "cdp.duckdb"
    as_of = datetime.now(UTC).replace(second=0, microsecond=0)
    generate(database, profiles=400, seed=11, as_of=as_of)
    _add_contacts(database)
    # Models and the seeds they read (nicknames, blocklist).
    run_dbt(
        ["build", "--select", SCORING, "--resource-type", "model", "--resource-type", "seed"],
        project=project,
        database=database,
    )
    return database


def _probability(database: Path, left: str, right: str) -> float | None:
    keys = sorted([f"crm_contact:{left}", f"crm_contact:{right}"])
    with duckdb.connect(str(database), read_only=True) as con:
        row = con.execute(
            """
            select match_probability from intermediate.int_identity__scored_pairs
            where record_key_l = ? and record_key_r = ?
            """,
            keys,
        ).fetchone()
    return None if row is None else row[0]


def test_one_person_with_new_contact_details_scores_as_a_match(scored: Path) -> None:
    probability = _probability(scored, "CRM-T-SAME-1", "CRM-T-SAME-2")
    assert probability is not None, "the pair was never blocked"
    assert probability >= 0.96


def test_a_namesake_in_the_same_postcode_scores_low(scored: Path) -> None:
    for same in ("CRM-T-SAME-1", "CRM-T-SAME-2"):
        probability = _probability(scored, same, "CRM-T-OTHER")
        assert probability is not None, "postcode + first name + initial should block the pair"
        assert probability < 0.5


def test_fake_identities_never_score_as_matches(scored: Path) -> None:
    probability = _probability(scored, "CRM-T-FAKE-1", "CRM-T-FAKE-2")
    assert probability is None or probability < 0.5
    with duckdb.connect(str(scored), read_only=True) as con:
        blanked = con.execute(
            """
            select first_name, last_name, email, phone
            from intermediate.int_identity__records_for_scoring
            where record_key = 'crm_contact:CRM-T-FAKE-1'
            """
        ).fetchall()
    assert blanked in ([], [(None, None, None, None)])


def test_parameters_are_versioned_and_probabilities_follow_the_weights(scored: Path) -> None:
    with duckdb.connect(str(scored), read_only=True) as con:
        versions = con.execute(
            "select count(distinct parameters_version) "
            "from intermediate.int_identity__match_parameters"
        ).fetchone()[0]
        worst = con.execute(
            """
            select max(abs(match_probability - 1 / (1 + pow(2, -match_weight)))),
                max(abs(match_weight - prior_weight - weight_first_name - weight_last_name
                    - weight_date_of_birth - weight_email - weight_phone - weight_address))
            from intermediate.int_identity__scored_pairs
            """
        ).fetchone()
    assert versions == 1
    assert worst[0] < 1e-9 and worst[1] < 1e-9


def test_each_rule_learns_its_prior_on_the_pairs_it_scores(scored: Path) -> None:
    """The second EM stage counts exactly the pairs a rule scores (found first, no shared
    identifier); their share of matches differs from the training blocks' share."""
    with duckdb.connect(str(scored), read_only=True) as con:
        rules = con.execute(
            """
            select
                parameters.blocking_rule,
                parameters.scored_pairs,
                count(pairs.pair_key),
                parameters.training_pairs,
                parameters.m_probability,
                parameters.training_m_probability
            from intermediate.int_identity__match_parameters as parameters
            left join intermediate.int_identity__scored_pairs as pairs
                on pairs.blocking_rule = parameters.blocking_rule
            where parameters.comparison = 'prior'
            group by all
            """
        ).fetchall()
    assert len(rules) >= 2
    for rule, learnt_on, scored_pairs, training_pairs, _, _ in rules:
        assert learnt_on == scored_pairs, rule
        assert training_pairs >= scored_pairs, rule
    assert any(prior < training_prior for *_, prior, training_prior in rules)


def test_training_counts_pairs_sharing_an_identifier_as_matches(
    scored: Path, project: Path, tmp_path: Path
) -> None:
    """They are linked without a score, so training takes them as matches, whatever else they
    disagree on: a rule whose blocks are nearly all such pairs (phone) cannot fit them as its
    own non-match class instead, as EM did at 1 M records."""
    database = tmp_path / "cdp.duckdb"
    shutil.copy(scored, database)
    rule = "phone_last_8_digits"
    disagree = ", ".join(
        f"level_{name} = case when level_{name} = 'null' then 'null' else 'else' end"
        for name in ("first_name", "last_name", "date_of_birth", "email", "address")
    )
    with duckdb.connect(str(database)) as con:
        # The phone rule's pairs that share an identifier now disagree on everything else.
        con.execute(
            f"""
            update intermediate.int_identity__comparison_patterns set {disagree}
            where blocking_rule = ? and shares_identifier
            """,
            [rule],
        )
    run_dbt(["run", "--select", "int_identity__match_parameters"], project=project,
            database=database)  # fmt: skip
    with duckdb.connect(str(database), read_only=True) as con:
        prior, pairs, shared = con.execute(
            """
            select
                parameters.training_m_probability,
                parameters.training_pairs,
                sum(patterns.pair_count) filter (where patterns.shares_identifier)
            from intermediate.int_identity__match_parameters as parameters
            inner join intermediate.int_identity__comparison_patterns as patterns
                on patterns.blocking_rule = parameters.blocking_rule
            where parameters.comparison = 'prior' and parameters.blocking_rule = ?
            group by all
            """,
            [rule],
        ).fetchone()
    assert shared >= 0.9 * pairs
    # Every shared pair counts as a match; the prior is smoothed by 100 pseudo pairs.
    assert prior * (pairs + 100) >= shared


def test_em_that_does_not_converge_fails_the_build_loudly(scored: Path, project: Path) -> None:
    dbt = Path(sys.executable).parent / "dbt"
    result = subprocess.run(
        [str(dbt), "run", "--select", "int_identity__match_parameters",
         "--vars", "{identity_em_max_iterations: 2, identity_em_tolerance: 0.000000001}",
         "--project-dir", str(project), "--profiles-dir", str(project)],
        capture_output=True, text=True, cwd=project, check=False,
        env={**os.environ, "CDP_DUCKDB_PATH": str(scored)},
    )  # fmt: skip
    assert result.returncode != 0
    assert "did not converge" in result.stdout
    assert "identity_em_max_iterations" in result.stdout

"""bench.splink_compare's own pieces: the translation of our settings into Splink's, and the
scoring of Splink's output by cdp/evaluation.py on a tiny hand-made result. Splink itself runs
only where `make splink` made `.venv-splink` (the last test says so when it skips)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import duckdb
import pytest

from bench import splink_compare as compare
from cdp.evaluation import evaluate
from cdp.identity_settings import Comparison, IdentitySettings, load_identity_settings
from cdp.project import project_dir

# A var changed on the command line reaches the Splink settings (shared with
# test_identity_settings.py: one dbt run for both).
OVERRIDES = {"identity_name_jaro_winkler_high": 0.95, "identity_birth_date_within_days": 7}


@pytest.fixture(scope="module")
def settings() -> IdentitySettings:
    """The identity settings as dbt prints them (one `dbt run-operation`)."""
    return load_identity_settings(project_dir(), target="duckdb")


def test_our_blocking_rules_become_splink_rules_key_for_key() -> None:
    rules = compare.splink_blocking_rules(
        [
            {"name": "email_local_part", "keys": ["email_local_part"]},
            {"name": "birth_date_last_name", "keys": ["date_of_birth", "substr(last_name, 1, 3)"]},
        ]
    )
    assert rules == [
        {"name": "email_local_part", "blocking_rule": "l.email_local_part = r.email_local_part"},
        {
            "name": "birth_date_last_name",
            "blocking_rule": "l.date_of_birth = r.date_of_birth"
            " and substr(l.last_name, 1, 3) = substr(r.last_name, 1, 3)",
        },
    ]


def test_every_project_blocking_rule_translates(settings: IdentitySettings) -> None:
    rules = compare.splink_blocking_rules(settings.blocking_rules)
    assert [rule["name"] for rule in rules] == [rule["name"] for rule in settings.blocking_rules]
    for rule in rules:
        # Every column is on a side; nothing but functions and `and` is left bare.
        rest = re.sub(r"\b[lr]\.[a-z0-9_]+", "", rule["blocking_rule"])
        bare = set(re.findall(r"[a-z_]+", rest)) - {"substr", "and"}
        assert bare == set(), rule


def test_literals_stay_and_unknown_columns_fail() -> None:
    assert compare.side_key("coalesce(city, 'last_name')", "l") == "coalesce(l.city, 'last_name')"
    with pytest.raises(compare.SplinkCompareError, match="crm_contact_id"):
        compare.side_key("crm_contact_id", "l")


def _settings_with(*comparisons: Comparison) -> IdentitySettings:
    return IdentitySettings(
        blocking_rules=(),
        comparisons=comparisons,
        auto_merge_threshold=0.96,
        review_threshold=0.9,
        junk_name_values=(),
        u_sample_records=10,
        u_sample_seed=1,
        em_max_iterations=5,
        em_tolerance=0.01,
        target_type="duckdb",
    )


def test_a_comparison_becomes_splink_levels_from_the_sql_dbt_rendered() -> None:
    """Splink's null level first, each level's SQL with Splink's column names, a level with a
    term frequency as the exact match of the term's column, ELSE last."""
    comparison = Comparison(
        name="first_name",
        levels=("exact", "jaro_winkler_high", "else"),
        conditions={
            "null": "l.first_name is null or r.first_name is null",
            "exact": "l.first_name_canonical = r.first_name_canonical",
            "jaro_winkler_high": "jaro_winkler_similarity(l.first_name, r.first_name) >= 0.9",
        },
        tf={"exact": "first_name"},
    )
    (translated,) = compare.splink_comparisons(_settings_with(comparison))
    assert translated == {
        "output_column_name": "first_name",
        "comparison_levels": [
            {
                "sql_condition": "first_name_l is null or first_name_r is null",
                "label_for_charts": "null",
                "is_null_level": True,
            },
            {
                "sql_condition": "first_name_canonical_l = first_name_canonical_r",
                "label_for_charts": "exact",
                "tf_adjustment_column": "first_name_canonical",
                "tf_adjustment_weight": 1.0,
            },
            {
                "sql_condition": "jaro_winkler_similarity(first_name_l, first_name_r) >= 0.9",
                "label_for_charts": "jaro_winkler_high",
            },
            {"sql_condition": "ELSE", "label_for_charts": "else"},
        ],
    }
    assert compare.splink_condition("l.city = 'l.city'") == "city_l = 'l.city'"
    with pytest.raises(compare.SplinkCompareError, match="crm_contact_id"):
        compare.splink_condition("l.crm_contact_id = r.crm_contact_id")


def test_splink_comparisons_have_our_levels_in_our_order(settings: IdentitySettings) -> None:
    """The same levels as macro identity_comparisons (Splink adds its null level first, which
    ours has implicitly), every column one the export has."""
    theirs = {
        comparison["output_column_name"]: [
            level["label_for_charts"] for level in comparison["comparison_levels"]
        ]
        for comparison in compare.splink_comparisons(settings)
    }
    assert theirs == {c.name: ["null", *c.levels] for c in settings.comparisons}
    assert set(theirs) == {
        "first_name", "last_name", "date_of_birth", "email", "phone", "address"
    }  # fmt: skip
    for comparison in compare.splink_comparisons(settings):
        levels = comparison["comparison_levels"]
        assert levels[0]["is_null_level"] and levels[-1]["sql_condition"] == "ELSE"


def test_comparison_thresholds_follow_the_project_vars() -> None:
    overridden = load_identity_settings(project_dir(), target="duckdb", variables=OVERRIDES)
    conditions = " ".join(
        level["sql_condition"] for comparison in compare.splink_comparisons(overridden)
        for level in comparison["comparison_levels"]
    )  # fmt: skip
    assert "jaro_winkler_similarity(first_name_l, first_name_r) >= 0.95" in conditions
    assert "<= 7" in conditions and ">= 0.92" not in conditions


def test_job_trains_em_on_each_blocking_rule_with_our_u_sample_size(
    tmp_path: Path, settings: IdentitySettings
) -> None:
    job = compare.splink_job(settings, tmp_path)
    assert job["training"]["em_blocking_rules"] == [
        rule["blocking_rule"] for rule in job["settings"]["blocking_rules_to_generate_predictions"]
    ]
    sample = settings.u_sample_records
    assert job["training"]["u_max_pairs"] == sample * (sample - 1) // 2
    assert job["threshold"] == settings.auto_merge_threshold
    json.dumps(job)  # the child process reads it as JSON


def test_our_phases_sum_model_times() -> None:
    phases = compare.our_phases(
        [("stg_crm__contacts", 1.0), ("int_identity__normalised_records", 2.0),
         ("int_identity__match_parameters", 3.0), ("int_identity__u_from_random_pairs", 0.5),
         ("identity_match_pairs", 0.25), ("int_identity__clusters", 0.25)]
    )  # fmt: skip
    assert phases == {
        "staging views + seeds": 1.0,
        "canonical records": 2.0,
        "m (EM)": 3.0,
        "u (random pairs)": 0.5,
        "cluster + outputs": 0.5,
    }


def _tiny_project_database(path: Path) -> None:
    """Five CRM records of two real persons, A = {1, 2, 3} and B = {4, 5}, with the tables
    evaluate() reads; no deterministic edges."""
    with duckdb.connect(str(path)) as con:
        con.execute("create schema intermediate; create schema marts; create schema cdp_truth")
        con.execute(
            """
            create table intermediate.int_identity__normalised_records as
            select
                'crm_contact:' || id as record_key, 'crm_contact' as source_name,
                id as source_record_id, 'name' || id as first_name,
                null::varchar as last_name, null::date as date_of_birth,
                null::varchar as email, null::varchar as phone,
                null::varchar as street_address, null::varchar as crm_contact_id,
                null::varchar as shop_customer_id, null::varchar as loyalty_card_number,
                null::varchar as cookie_id
            from (values ('1'), ('2'), ('3'), ('4'), ('5')) as ids (id)
            """
        )
        con.execute(
            """
            create table intermediate.int_identity__deterministic_edges (
                record_key varchar, anchor_record_key varchar,
                identifier_type varchar, identifier_value varchar
            );
            create table intermediate.int_identity__identifier_exclusions (
                identifier_type varchar, identifier_value varchar
            );
            create table cdp_truth.record_persons as
            select 'raw_crm.contacts' as source_table, id as source_record_id, person_id
            from (values ('1', 'A'), ('2', 'A'), ('3', 'A'), ('4', 'B'), ('5', 'B'))
                as truth (id, person_id);
            create table cdp_truth.cookie_persons (cookie_id varchar, person_id varchar);
            -- Records 1 and 2 share an identifier: one deterministic group.
            create table intermediate.int_identity__groups_by_certain_links as
            select
                'crm_contact:' || id as record_key, 'crm_contact:' || g as group_key,
                count(*) over (partition by g) as group_size
            from (values ('1', '1'), ('2', '1'), ('3', '3'), ('4', '4'), ('5', '5'))
                as groups (id, g);
            """
        )


def test_splink_output_is_scored_by_our_evaluation(tmp_path: Path) -> None:
    ours = tmp_path / "ours.duckdb"
    _tiny_project_database(ours)
    output = tmp_path / "splink"
    output.mkdir()
    with duckdb.connect() as con:
        # Splink's clusters {1, 2} {3, 4, 5}; its pairs with their probabilities.
        con.execute(
            f"""
            copy (
                select 'crm_contact:' || id as record_key, 'crm_contact:' || cluster as cluster_id
                from (values ('1', '1'), ('2', '1'), ('3', '3'), ('4', '3'), ('5', '3'))
                    as clusters (id, cluster)
            ) to '{output / "clusters.parquet"}' (format parquet);
            copy (
                select
                    'crm_contact:' || l as record_key_l, 'crm_contact:' || r as record_key_r,
                    p as match_probability, 0.0 as match_weight
                from (values ('1', '2', 0.995), ('3', '4', 0.97), ('4', '5', 0.97),
                    ('1', '3', 0.6)) as pairs (l, r, p)
            ) to '{output / "predictions.parquet"}' (format parquet)
            """
        )
    scored = compare.splink_evaluation_database(ours, output, tmp_path / "splink.duckdb")
    report = evaluate(scored, (0.90, 0.96))
    pairs, clusters = report.as_built.pairwise, report.as_built.clusters
    # True pairs 12 13 23 45; predicted 12 34 35 45; correct 12 45.
    assert (pairs.true_pairs, pairs.predicted_pairs, pairs.correct_pairs) == (4, 4, 2)
    assert (clusters.predicted_clusters, clusters.pure_clusters) == (2, 1)
    assert (clusters.true_persons, clusters.complete_persons) == (2, 1)
    # Re-clustering Splink's pairs at 0.96 gives back its clusters.
    assert report.sweep[1].pairwise == pairs
    shares = {(band.low, band.high): (band.pairs, band.true_matches) for band in report.calibration}
    assert shares[(0.96, 0.99)] == (2, 1)
    assert shares[(0.99, 1.0)] == (1, 1)
    assert shares[(0.5, 0.8)] == (1, 1)
    # Across deterministic groups only: the pair 1-2 (one group) no longer counts.
    across = {
        (band.low, band.high): (band.pairs, band.true_matches)
        for band in compare.calibration_across_groups(scored)
    }
    assert across[(0.96, 0.99)] == (2, 1)
    assert across[(0.99, 1.0)] == (0, 0)
    assert across[(0.5, 0.8)] == (1, 1)
    assert across[(0.0, 0.5)] == (0, 0)
    summary = compare.side_summary(compare.Side("splink", 5, {}, 1.0, 1.0, report, None))
    assert summary["threshold"] == 0.96
    assert (summary["pairs_precision"], summary["clusters_recall"]) == (0.5, 0.5)
    assert [0.96, 0.99, 2, 1] in summary["calibration"]


def test_splink_clusters_must_cover_every_record(tmp_path: Path) -> None:
    ours = tmp_path / "ours.duckdb"
    _tiny_project_database(ours)
    output = tmp_path / "splink"
    output.mkdir()
    with duckdb.connect() as con:
        con.execute(
            f"""
            copy (select 'crm_contact:1' as record_key, 'crm_contact:1' as cluster_id)
            to '{output / "clusters.parquet"}' (format parquet);
            copy (
                select 'crm_contact:1' as record_key_l, 'crm_contact:2' as record_key_r,
                    0.5 as match_probability, 0.0 as match_weight
            ) to '{output / "predictions.parquet"}' (format parquet)
            """
        )
    with pytest.raises(compare.SplinkCompareError, match="lack 4 canonical records"):
        compare.splink_evaluation_database(ours, output, tmp_path / "splink.duckdb")


SPLINK_PYTHON = project_dir() / ".venv-splink" / "bin" / "python"


@pytest.mark.skipif(not SPLINK_PYTHON.exists(), reason="no .venv-splink: run `make splink`")
def test_splink_runs_our_job_and_clusters_with_the_prelinked_pairs(
    tmp_path: Path, settings: IdentitySettings
) -> None:
    """splink_run.py on 40 hand-made records: twins (same person, one typo) must be scored,
    a deterministic edge between two strangers (it stands for a shared identifier) must
    join them, and every record gets a cluster."""
    rows = []
    for person in range(20):
        for copy in range(2):
            rows.append(
                (
                    f"crm_contact:{person}-{copy}",
                    "crm_contact",
                    ("jeanne" if copy == 0 else "jeane") + chr(97 + person % 26),
                    f"dupont{person}",
                    f"19{50 + person}-0{1 + person % 9}-1{person % 10}",
                    f"person{person}@example.com",
                    f"+3361234{person:04d}",
                    f"{person} rue de la paix",
                    f"750{person:02d}",
                    "paris",
                )
            )
    records = tmp_path / "records.parquet"
    edges = tmp_path / "deterministic_edges.parquet"
    with duckdb.connect() as con:
        con.execute(
            """
            create table raw (
                record_key varchar, source_name varchar, first_name varchar, last_name varchar,
                date_of_birth date, email varchar, phone varchar, street_address varchar,
                postcode varchar, city varchar
            )
            """
        )
        con.executemany("insert into raw values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        con.execute(
            f"""
            copy (
                select
                    *,
                    'jeanne' || right(first_name, 1) as first_name_canonical,
                    split_part(email, '@', 1) as email_local_part,
                    split_part(email, '@', 2) as email_domain,
                    right(phone, 8) as phone_last_8_digits,
                    street_address || '|' || postcode as street_postcode,
                    -- Soundex of dupont<n> (the export reads the models' soundex macro).
                    'D153' as last_name_soundex
                from raw
            ) to '{records}' (format parquet);
            copy (
                select 'crm_contact:1-0' as record_key, 'crm_contact:0-0' as anchor_record_key
            ) to '{edges}' (format parquet)
            """
        )
    job = compare.splink_job(settings, tmp_path)
    job["training"]["u_max_pairs"] = 1e4
    job_file = tmp_path / "job.json"
    job_file.write_text(json.dumps(job))
    subprocess.run(
        [str(SPLINK_PYTHON), "-m", "bench.splink_run", str(job_file)],
        cwd=project_dir(),
        check=True,
        capture_output=True,
    )
    with duckdb.connect() as con:
        clusters = dict(
            con.execute(
                f"select record_key, cluster_id from '{tmp_path / 'splink' / 'clusters.parquet'}'"
            ).fetchall()
        )
        scored = con.execute(
            f"select count(*) from '{tmp_path / 'splink' / 'predictions.parquet'}'"
        ).fetchall()[0][0]
    assert len(clusters) == 40
    assert scored >= 20  # every pair of twins shares its email local part
    assert clusters["crm_contact:1-0"] == clusters["crm_contact:0-0"]
    report = json.loads((tmp_path / "splink" / "phases.json").read_text())
    assert report["splink_version"] == "5.0.0" and report["peak_rss_mib"] > 0
    assert report["cpu_seconds"] > 0

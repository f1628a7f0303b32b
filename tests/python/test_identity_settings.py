"""`dbt run-operation print_identity_settings` read by cdp/identity_settings.py: the settings
Python uses are the ones the models use, and follow the vars."""

from __future__ import annotations

import pytest
import yaml

from cdp.evaluation import STRICT_THRESHOLD, default_thresholds
from cdp.identity_settings import IdentitySettings, IdentitySettingsError, load_identity_settings
from cdp.project import project_dir

# The same overrides as test_bench_splink.py: one dbt run serves both.
OVERRIDES = {"identity_name_jaro_winkler_high": 0.95, "identity_birth_date_within_days": 7}


@pytest.fixture(scope="module")
def settings() -> IdentitySettings:
    return load_identity_settings(project_dir(), target="duckdb")


def test_settings_are_the_project_vars(settings: IdentitySettings) -> None:
    variables = yaml.safe_load((project_dir() / "dbt_project.yml").read_text())["vars"]
    assert [
        {"name": rule["name"], "keys": rule["keys"]} for rule in settings.blocking_rules
    ] == variables["identity_blocking_rules"]
    assert [rule["order"] for rule in settings.blocking_rules] == list(
        range(1, len(variables["identity_blocking_rules"]) + 1)
    )
    assert settings.auto_merge_threshold == variables["identity_auto_merge_threshold"]
    assert settings.review_threshold == variables["identity_review_threshold"]
    assert settings.junk_name_values == tuple(variables["identity_junk_name_values"])
    assert settings.u_sample_records == variables["identity_u_sample_records"]
    assert settings.em_tolerance == variables["identity_em_tolerance"]
    assert settings.target_type == "duckdb"


def test_every_level_has_the_sql_the_models_compare_with(settings: IdentitySettings) -> None:
    for comparison in settings.comparisons:
        assert list(comparison.conditions) == ["null", *comparison.levels[:-1]], comparison.name
        assert comparison.levels[-1] == "else"
    first_name = {comparison.name: comparison for comparison in settings.comparisons}["first_name"]
    assert first_name.conditions["jaro_winkler_high"] == (
        "jaro_winkler_similarity(l.first_name, r.first_name) >= 0.92"
    )
    assert first_name.tf == {"exact": "first_name"}


def test_vars_given_on_the_command_line_reach_the_settings() -> None:
    overridden = load_identity_settings(project_dir(), target="duckdb", variables=OVERRIDES)
    by_name = {comparison.name: comparison for comparison in overridden.comparisons}
    assert by_name["first_name"].conditions["jaro_winkler_high"].endswith(">= 0.95")
    assert by_name["date_of_birth"].conditions["within_days"].endswith("<= 7")


def test_the_evaluation_scores_at_the_project_thresholds(settings: IdentitySettings) -> None:
    assert default_thresholds() == (
        settings.review_threshold,
        settings.auto_merge_threshold,
        STRICT_THRESHOLD,
    )


def test_unexpected_output_says_how_to_see_it() -> None:
    with pytest.raises(IdentitySettingsError, match="run it by hand"):
        IdentitySettings.from_json('{"blocking_rules": []}')

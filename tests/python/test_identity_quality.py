"""Identity resolution on the generated warehouse, judged against the generator's truth."""

from __future__ import annotations

import pytest

from cdp.evaluation import EvaluationReport, evaluate

from .conftest import Warehouse

# Bands with fewer scored pairs than this say little about calibration at the test's scale.
MIN_PAIRS_FOR_CALIBRATION = 30


@pytest.fixture(scope="module")
def report(warehouse: Warehouse) -> EvaluationReport:
    return evaluate(warehouse.database)


def test_every_canonical_record_gets_exactly_one_person(warehouse: Warehouse) -> None:
    records, mapped, distinct_mapped = warehouse.query(
        """
        select
            (select count(*) from intermediate.int_identity__normalised_records),
            (select count(*) from marts.customer_identity_map),
            (select count(distinct record_key) from marts.customer_identity_map)
        """
    )[0]
    assert records > 10_000
    assert mapped == distinct_mapped == records


def test_no_edge_is_built_on_an_excluded_value(report: EvaluationReport) -> None:
    assert report.edges_through_excluded_values == 0


def test_merges_are_precise_and_complete_at_the_default_threshold(
    report: EvaluationReport,
) -> None:
    at_default = next(result for result in report.sweep if result.threshold == 0.96)
    assert at_default.pairwise.precision >= 0.99
    assert at_default.pairwise.f1 >= 0.98
    assert report.as_built.pairwise.f1 >= 0.98


def test_match_probabilities_are_calibrated(report: EvaluationReport) -> None:
    judged = [band for band in report.calibration if band.pairs >= MIN_PAIRS_FOR_CALIBRATION]
    assert any(band.low >= 0.9 for band in judged)
    for band in judged:
        assert band.is_calibrated, (
            f"{band.low}-{band.high}: {band.match_share:.3f} of {band.pairs} pairs match"
        )

"""The evaluation's own arithmetic, on small hand-made clusterings."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pytest

from cdp.evaluation import CalibrationBand, connected_components, score_partition
from cdp.resolve import CANONICAL_COLUMNS, InputSchemaError, check_header


def test_a_long_chain_is_one_component() -> None:
    n = 1000
    order = np.random.default_rng(3).permutation(n)  # chain links in random node order
    labels = connected_components(n, order[:-1], order[1:])
    assert set(labels.tolist()) == {0}


def test_components_keep_strangers_apart() -> None:
    labels = connected_components(6, np.array([5, 1, 3]), np.array([4, 0, 2]))
    assert labels.tolist() == [0, 0, 2, 2, 4, 4]


def test_pairwise_and_cluster_scores() -> None:
    # True persons: {a1, a2, a3} and {b1, b2}; predicted: {a1, a2} {a3, b1} {b2}.
    truth = pa.table(
        {
            "record_key": ["a1", "a2", "a3", "b1", "b2", "x"],
            "person_id": ["p", "p", "q", "q", "r", "s"],
            "true_person_id": [1, 1, 1, 2, 2, None],
        }
    )
    with duckdb.connect() as con:
        pairwise, clusters = score_partition(con, truth, "person_id")
    assert (pairwise.true_pairs, pairwise.predicted_pairs, pairwise.correct_pairs) == (4, 2, 1)
    assert pairwise.precision == pytest.approx(0.5)
    assert pairwise.recall == pytest.approx(0.25)
    assert (clusters.predicted_clusters, clusters.pure_clusters) == (3, 2)
    assert (clusters.true_persons, clusters.complete_persons) == (2, 0)
    assert clusters.largest_cluster == 2


def test_a_band_is_calibrated_when_its_match_share_reaches_its_lower_edge() -> None:
    assert CalibrationBand(0.9, 0.96, pairs=100, true_matches=90).is_calibrated
    assert not CalibrationBand(0.9, 0.96, pairs=100, true_matches=89).is_calibrated
    assert CalibrationBand(0.9, 0.96, pairs=0, true_matches=0).is_calibrated


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (["source_record_id", "emial"], "unknown column 'emial'"),
        (["source_record_id", "email", "Email"], "appears twice"),
        (["email", "phone"], "missing required column 'source_record_id'"),
    ],
)
def test_a_wrong_input_schema_names_the_column(header: list[str], message: str) -> None:
    with pytest.raises(InputSchemaError, match=message):
        check_header(header)


def test_resolve_accepts_exactly_the_columns_the_identity_models_read(project: Path) -> None:
    """`cdp resolve` checks a CSV header against its own list: it must be the dbt macro's."""
    macro = (project / "macros/identity/records/identity_canonical_columns.sql").read_text()
    assert tuple(re.findall(r"\('(\w+)',", macro)) == CANONICAL_COLUMNS

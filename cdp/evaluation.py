"""How good is identity resolution? Compare the built identity map with the generator's truth.

Reads what `dbt build` wrote (the identity map, the scored pairs, the deterministic edges and
the identifier exclusions) and the truth in `cdp_truth`, which no model reads. Pairwise
precision/recall count pairs of records: a true pair is two records of one real person, a
predicted pair two records with one `person_id`. The threshold sweep re-clusters the
deterministic edges plus the scored pairs at or above each threshold, so thresholds can be
compared without rebuilding.
"""

from __future__ import annotations

import contextlib
import itertools
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute

from cdp.identity_settings import load_identity_settings
from cdp.project import model_relation

# Canonical source_name -> the raw table whose truth rows key it (cookies have their own table).
TRUTH_TABLE_OF_SOURCE = {
    "crm_contact": "raw_crm.contacts",
    "shop_customer": "raw_shop.customers",
    "shop_order": "raw_shop.orders",
    "shop_checkout": "raw_shop.abandoned_checkouts",
    "shop_review": "raw_shop.reviews",
    "pos_transaction": "raw_pos.transactions",
    "web_login": "raw_web.identifies",
    "web_email_click": "raw_web.events",  # keyed by the first landing event of the click
    "esp_send": "raw_esp.sends",
    "support_ticket": "raw_support.tickets",
    "billing_invoice": "raw_billing.unpaid_invoices",
}
COOKIE_SOURCE = "web_cookie"
# Scored besides the project's review and auto-merge thresholds (identity settings): merging
# only near-certain pairs.
STRICT_THRESHOLD = 0.99
PROBABILITY_BANDS = (0.0, 0.5, 0.8, 0.9, 0.96, 0.99, 1.0)
# Where the best threshold is looked for (the requested thresholds are added).
THRESHOLD_GRID = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.92, 0.94, 0.95, 0.96, 0.97, 0.98, 0.99, 0.995)

# The models read (their relations come from the dbt manifest: cdp.project.model_relation).
IDENTITY_MAP = "customer_identity_map"
MATCH_PAIRS = "identity_match_pairs"
DETERMINISTIC_EDGES = "int_identity__deterministic_edges"
EXCLUSIONS = "int_identity__identifier_exclusions"
RECORDS = "int_identity__normalised_records"
IDENTITY_MODELS = (IDENTITY_MAP, MATCH_PAIRS, DETERMINISTIC_EDGES, EXCLUSIONS, RECORDS)


class EvaluationError(RuntimeError):
    pass


@dataclass(frozen=True)
class PairwiseScores:
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class ClusterScores:
    """Purity: predicted persons holding one real person only; completeness: real persons
    whose records all landed in one predicted person."""

    predicted_clusters: int
    pure_clusters: int
    true_persons: int
    complete_persons: int
    largest_cluster: int

    @property
    def precision(self) -> float:
        return self.pure_clusters / self.predicted_clusters if self.predicted_clusters else 1.0

    @property
    def recall(self) -> float:
        return self.complete_persons / self.true_persons if self.true_persons else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class ThresholdResult:
    threshold: float
    pairwise: PairwiseScores
    clusters: ClusterScores


@dataclass(frozen=True)
class CalibrationBand:
    low: float
    high: float
    pairs: int
    true_matches: int

    @property
    def match_share(self) -> float:
        return self.true_matches / self.pairs if self.pairs else float("nan")

    @property
    def is_calibrated(self) -> bool:
        """At least the band's lower edge of its pairs are true matches (empty bands pass)."""
        return self.pairs == 0 or self.match_share >= self.low


@dataclass(frozen=True)
class PairCompleteness:
    """Blocking's reach: true pairs (two records of one person) that the resolver could link,
    because a candidate pair or the deterministic edges join their records."""

    true_pairs: int
    covered_pairs: int
    candidate_pairs: int
    deterministic_edges: int

    @property
    def completeness(self) -> float:
        return self.covered_pairs / self.true_pairs if self.true_pairs else 1.0


@dataclass
class EvaluationReport:
    records: int
    records_with_truth: int
    identifiable_records: int
    as_built: ThresholdResult
    # The same, counting every record (anonymous till receipts and cookies that never logged
    # in included): what no resolver can link lowers its recall.
    as_built_all_records: ThresholdResult
    sweep: list[ThresholdResult]
    best: ThresholdResult
    calibration: list[CalibrationBand]
    edges_through_excluded_values: int
    clusters_joined_by_shared_values: int
    seconds: dict[str, float] = field(default_factory=dict)


def default_thresholds(project: Path | None = None) -> tuple[float, ...]:
    """The thresholds scored by default: the project's review and auto-merge thresholds, as
    dbt defines them (`identity_review_threshold`, `identity_auto_merge_threshold`), then
    STRICT_THRESHOLD. The auto-merge threshold's result is the second of the sweep."""
    settings = load_identity_settings(project)
    return (settings.review_threshold, settings.auto_merge_threshold, STRICT_THRESHOLD)


def evaluate(database: Path, thresholds: Sequence[float] | None = None) -> EvaluationReport:
    """Score the identity map in `database` against the truth the generator wrote there, at
    `thresholds` (default: `default_thresholds()`)."""
    if not database.exists():
        raise EvaluationError(f"{database} does not exist: run `cdp generate` and `cdp build`.")
    if thresholds is None:
        thresholds = default_thresholds()
    seconds: dict[str, float] = {}
    with duckdb.connect(str(database), read_only=True) as con:
        _require(con, [model_relation(model) for model in IDENTITY_MODELS])
        _require(con, ["cdp_truth.record_persons", "cdp_truth.cookie_persons"], truth=True)
        started = time.perf_counter()
        truth = truth_of_records(con)
        seconds["truth"] = time.perf_counter() - started

        started = time.perf_counter()
        everything = score_partition(con, truth, "person_id")
        as_built_all_records = ThresholdResult(float("nan"), *everything)
        # Scores below count identifiable records only: anonymous ones have no true pairs.
        known = truth.column("true_person_id")
        identifiable = truth.column("is_identifiable")
        truth = truth.set_column(
            truth.schema.get_field_index("true_person_id"),
            "true_person_id",
            pa.compute.if_else(identifiable, known, pa.nulls(len(known), known.type)),
        )
        as_built = ThresholdResult(float("nan"), *score_partition(con, truth, "person_id"))
        seconds["as built"] = time.perf_counter() - started

        started = time.perf_counter()
        pairs, edges = model_relation(MATCH_PAIRS), model_relation(DETERMINISTIC_EDGES)
        sweep, best = threshold_sweep(
            con, truth, thresholds, pairs=pairs, deterministic_edges=edges
        )
        seconds["threshold sweep"] = time.perf_counter() - started

        started = time.perf_counter()
        calibration = calibration_bands(con, truth, pairs=pairs)
        through_excluded, joined_by_shared = _shared_value_checks(con, truth)
        seconds["calibration and guards"] = time.perf_counter() - started
        identity_map = model_relation(IDENTITY_MAP)
        records = con.execute(f"select count(*) from {identity_map}").fetchall()[0][0]
        with_truth = int(np.count_nonzero(known.is_valid()))
        identifiable_records = int(np.count_nonzero(truth.column("true_person_id").is_valid()))
    return EvaluationReport(
        records=records,
        records_with_truth=with_truth,
        identifiable_records=identifiable_records,
        as_built=as_built,
        as_built_all_records=as_built_all_records,
        sweep=sweep,
        best=best,
        calibration=calibration,
        edges_through_excluded_values=through_excluded,
        clusters_joined_by_shared_values=joined_by_shared,
        seconds=seconds,
    )


def connected_components(n_nodes: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Component label (the smallest node index) of each node: min-label propagation over the
    edges with pointer jumping, so long chains converge in few rounds."""
    labels = np.arange(n_nodes, dtype=np.int64)
    left = np.asarray(left, dtype=np.int64)
    right = np.asarray(right, dtype=np.int64)
    while True:
        lowest = np.minimum(labels[left], labels[right])
        updated = labels.copy()
        # Hook both ends and their current labels onto the smaller label.
        for nodes in (left, right, labels[left], labels[right]):
            np.minimum.at(updated, nodes, lowest)
        while True:  # pointer jumping: label := label of label
            jumped = updated[updated]
            if np.array_equal(jumped, updated):
                break
            updated = jumped
        if np.array_equal(updated, labels):
            return labels
        labels = updated


# -- internals ---------------------------------------------------------------------------------


def _require(con: duckdb.DuckDBPyConnection, relations: list[str], truth: bool = False) -> None:
    existing = {
        f"{schema}.{name}"
        for schema, name in con.execute(
            "select table_schema, table_name from information_schema.tables"
        ).fetchall()
    }
    missing = [relation for relation in relations if relation not in existing]
    if missing:
        hint = (
            "this database has no generator truth: evaluate a database written by `cdp generate`"
            if truth
            else "run `cdp build` first"
        )
        raise EvaluationError(f"missing {', '.join(missing)}: {hint}.")


def truth_of_records(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """Per record of the identity map: its index, person_id and true person (NULL if unknown)."""
    identity_map, records = model_relation(IDENTITY_MAP), model_relation(RECORDS)
    mapping = " ".join(
        f"when '{source}' then '{table}'" for source, table in TRUTH_TABLE_OF_SOURCE.items()
    )
    return con.sql(
        f"""
        with records as (
            select
                record_key,
                source_name,
                source_record_id,
                person_id,
                case source_name {mapping} end as truth_table
            from {identity_map}
        ),

        cookie_truth as (
            select cookie_id, min(person_id) as person_id
            from cdp_truth.cookie_persons
            group by cookie_id
        ),

        -- A record can be linked if it carries something about the person; a cookie if a
        -- login ever tied it to a user.
        identifiable as (
            select record_key
            from {records}
            where source_name <> '{COOKIE_SOURCE}'
                and coalesce(
                    first_name, last_name, cast(date_of_birth as varchar), email, phone,
                    street_address, crm_contact_id, shop_customer_id, loyalty_card_number
                ) is not null
            union
            select cookies.record_key
            from {records} as cookies
            inner join {records} as logins
                on logins.cookie_id = cookies.cookie_id
                and logins.source_name <> '{COOKIE_SOURCE}'
            where cookies.source_name = '{COOKIE_SOURCE}'
        )

        select
            row_number() over (order by records.record_key) - 1 as node,
            records.record_key,
            records.person_id,
            coalesce(record_persons.person_id, cookie_truth.person_id) as true_person_id,
            identifiable.record_key is not null as is_identifiable
        from records
        left join cdp_truth.record_persons
            on record_persons.source_table = records.truth_table
            and record_persons.source_record_id = records.source_record_id
        left join cookie_truth
            on records.source_name = '{COOKIE_SOURCE}'
            and cookie_truth.cookie_id = records.source_record_id
        left join identifiable on identifiable.record_key = records.record_key
        order by node
        """
    ).to_arrow_table()


def score_partition(
    con: duckdb.DuckDBPyConnection, truth: pa.Table, predicted_column: str
) -> tuple[PairwiseScores, ClusterScores]:
    """Pairwise and cluster scores of one clustering: `truth` has a row per record with its
    predicted cluster in `predicted_column` and its `true_person_id` (NULL: left out)."""
    con.register("_evaluated", truth)
    try:
        row = con.execute(
            f"""
            with known as (
                select {predicted_column} as predicted, true_person_id
                from _evaluated
                where true_person_id is not null
            ),

            cells as (
                select predicted, true_person_id, count(*) as records
                from known
                group by predicted, true_person_id
            ),

            predicted as (
                select
                    predicted,
                    sum(records) as records,
                    count(*) as true_persons
                from cells
                group by predicted
            ),

            persons as (
                select
                    true_person_id,
                    sum(records) as records,
                    count(*) as clusters
                from cells
                group by true_person_id
            )

            select
                (select sum(records * (records - 1) / 2) from persons),
                (select sum(records * (records - 1) / 2) from predicted),
                (select sum(records * (records - 1) / 2) from cells),
                (select count(*) from predicted),
                (select count(*) from predicted where true_persons = 1),
                (select count(*) from persons),
                (select count(*) from persons where clusters = 1),
                (select max(records) from predicted)
            """
        ).fetchall()[0]
    finally:
        con.unregister("_evaluated")
    values = [int(value or 0) for value in row]
    return PairwiseScores(*values[:3]), ClusterScores(*values[3:])


def threshold_sweep(
    con: duckdb.DuckDBPyConnection,
    truth: pa.Table,
    thresholds: Sequence[float],
    *,
    pairs: str,
    deterministic_edges: str | None,
) -> tuple[list[ThresholdResult], ThresholdResult]:
    """The results at `thresholds`, and the best result (highest pairwise F1) over them and
    THRESHOLD_GRID, re-clustering at each threshold."""
    candidates = sorted(set(thresholds) | set(THRESHOLD_GRID))
    by_threshold = {
        t: cluster_at_threshold(con, truth, t, pairs=pairs, deterministic_edges=deterministic_edges)
        for t in candidates
    }
    best = max(by_threshold.values(), key=lambda result: result.pairwise.f1)
    return [by_threshold[t] for t in thresholds], best


def cluster_at_threshold(
    con: duckdb.DuckDBPyConnection,
    truth: pa.Table,
    threshold: float,
    *,
    pairs: str,
    deterministic_edges: str | None,
) -> ThresholdResult:
    """Scores of the connected components of the deterministic edges (`record_key`,
    `anchor_record_key`; None: none) plus the scored pairs (`record_key_l`, `record_key_r`,
    `match_probability`) at or above `threshold`. `truth` needs `node` (0..n-1), `record_key`
    and `true_person_id`."""
    deterministic = (
        f"""
                select record_key as key_l, anchor_record_key as key_r
                from {deterministic_edges}
                union all
        """
        if deterministic_edges
        else ""
    )
    con.register("_nodes", truth.select(["node", "record_key"]))
    try:
        edges = con.execute(
            f"""
            with edges as (
                {deterministic}
                select record_key_l as key_l, record_key_r as key_r
                from {pairs}
                where match_probability >= ?
            )

            select left_node.node, right_node.node
            from edges
            inner join _nodes as left_node on left_node.record_key = edges.key_l
            inner join _nodes as right_node on right_node.record_key = edges.key_r
            """,
            [threshold],
        ).fetchnumpy()
    finally:
        con.unregister("_nodes")
    values = list(edges.values())
    labels = connected_components(truth.num_rows, values[0], values[1])
    clustered = truth.append_column("cluster", pa.array(labels))
    return ThresholdResult(threshold, *score_partition(con, clustered, "cluster"))


def pair_completeness(
    con: duckdb.DuckDBPyConnection,
    truth: pa.Table,
    *,
    candidate_pairs: str,
    deterministic_edges: str | None,
) -> PairCompleteness:
    """The share of true pairs that are candidates: records in one component of the
    deterministic edges, or in two components that a candidate pair (`record_key_l`,
    `record_key_r`) joins (a resolver may compare one representative per component). `truth`
    needs `node`, `record_key` and `true_person_id`."""
    empty = "select null::varchar as record_key, null::varchar as anchor_record_key limit 0"
    edges_relation = deterministic_edges or f"({empty})"
    con.register("_nodes", truth.select(["node", "record_key", "true_person_id"]))
    try:
        edges = con.execute(
            f"""
            select left_node.node, right_node.node
            from {edges_relation} as edges
            inner join _nodes as left_node on left_node.record_key = edges.record_key
            inner join _nodes as right_node on right_node.record_key = edges.anchor_record_key
            """
        ).fetchnumpy()
        values = list(edges.values())
        labels = connected_components(truth.num_rows, values[0], values[1])
        components = pa.table({"node": truth.column("node"), "component": pa.array(labels)})
        con.register("_components", components)
        counts = con.execute(
            f"""
            with nodes as (
                select _nodes.record_key, _nodes.true_person_id, _components.component
                from _nodes
                inner join _components on _components.node = _nodes.node
            ),

            cells as (
                select true_person_id, component, count(*) as records
                from nodes
                where true_person_id is not null
                group by true_person_id, component
            ),

            candidate_components as (
                select distinct
                    least(left_node.component, right_node.component) as component_l,
                    greatest(left_node.component, right_node.component) as component_r
                from {candidate_pairs} as pairs
                inner join nodes as left_node on left_node.record_key = pairs.record_key_l
                inner join nodes as right_node on right_node.record_key = pairs.record_key_r
            ),

            across as (
                select
                    left_cell.records * right_cell.records as pairs,
                    candidate_components.component_l is not null as is_covered
                from cells as left_cell
                inner join cells as right_cell
                    on right_cell.true_person_id = left_cell.true_person_id
                    and right_cell.component > left_cell.component
                left join candidate_components
                    on candidate_components.component_l = left_cell.component
                    and candidate_components.component_r = right_cell.component
            )

            select
                (select sum(records * (records - 1) / 2) from cells)
                    + coalesce((select sum(pairs) from across), 0),
                (select sum(records * (records - 1) / 2) from cells)
                    + coalesce((select sum(pairs) filter (where is_covered) from across), 0),
                (select count(*) from {candidate_pairs}),
                (select count(*) from {edges_relation})
            """
        ).fetchall()[0]
    finally:
        con.unregister("_nodes")
        with contextlib.suppress(duckdb.Error):
            con.unregister("_components")
    return PairCompleteness(*(int(count or 0) for count in counts))


def calibration_bands(
    con: duckdb.DuckDBPyConnection, truth: pa.Table, *, pairs: str
) -> list[CalibrationBand]:
    """Per probability band: the scored pairs of two records with a known true person, and
    how many of them are true matches."""
    con.register("_truth", truth.select(["record_key", "true_person_id"]))
    try:
        bands = []
        for low, high in itertools.pairwise(PROBABILITY_BANDS):
            upper = "<=" if high == 1.0 else "<"
            in_band, matches = con.execute(
                f"""
                select
                    count(*),
                    count(*) filter (where left_truth.true_person_id = right_truth.true_person_id)
                from {pairs} as pairs
                inner join _truth as left_truth on left_truth.record_key = pairs.record_key_l
                inner join _truth as right_truth on right_truth.record_key = pairs.record_key_r
                where pairs.match_probability >= ? and pairs.match_probability {upper} ?
                    and left_truth.true_person_id is not null
                    and right_truth.true_person_id is not null
                """,
                [low, high],
            ).fetchall()[0]
            bands.append(CalibrationBand(low, high, int(in_band), int(matches)))
        return bands
    finally:
        con.unregister("_truth")


def _shared_value_checks(con: duckdb.DuckDBPyConnection, truth: pa.Table) -> tuple[int, int]:
    """Edges built on a value the guards excluded (must be none), and predicted persons in which
    a deterministic value links records of different real persons."""
    edges, exclusions = model_relation(DETERMINISTIC_EDGES), model_relation(EXCLUSIONS)
    through_excluded = con.execute(
        f"""
        select count(*)
        from {edges} as edges
        inner join {exclusions} as exclusions
            on exclusions.identifier_type = edges.identifier_type
            and exclusions.identifier_value = edges.identifier_value
        """
    ).fetchall()[0][0]
    con.register("_truth", truth.select(["record_key", "person_id", "true_person_id"]))
    try:
        joined = con.execute(
            f"""
            select count(distinct member.person_id)
            from {edges} as edges
            inner join _truth as member on member.record_key = edges.record_key
            inner join _truth as anchor on anchor.record_key = edges.anchor_record_key
            where member.true_person_id <> anchor.true_person_id
            """
        ).fetchall()[0][0]
    finally:
        con.unregister("_truth")
    return int(through_excluded), int(joined)

"""Splink's side of bench/splink_compare.py: run in `.venv-splink` (make splink), never imported.

.venv-splink/bin/python -m bench.splink_run JOB.json

JOB.json (written by splink_compare.py) names the canonical records and the deterministic edges
(parquet), the Splink settings, the training steps and the output directory. This process
trains, predicts and clusters, then writes `predictions.parquet`, `clusters.parquet`,
`model.json` and `phases.json` (seconds per phase, peak RSS) there. It imports nothing of the
project, so Splink's own DuckDB and dependencies are the only ones loaded.
"""

from __future__ import annotations

import logging
import sys

from bench.splink_child import SplinkChild


def main(argv: list[str]) -> int:
    child = SplinkChild(argv[1])
    job, phase = child.job, child.phase

    import duckdb
    import splink
    from splink import DuckDBAPI, Linker

    mark = phase("import", child.started)

    # DuckDB's defaults (threads = cores, memory limit) as on the dbt side.
    con = duckdb.connect()
    con.execute("create table records as select * from read_parquet(?)", [job["records"]])
    db_api = DuckDBAPI(connection=con)
    records = db_api.register("records")
    linker = Linker(records, job["settings"], log_level=logging.WARNING)
    mark = phase("load", mark)

    training = job["training"]
    linker.training.estimate_probability_two_random_records_match(
        training["prior_rules"], recall=training["prior_recall"]
    )
    mark = phase("prior", mark)
    linker.training.estimate_u_using_random_sampling(
        max_pairs=training["u_max_pairs"], seed=training["u_seed"]
    )
    mark = phase("u (random pairs)", mark)
    for rule in training["em_blocking_rules"]:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    mark = phase("m (EM)", mark)

    predictions = linker.inference.predict()
    mark = phase("predict", mark)

    # Accepted edges: Splink's pairs at or above the threshold plus the pre-linked pairs (the
    # deterministic edges of our pipeline, after its guards), clustered by Splink.
    threshold = float(job["threshold"])
    con.execute(
        f"""
        create table accepted_edges as
        select record_key_l, record_key_r, match_probability
        from {predictions.physical_name}
        where match_probability >= {threshold}
        union all
        select
            least(record_key, anchor_record_key),
            greatest(record_key, anchor_record_key),
            1.0
        from read_parquet(?)
        """,
        [job["deterministic_edges"]],
    )
    edges = db_api.register("accepted_edges")
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        edges, threshold_match_probability=threshold
    )
    mark = phase("cluster", mark)

    child.write_outputs(
        con,
        linker,
        predictions,
        clusters,
        "record_key_l, record_key_r, match_probability, match_weight",
        "record_key, cluster_id",
    )
    phase("write", mark)

    child.write_report(
        splink.__version__,
        duckdb.__version__,
        con.execute(f"select count(*) from {predictions.physical_name}").fetchall()[0][0],
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

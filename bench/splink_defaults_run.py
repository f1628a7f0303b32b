"""Splink with its documented defaults on a `cdp resolve` CSV: run in `.venv-splink`, never
imported (bench/identity_benchmark.py writes the job and reads the outputs).

.venv-splink/bin/python -m bench.splink_defaults_run JOB.json

JOB.json: {"records_csv", "output_dir", "threshold", "u_max_pairs", "u_seed",
"identifiers": [columns]}. The model is the one Splink's tutorial and comparison library
document for person data, not a translation of ours:

- data preparation as the docs ask (trimmed, lower-case text, blanks as NULL; postcodes
  upper-case); `unique_id` = source_name:source_record_id;
- comparisons: `NameComparison` on first and last name (its exact level carries term-frequency
  adjustment), `DateOfBirthComparison(input_is_string=True)`, `EmailComparison`,
  `PostcodeComparison`, `ExactMatch("city")` with term frequencies, and `ExactMatch` on each
  identifier column the CSV holds (crm_contact_id ... device_id; none in FEBRL and in the
  independent data). Phone, street address and country are not compared: Splink documents no
  default comparison for them;
- blocking for predictions: first + last name, date of birth, postcode + last name, email, and
  each identifier;
- prior from deterministic rules (the tutorial's: first name + birth date, first name + last
  name within 2 edits, email) with recall 0.7; u from random pairs; m by EM on first + last
  name, then on date of birth; predict every blocked pair; cluster at `threshold`.

Writes predictions.parquet (unique_id_l, unique_id_r, match_probability), clusters.parquet
(unique_id, cluster_id), model.json and phases.json (seconds per phase, CPU, peak RSS, pairs).
"""

from __future__ import annotations

import logging
import sys

from bench.splink_child import SplinkChild

TEXT_COLUMNS = ("first_name", "last_name", "email", "city")


def main(argv: list[str]) -> int:
    child = SplinkChild(argv[1])
    job, phase = child.job, child.phase

    import duckdb
    import splink
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    mark = phase("import", child.started)

    identifiers: list[str] = list(job["identifiers"])
    con = duckdb.connect()
    con.execute(
        "create table raw as select * from read_csv(?, header = true, all_varchar = true)",
        [job["records_csv"]],
    )
    present = {name for (name,) in con.execute("select column_name from (describe raw)").fetchall()}

    def column(name: str, expression: str) -> str:
        if name not in present:
            return f"null::varchar as {name}"
        return f"nullif({expression.format(name)}, '') as {name}"

    select = [
        "source_name || ':' || source_record_id as unique_id",
        *(column(name, "lower(trim({}))") for name in TEXT_COLUMNS),
        column("date_of_birth", "trim({})"),
        column("postcode", "upper(trim({}))"),
        *(column(name, "trim({})") for name in identifiers),
    ]
    con.execute(f"create table records as select {', '.join(select)} from raw")
    con.execute("drop table raw")
    db_api = DuckDBAPI(connection=con)
    records = db_api.register("records")

    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.NameComparison("first_name"),
            cl.NameComparison("last_name"),
            cl.DateOfBirthComparison("date_of_birth", input_is_string=True),
            cl.EmailComparison("email"),
            cl.PostcodeComparison("postcode"),
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
            *(cl.ExactMatch(name) for name in identifiers),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("first_name", "last_name"),
            block_on("date_of_birth"),
            block_on("postcode", "last_name"),
            block_on("email"),
            *(block_on(name) for name in identifiers),
        ],
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(records, settings, log_level=logging.WARNING)
    mark = phase("load", mark)

    linker.training.estimate_probability_two_random_records_match(
        [
            block_on("first_name", "date_of_birth"),
            "l.first_name = r.first_name and levenshtein(r.last_name, l.last_name) <= 2",
            block_on("email"),
        ],
        recall=0.7,
    )
    mark = phase("prior", mark)
    linker.training.estimate_u_using_random_sampling(
        max_pairs=float(job["u_max_pairs"]), seed=int(job["u_seed"])
    )
    mark = phase("u (random pairs)", mark)
    for rule in (block_on("first_name", "last_name"), block_on("date_of_birth")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    mark = phase("m (EM)", mark)

    predictions = linker.inference.predict()
    mark = phase("predict", mark)
    threshold = float(job["threshold"])
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=threshold
    )
    mark = phase("cluster", mark)

    child.write_outputs(
        con,
        linker,
        predictions,
        clusters,
        "unique_id_l, unique_id_r, match_probability",
        "unique_id, cluster_id",
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

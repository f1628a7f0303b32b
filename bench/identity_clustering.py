"""Benchmark clustering, stable ids and identity marts on synthetic records and links.

.venv/bin/python -m bench.identity_clustering --records 1000000 [--database PATH]

Writes the three upstream identity tables (records, deterministic edges, scored pairs) and a
review-decisions table straight into a scratch DuckDB file, in SQL, then runs
`dbt run --select int_identity__review_decisions+` on it twice (the first run deals every
person id, the second finds nothing to change) and a third time after adding 1 % new records
and links. Prints seconds per model from dbt's run_results.json; run it under
`/usr/bin/time -v` for peak memory. Also prints the process CPU seconds per run, which other
work on the machine does not inflate.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import duckdb

from bench.measure import cpu_seconds
from cdp.dbt_runner import run_dbt
from cdp.project import model_relation, project_dir

COMPARISONS = ("first_name", "last_name", "date_of_birth", "email", "phone", "address")
DECISIONS = "main.review_decisions"
# The upstream identity models this benchmark writes itself.
RECORDS = "int_identity__normalised_records"
DETERMINISTIC_EDGES = "int_identity__deterministic_edges"
SCORED_PAIRS = "int_identity__scored_pairs"

# The clustering models and the identity marts, not the customer-360 marts built on them.
CLUSTERING_SELECTOR = (
    "int_identity__review_decisions+,path:models/intermediate/identity"
    " int_identity__review_decisions+,path:models/marts/identity"
)


def _key(expression: str) -> str:
    """A record key that does not follow the record number (so labels are not pre-sorted)."""
    return f"'rec:' || substr(md5(cast({expression} as varchar)), 1, 16)"


def write_inputs(database: Path, records: int) -> None:
    """Persons of 1-5 records; half linked by shared identifiers (star edges), half by chains
    of scored pairs; plus random noise pairs across persons and a few reviewer decisions."""
    levels = ", ".join(f"'exact' as level_{name}, 1.0 as weight_{name}" for name in COMPARISONS)
    with duckdb.connect(str(database)) as con:
        for model in (RECORDS, DETERMINISTIC_EDGES, SCORED_PAIRS):
            con.execute(f"create schema if not exists {model_relation(model).split('.')[0]}")
        con.execute(
            f"""
            create or replace table main.bench_records as
            select
                i,
                case
                    when i < {records} * 0.4 then i // 2
                    when i < {records} * 0.7 then 1000000000 + i // 3
                    when i < {records} * 0.9 then 2000000000 + i // 5
                    else 3000000000 + i
                end as person,
                {_key("i")} as record_key
            from range({records}) as numbers(i)
            """
        )
        con.execute(
            f"""
            create or replace table {model_relation(RECORDS)} as
            select
                record_key,
                'bench' as source_name,
                cast(i as varchar) as source_record_id,
                'ann' as first_name, 'smith' as last_name, 'ann' as first_name_canonical,
                date '1980-01-01' as date_of_birth,
                'p' || person || '@example.com' as email,
                '+336' || lpad(cast(person % 100000000 as varchar), 8, '0') as phone,
                '1 rue de la paix' as street_address, '75001' as postcode, 'paris' as city,
                'FR' as country, timestamp '2026-01-01' as record_seen_at,
                cast(null as varchar) as crm_contact_id, cast(null as varchar) as shop_customer_id,
                cast(null as varchar) as loyalty_card_number, cast(null as varchar) as cookie_id,
                cast(null as varchar) as device_id
            from main.bench_records
            """
        )
        con.execute(
            f"""
            create or replace table {model_relation(DETERMINISTIC_EDGES)} as
            with anchored as (
                select
                    record_key, person,
                    min(record_key) over (partition by person) as anchor_record_key
                from main.bench_records
                where person % 2 = 0
            )
            select
                record_key, anchor_record_key, 'email' as identifier_type,
                'p' || person || '@example.com' as identifier_value
            from anchored
            where record_key <> anchor_record_key
            """
        )
        con.execute(
            f"""
            create or replace table {model_relation(SCORED_PAIRS)} as
            with chained as (
                select
                    record_key as key_a,
                    lead(record_key) over (partition by person order by i) as key_b,
                    0.99 as match_probability
                from main.bench_records
                where person % 2 = 1
            ),
            noise as (
                select
                    {_key(f"(i * 7919) % {records}")} as key_a,
                    {_key(f"(i * 104729 + 13) % {records}")} as key_b,
                    (hash(i) % 950) / 1000.0 as match_probability
                from range({records} // 2) as numbers(i)
            ),
            pairs as (
                select distinct on (least(key_a, key_b), greatest(key_a, key_b))
                    least(key_a, key_b) as record_key_l,
                    greatest(key_a, key_b) as record_key_r,
                    match_probability
                from (select * from chained union all select * from noise)
                where key_b is not null and key_a <> key_b
                order by least(key_a, key_b), greatest(key_a, key_b), match_probability desc
            )
            select
                record_key_l || '|' || record_key_r as pair_key,
                record_key_l, record_key_r,
                log2(match_probability / (1 - match_probability + 1e-9) + 1e-9) as match_weight,
                match_probability, 'bench' as blocking_rule, {levels}
            from pairs
            """
        )
        con.execute(
            f"""
            create or replace table {DECISIONS} as
            select
                record_key_l, record_key_r,
                case when hash(pair_key) % 2 = 0 then 'same' else 'different' end as decision,
                'bench' as reviewed_by, timestamp '2026-01-01' as reviewed_at, 'bench' as note
            from {model_relation(SCORED_PAIRS)}
            where match_probability between 0.90 and 0.96
            order by pair_key
            limit 2000
            """
        )


def add_new_records(database: Path, records: int) -> None:
    """1 % new records: half join an existing person by an identifier, half are new persons."""
    extra = records // 100
    with duckdb.connect(str(database)) as con:
        con.execute(
            f"""
            insert into {model_relation(RECORDS)}
                (record_key, source_name, source_record_id)
            select 'new:' || i, 'bench', 'new' || i from range({extra}) as numbers(i)
            """
        )
        con.execute(
            f"""
            insert into {model_relation(DETERMINISTIC_EDGES)}
            select 'new:' || i, {_key("i * 2")}, 'email', 'x' from range({extra} // 2) as n(i)
            """
        )


def run(project: Path, database: Path, target: Path) -> dict[str, float]:
    arguments = ["run", "--select", CLUSTERING_SELECTOR, "--vars"]
    arguments.append(json.dumps({"identity_review_decisions_relation": DECISIONS}))
    started, cpu_started = time.perf_counter(), cpu_seconds()
    run_dbt([*arguments, "--target-path", str(target)], project, database)
    wall, cpu = time.perf_counter() - started, cpu_seconds() - cpu_started
    results = json.loads((target / "run_results.json").read_text())["results"]
    timings = {result["unique_id"].split(".")[-1]: result["execution_time"] for result in results}
    return {**timings, "wall (dbt invocation)": wall, "cpu (user + system, all threads)": cpu}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--database", type=Path, default=Path("data/bench_clustering.duckdb"))
    args = parser.parse_args()
    args.database.unlink(missing_ok=True)
    args.database.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    write_inputs(args.database, args.records)
    print(f"inputs written in {time.perf_counter() - started:.1f} s")
    with duckdb.connect(str(args.database), read_only=True) as con:
        for table in (DETERMINISTIC_EDGES, SCORED_PAIRS):
            count = con.execute(f"select count(*) from {model_relation(table)}").fetchone()[0]
            print(f"{table}: {count:,} rows")
    project = project_dir()
    target = args.database.parent / "bench_clustering_target"
    for label in ("first run", "second run (no change)", "third run (+1 % records)"):
        if label.startswith("third"):
            add_new_records(args.database, args.records)
        timings = run(project, args.database, target)
        print(f"{label}:")
        for name, seconds in timings.items():
            print(f"  {name:<40} {seconds:7.2f} s")
        print(f"  {'sum of models':<40} {sum(list(timings.values())[:-2]):7.2f} s")
    identity_map = model_relation("customer_identity_map")
    with duckdb.connect(str(args.database), read_only=True) as con:
        print(
            "persons, largest, registry rows, history rows:",
            con.execute(
                f"""
                select
                    (select count(distinct person_id) from {identity_map}),
                    (select max(person_record_count) from {identity_map}),
                    (select count(*) from {model_relation("int_identity__person_registry")}),
                    (select count(*) from {model_relation("identity_person_history")})
                """
            ).fetchone(),
        )


if __name__ == "__main__":
    main()

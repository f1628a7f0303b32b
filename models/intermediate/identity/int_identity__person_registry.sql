{{ config(
    materialized='incremental',
    incremental_strategy='append',
    full_refresh=false,
    on_schema_change='fail',
) }}

{#- Append-only memory of which record had which person_id: a row each time a record gets a
    (new) person. `full_refresh: false` so `dbt build --full-refresh` never re-deals ids.
    `append` is the one strategy both DuckDB and Spark on parquet support. -#}
{%- set run_at = "cast('" ~ run_started_at.replace(tzinfo=none).isoformat(sep=' ')
    ~ "' as timestamp)" -%}

with

clusters as (
    select
        record_key,
        cluster_key
    from {{ ref('int_identity__clusters') }}
),

registry_rows as (
    {% if is_incremental() %}
        select
            record_key,
            person_id,
            person_created_at,
            founding_record_key,
            assigned_at,
            run_id
        from {{ this }}
    {% else %}
        select
            record_key,
            cast(null as {{ dbt.type_string() }}) as person_id,
            cast(null as timestamp) as person_created_at,
            cast(null as {{ dbt.type_string() }}) as founding_record_key,
            cast(null as timestamp) as assigned_at,
            cast(null as {{ dbt.type_string() }}) as run_id
        from clusters
        where 1 = 0
    {% endif %}
),

-- A record has at most one row per run, and runs start at different times.
previous as (
    select
        record_key,
        max_by(person_id, assigned_at) as person_id
    from registry_rows
    group by record_key
),

known_persons as (
    select
        person_id,
        min(person_created_at) as person_created_at,
        min(founding_record_key) as founding_record_key
    from registry_rows
    group by person_id
),

current_with_previous as (
    select
        clusters.record_key,
        clusters.cluster_key,
        previous.person_id as previous_person_id
    from clusters
    left join previous on clusters.record_key = previous.record_key
),

-- Each known id can only stay with one cluster: the one holding most of its records.
claims as (
    select
        cluster_key,
        previous_person_id as person_id,
        count(*) as records
    from current_with_previous
    where previous_person_id is not null
    group by cluster_key, previous_person_id
),

ranked_claims as (
    select
        claims.cluster_key,
        claims.person_id,
        known_persons.person_created_at,
        known_persons.founding_record_key,
        row_number() over (
            partition by claims.person_id
            order by claims.records desc nulls last, claims.cluster_key asc nulls last
        ) as claim_rank
    from claims
    inner join known_persons on claims.person_id = known_persons.person_id
),

-- A cluster keeps the oldest id it won (first created, then smallest id).
kept as (
    select
        cluster_key,
        person_id,
        person_created_at,
        founding_record_key,
        row_number() over (
            partition by cluster_key
            order by person_created_at asc nulls last, person_id asc nulls last
        ) as age_rank
    from ranked_claims
    where claim_rank = 1
),

founded as (
    select
        founding_record_key,
        count(*) as persons_founded
    from known_persons
    group by founding_record_key
),

-- A new person's id hashes its founding (smallest) record key; a key that founded persons
-- before (one later left it in a split) gets a counter so ids never repeat.
new_persons as (
    select
        cluster_keys.cluster_key,
        {{ dbt.concat(["'per_'", "substring(" ~ dbt.hash(
            "case when founded.persons_founded is null then cluster_keys.cluster_key else "
            ~ dbt.concat(["cluster_keys.cluster_key", "'#'",
                "cast(founded.persons_founded as " ~ dbt.type_string() ~ ")"])
            ~ " end") ~ ", 1, 16)"]) }} as person_id,
        {{ run_at }} as person_created_at,
        cluster_keys.cluster_key as founding_record_key
    from (select distinct cluster_key from clusters) as cluster_keys
    left join kept
        on
            cluster_keys.cluster_key = kept.cluster_key
            and kept.age_rank = 1
    left join founded on cluster_keys.cluster_key = founded.founding_record_key
    where kept.cluster_key is null
),

assignments as (
    select
        cluster_key,
        person_id,
        person_created_at,
        founding_record_key
    from kept
    where age_rank = 1
    union all
    select
        cluster_key,
        person_id,
        person_created_at,
        founding_record_key
    from new_persons
),

final as (
    select
        {{ generate_surrogate_key([
            'current_with_previous.record_key', "'" ~ invocation_id ~ "'",
        ]) }} as registry_key,
        current_with_previous.record_key,
        assignments.person_id,
        current_with_previous.previous_person_id,
        assignments.person_created_at,
        assignments.founding_record_key,
        current_with_previous.cluster_key,
        {{ run_at }} as assigned_at,
        cast('{{ invocation_id }}' as {{ dbt.type_string() }}) as run_id
    from current_with_previous
    inner join assignments on current_with_previous.cluster_key = assignments.cluster_key
    where
        current_with_previous.previous_person_id is null
        or current_with_previous.previous_person_id <> assignments.person_id
)

select * from final

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

-- A record has at most one row per run, and runs start at different times. A person's
-- creation time and founding record are the same on all its rows.
previous as (
    select
        record_key,
        max_by(person_id, assigned_at) as person_id,
        max_by(person_created_at, assigned_at) as person_created_at,
        max_by(founding_record_key, assigned_at) as founding_record_key
    from registry_rows
    group by record_key
),

current_with_previous as (
    select
        clusters.record_key,
        clusters.cluster_key,
        previous.person_id as previous_person_id,
        previous.person_created_at,
        previous.founding_record_key
    from clusters
    left join previous on clusters.record_key = previous.record_key
),

-- Each known id can only stay with one cluster: the one holding most of its records.
claims as (
    select
        cluster_key,
        previous_person_id as person_id,
        count(*) as records,
        min(person_created_at) as person_created_at,
        min(founding_record_key) as founding_record_key
    from current_with_previous
    where previous_person_id is not null
    group by cluster_key, previous_person_id
),

ranked_claims as (
    select
        cluster_key,
        person_id,
        person_created_at,
        founding_record_key,
        row_number() over (
            partition by person_id
            order by records desc nulls last, cluster_key asc nulls last
        ) as claim_rank
    from claims
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

cluster_keys as (
    select distinct cluster_key from clusters
),

unassigned_clusters as (
    select cluster_keys.cluster_key
    from cluster_keys
    left join kept
        on
            cluster_keys.cluster_key = kept.cluster_key
            and kept.age_rank = 1
    where kept.cluster_key is null
),

-- Persons founded before on the same record key (one later left it in a split).
founded as (
    select
        unassigned_clusters.cluster_key,
        count(distinct registry_rows.person_id) as persons_founded
    from unassigned_clusters
    inner join registry_rows
        on unassigned_clusters.cluster_key = registry_rows.founding_record_key
    group by unassigned_clusters.cluster_key
),

-- A new person's id hashes its founding (smallest) record key, plus a counter when that key
-- founded persons before, so ids never repeat.
new_persons as (
    select
        unassigned_clusters.cluster_key,
        {{ dbt.concat(["'per_'", "substring(" ~ dbt.hash(
            "case when founded.persons_founded is null then unassigned_clusters.cluster_key else "
            ~ dbt.concat(["unassigned_clusters.cluster_key", "'#'",
                "cast(founded.persons_founded as " ~ dbt.type_string() ~ ")"])
            ~ " end") ~ ", 1, 16)"]) }} as person_id,
        {{ run_at }} as person_created_at,
        unassigned_clusters.cluster_key as founding_record_key
    from unassigned_clusters
    left join founded on unassigned_clusters.cluster_key = founded.cluster_key
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

{{ config(
    materialized='incremental',
    incremental_strategy='append',
    full_refresh=false,
    on_schema_change='fail',
) }}

{#- Append-only: what happened to persons in this run, read from the registry rows this run
    appended. A run that changed nothing appends nothing. -#}
{%- set run_at = "cast('" ~ run_started_at.replace(tzinfo=none).isoformat(sep=' ')
    ~ "' as timestamp)" -%}

with

registry as (
    select * from {{ ref('int_identity__person_registry') }}
),

identity_map as (
    select person_id from {{ ref('customer_identity_map') }}
),

this_run as (
    select * from registry
    where run_id = '{{ invocation_id }}'
),

-- Persons that hold at least one current record after this run.
alive_persons as (
    select distinct person_id from identity_map
),

-- A person created in this run was created when the run started, like its rows' assignment.
run_persons as (
    select
        person_id,
        max(case when person_created_at = assigned_at then 1 else 0 end) = 1 as is_new,
        count(*) as records,
        sum(case when previous_person_id is null then 1 else 0 end) as new_records
    from this_run
    group by person_id
),

created as (
    select
        'created' as event_type,
        person_id,
        cast(null as {{ dbt.type_string() }}) as other_person_id,
        records as record_count
    from run_persons
    where is_new
),

grown as (
    select
        'grown' as event_type,
        person_id,
        cast(null as {{ dbt.type_string() }}) as other_person_id,
        new_records as record_count
    from run_persons
    where not is_new and new_records > 0
),

transitions as (
    select
        this_run.previous_person_id,
        this_run.person_id,
        run_persons.is_new as is_new_holder,
        alive_persons.person_id is not null as is_previous_alive,
        count(*) as records
    from this_run
    inner join run_persons on this_run.person_id = run_persons.person_id
    left join alive_persons on this_run.previous_person_id = alive_persons.person_id
    where this_run.previous_person_id is not null
    group by
        this_run.previous_person_id,
        this_run.person_id,
        run_persons.is_new,
        alive_persons.person_id
),

-- Records leaving a person that lives on (or for a new person) are a split of it; records of
-- a person that no longer exists, taken by an older person, are a merge into that one.
moved as (
    select
        case
            when is_previous_alive or is_new_holder then 'split' else 'merged'
        end as event_type,
        case
            when is_previous_alive or is_new_holder then previous_person_id else person_id
        end as person_id,
        case
            when is_previous_alive or is_new_holder then person_id else previous_person_id
        end as other_person_id,
        records as record_count
    from transitions
),

events as (
    select * from created
    union all
    select * from grown
    union all
    select * from moved
),

final as (
    select
        {{ generate_surrogate_key(["'" ~ invocation_id ~ "'", 'event_type', 'person_id',
            'other_person_id']) }} as event_key,
        cast('{{ invocation_id }}' as {{ dbt.type_string() }}) as run_id,
        {{ run_at }} as event_at,
        cast(event_type as {{ dbt.type_string() }}) as event_type,
        cast(person_id as {{ dbt.type_string() }}) as person_id,
        cast(other_person_id as {{ dbt.type_string() }}) as other_person_id,
        cast(record_count as bigint) as record_count
    from events
)

select * from final

{#- One row per source record: the person it belongs to and how it was linked. -#}
with

records as (
    select
        record_key,
        source_name,
        source_record_id
    from {{ ref('int_identity__normalised_records') }}
),

clusters as (
    select * from {{ ref('int_identity__clusters') }}
),

registry as (
    select * from {{ ref('int_identity__person_registry') }}
),

verdicts as (
    select * from {{ ref('int_identity__edge_verdicts') }}
),

rejected as (
    select edge_key from {{ ref('int_identity__rejected_edges') }}
),

current_persons as (
    select
        record_key,
        max_by(person_id, assigned_at) as person_id,
        max_by(person_created_at, assigned_at) as person_created_at,
        max(assigned_at) as assigned_at
    from registry
    group by record_key
),

-- Links the person rests on: accepted and not cut later to honour a `different` decision.
used_links as (
    select
        verdicts.record_key_l,
        verdicts.record_key_r,
        verdicts.link_type,
        verdicts.linked_by
    from verdicts
    left join rejected on verdicts.edge_key = rejected.edge_key
    where verdicts.verdict = 'accepted' and rejected.edge_key is null
),

record_links as (
    select
        record_key_l as record_key,
        link_type,
        linked_by
    from used_links
    union all
    select
        record_key_r as record_key,
        link_type,
        linked_by
    from used_links
),

-- A record's strongest link: an identifier (by how specific it is: the tier of macro
-- identity_link_strength_tier, one digit), then a review, then a probability.
-- Encoded as '<rank>:<linked_by>' so one min() per record picks it (cheaper than a window).
ranked_links as (
    select
        record_key,
        min(
            case link_type
                when 'deterministic'
                    then cast(
                        {{ identity_link_strength_tier('link_type', 'linked_by') }}
                        as {{ dbt.type_string() }}
                    )
                when 'reviewed' then 'r'
                else 's'
            end
            || ':' || linked_by
        ) as best_link
    from record_links
    group by record_key
),

best_links as (
    select
        record_key,
        case substring(best_link, 1, 1)
            when 'r' then 'reviewed'
            when 's' then 'probabilistic'
            else 'deterministic'
        end as link_type,
        substring(best_link, 3) as linked_by
    from ranked_links
),

joined as (
    select
        records.record_key,
        records.source_name,
        records.source_record_id,
        current_persons.person_id,
        case
            when clusters.cluster_size = 1 then 'singleton' else best_links.link_type
        end as link_type,
        case when clusters.cluster_size > 1 then best_links.linked_by end as linked_by,
        current_persons.person_created_at,
        current_persons.assigned_at as person_assigned_at,
        clusters.cluster_key
    from records
    inner join clusters on records.record_key = clusters.record_key
    left join current_persons on records.record_key = current_persons.record_key
    left join best_links on records.record_key = best_links.record_key
),

person_sizes as (
    select
        person_id,
        count(*) as person_record_count
    from joined
    group by person_id
),

final as (
    select
        cast(joined.record_key as {{ dbt.type_string() }}) as record_key,
        cast(joined.source_name as {{ dbt.type_string() }}) as source_name,
        cast(joined.source_record_id as {{ dbt.type_string() }}) as source_record_id,
        cast(joined.person_id as {{ dbt.type_string() }}) as person_id,
        cast(joined.link_type as {{ dbt.type_string() }}) as link_type,
        cast(joined.linked_by as {{ dbt.type_string() }}) as linked_by,
        cast(person_sizes.person_record_count as bigint) as person_record_count,
        cast(joined.person_created_at as timestamp) as person_created_at,
        cast(joined.person_assigned_at as timestamp) as person_assigned_at,
        cast(joined.cluster_key as {{ dbt.type_string() }}) as cluster_key
    from joined
    left join person_sizes on joined.person_id = person_sizes.person_id
)

select * from final

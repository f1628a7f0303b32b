{#- One row per source record: the person it belongs to and how it was linked. -#}
with

records as (
    select
        record_key,
        source_name,
        source_record_id
    from {{ ref('int_identity__records') }}
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

ranked_registry as (
    select
        record_key,
        person_id,
        person_created_at,
        assigned_at,
        row_number() over (
            partition by record_key
            order by assigned_at desc nulls last, run_id desc nulls last
        ) as recency
    from registry
),

current_persons as (
    select * from ranked_registry
    where recency = 1
),

-- Links the person really rests on: accepted, with both records in the same person.
used_links as (
    select
        verdicts.record_key_l,
        verdicts.record_key_r,
        verdicts.link_type,
        verdicts.linked_by
    from verdicts
    inner join clusters as left_clusters on verdicts.record_key_l = left_clusters.record_key
    inner join clusters as right_clusters on verdicts.record_key_r = right_clusters.record_key
    where
        verdicts.verdict = 'accepted'
        and left_clusters.cluster_key = right_clusters.cluster_key
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

-- A record's strongest link: an identifier (by how specific it is), a review, a probability.
ranked_links as (
    select
        record_key,
        link_type,
        linked_by,
        row_number() over (
            partition by record_key
            order by
                case link_type
                    when 'deterministic' then 1
                    when 'reviewed' then 2
                    else 3
                end asc nulls last,
                case linked_by
                    when 'crm_contact_id' then 1
                    when 'shop_customer_id' then 2
                    when 'loyalty_card_number' then 3
                    when 'email' then 4
                    when 'phone' then 5
                    when 'device_id' then 6
                    when 'cookie_id' then 7
                    else 8
                end asc nulls last,
                linked_by asc nulls last
        ) as link_rank
    from record_links
),

best_links as (
    select * from ranked_links
    where link_rank = 1
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

final as (
    select
        cast(record_key as {{ dbt.type_string() }}) as record_key,
        cast(source_name as {{ dbt.type_string() }}) as source_name,
        cast(source_record_id as {{ dbt.type_string() }}) as source_record_id,
        cast(person_id as {{ dbt.type_string() }}) as person_id,
        cast(link_type as {{ dbt.type_string() }}) as link_type,
        cast(linked_by as {{ dbt.type_string() }}) as linked_by,
        cast(count(*) over (partition by person_id) as bigint) as person_record_count,
        cast(person_created_at as timestamp) as person_created_at,
        cast(person_assigned_at as timestamp) as person_assigned_at,
        cast(cluster_key as {{ dbt.type_string() }}) as cluster_key
    from joined
)

select * from final

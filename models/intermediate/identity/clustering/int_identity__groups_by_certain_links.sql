{{ config(post_hook="{{ connected_components_cleanup('cc') }}") }}

{#- Records linked by what is never second-guessed: a shared identifier that passed the
    guards, or a reviewer's `same`. Probabilistic links then join whole groups. -#}
{%- set strong_edges_sql -%}
    select
        record_key as node_l,
        anchor_record_key as node_r
    from {{ ref('int_identity__deterministic_edges') }}
    union all
    select
        record_key_l as node_l,
        record_key_r as node_r
    from {{ ref('int_identity__review_decisions') }}
    where decision = 'same'
{%- endset %}

with

records as (
    select record_key from {{ ref('int_identity__normalised_records') }}
),

components as (
    {{ connected_components(strong_edges_sql, 'cc') }}
),

grouped as (
    select
        records.record_key,
        coalesce(components.component_key, records.record_key) as group_key
    from records
    left join components on records.record_key = components.node
),

group_sizes as (
    select
        group_key,
        count(*) as group_size
    from grouped
    group by group_key
),

final as (
    select
        grouped.record_key,
        grouped.group_key,
        group_sizes.group_size
    from grouped
    inner join group_sizes on grouped.group_key = group_sizes.group_key
)

select * from final

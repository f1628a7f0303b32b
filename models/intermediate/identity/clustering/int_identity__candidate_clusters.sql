{{ config(post_hook="{{ connected_components_cleanup('cc_weak') }}") }}

{#- Persons before cannot-link enforcement: strong groups joined by accepted probabilistic
    links. `int_identity__cannot_link_cuts` works only on the few of them that hold both
    records of a `different` decision; `int_identity__clusters` keeps the others as they are. -#}
{%- set weak_edges_sql -%}
    select distinct
        group_key_l as node_l,
        group_key_r as node_r
    from {{ ref('int_identity__edge_verdicts') }}
    where link_type = 'probabilistic'
        and verdict = 'accepted'
        and not is_within_strong_group
{%- endset %}

with

strong_groups as (
    select * from {{ ref('int_identity__groups_by_certain_links') }}
),

components as (
    {{ connected_components(weak_edges_sql, 'cc_weak') }}
),

final as (
    select
        strong_groups.record_key,
        coalesce(components.component_key, strong_groups.group_key) as cluster_key,
        strong_groups.group_key as strong_group_key
    from strong_groups
    left join components on strong_groups.group_key = components.node
)

select * from final

{{ config(post_hook=[
    "{{ connected_components_cleanup('cc_weak') }}",
    "{{ connected_components_cleanup('cc_final') }}",
]) }}

{#- Persons: strong groups joined by accepted probabilistic links. A reviewer's `different`
    must keep its two records apart; when a chain through third records still joins their
    groups, the group with the greater key loses all its probabilistic links and the
    components are computed again (removing links never joins, so one more pass suffices). -#}
{%- set weak_edges_sql -%}
    select distinct
        group_key_l as node_l,
        group_key_r as node_r
    from {{ ref('int_identity__edge_verdicts') }}
    where link_type = 'probabilistic'
        and verdict = 'accepted'
        and not is_within_strong_group
{%- endset -%}

{%- set first_pass_sql = connected_components(weak_edges_sql, 'cc_weak') -%}
{%- set components_sql = first_pass_sql -%}

{%- set violated_groups_sql -%}
    select distinct
        case
            when left_groups.group_key < right_groups.group_key then right_groups.group_key
            else left_groups.group_key
        end as group_key
    from {{ ref('int_identity__review_decisions') }} as decisions
    inner join {{ ref('int_identity__strong_groups') }} as left_groups
        on left_groups.record_key = decisions.record_key_l
    inner join {{ ref('int_identity__strong_groups') }} as right_groups
        on right_groups.record_key = decisions.record_key_r
    inner join ({{ first_pass_sql }}) as left_components
        on left_components.node = left_groups.group_key
    inner join ({{ first_pass_sql }}) as right_components
        on right_components.node = right_groups.group_key
    where decisions.decision = 'different'
        and left_groups.group_key <> right_groups.group_key
        and left_components.component_key = right_components.component_key
{%- endset -%}

{%- if execute and flags.WHICH in ['run', 'build'] -%}
    {%- set violations = run_query('select count(*) from (' ~ violated_groups_sql ~ ') as violated')
        .columns[0].values()[0] -%}
    {%- if violations > 0 -%}
        {%- do log('int_identity__clusters: ' ~ violations ~ ' groups cut off their probabilistic'
            ~ ' links to honour different decisions', info=true) -%}
        {%- set second_pass_edges_sql -%}
            select weak_edges.node_l, weak_edges.node_r
            from ({{ weak_edges_sql }}) as weak_edges
            left join ({{ violated_groups_sql }}) as isolated_l
                on isolated_l.group_key = weak_edges.node_l
            left join ({{ violated_groups_sql }}) as isolated_r
                on isolated_r.group_key = weak_edges.node_r
            where isolated_l.group_key is null and isolated_r.group_key is null
        {%- endset -%}
        {%- set components_sql = connected_components(second_pass_edges_sql, 'cc_final') -%}
    {%- endif -%}
{%- endif %}

with

strong_groups as (
    select * from {{ ref('int_identity__strong_groups') }}
),

components as (
    {{ components_sql }}
),

clustered as (
    select
        strong_groups.record_key,
        strong_groups.group_key,
        coalesce(components.component_key, strong_groups.group_key) as cluster_key
    from strong_groups
    left join components on strong_groups.group_key = components.node
),

cluster_sizes as (
    select
        cluster_key,
        count(*) as cluster_size
    from clustered
    group by cluster_key
),

final as (
    select
        clustered.record_key,
        clustered.cluster_key,
        cluster_sizes.cluster_size,
        clustered.group_key as strong_group_key
    from clustered
    inner join cluster_sizes on clustered.cluster_key = cluster_sizes.cluster_key
)

select * from final

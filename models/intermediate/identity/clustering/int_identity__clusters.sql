{{ config(post_hook="{{ connected_components_cleanup('cc_cut') }}") }}

{#- Persons: the candidate clusters (strong groups joined by accepted probabilistic links),
    except those where a reviewer's `different` forced cuts. Those few are computed again from
    their records' links without the cut ones (an identifier value cut is cut for every record
    holding it), so the two records of every `different` decision end in different persons. -#}
{%- set cuts_relation = ref('int_identity__cannot_link_cuts') -%}

{%- set kept_links_sql -%}
    select
        edges.record_key as node_l,
        edges.anchor_record_key as node_r
    from {{ ref('int_identity__deterministic_edges') }} as edges
    inner join {{ ref('int_identity__candidate_clusters') }} as candidate_clusters
        on edges.record_key = candidate_clusters.record_key
    inner join (select distinct cluster_key from {{ cuts_relation }}) as cut_clusters
        on candidate_clusters.cluster_key = cut_clusters.cluster_key
    left join {{ cuts_relation }} as cuts
        on cuts.link_type = 'deterministic'
        and edges.identifier_type = cuts.linked_by
        and edges.identifier_value = cuts.identifier_value
    where cuts.cut_key is null
    union all
    select
        verdicts.record_key_l as node_l,
        verdicts.record_key_r as node_r
    from {{ ref('int_identity__edge_verdicts') }} as verdicts
    inner join {{ ref('int_identity__candidate_clusters') }} as candidate_clusters
        on verdicts.record_key_l = candidate_clusters.record_key
    inner join (select distinct cluster_key from {{ cuts_relation }}) as cut_clusters
        on candidate_clusters.cluster_key = cut_clusters.cluster_key
    left join {{ cuts_relation }} as cuts
        on verdicts.link_type = cuts.link_type
        and verdicts.record_key_l = cuts.record_key_l
        and verdicts.record_key_r = cuts.record_key_r
    where verdicts.verdict = 'accepted'
        and verdicts.link_type in ('reviewed', 'probabilistic')
        and cuts.cut_key is null
{%- endset -%}

{#- Compiling shows the macro's placeholder; a run computes components only if there are cuts. -#}
{%- set state = namespace(recut_sql=none) -%}
{%- if not (execute and flags.WHICH in ['run', 'build']) -%}
    {%- set state.recut_sql = connected_components(kept_links_sql, 'cc_cut') -%}
{%- elif run_query('select count(*) from ' ~ cuts_relation).columns[0].values()[0] | int > 0 -%}
    {%- set state.recut_sql = connected_components(kept_links_sql, 'cc_cut') -%}
{%- else -%}
    {%- set state.recut_sql -%}
        select
            record_key as node,
            cluster_key as component_key
        from {{ ref('int_identity__candidate_clusters') }}
        where 1 = 0
    {%- endset -%}
{%- endif %}

with

candidate_clusters as (
    select * from {{ ref('int_identity__candidate_clusters') }}
),

cut_clusters as (
    select distinct cluster_key from {{ cuts_relation }}
),

recut_components as (
    {{ state.recut_sql }}
),

-- Records of a cut candidate cluster with no kept link are persons of their own.
clustered as (
    select
        candidate_clusters.record_key,
        candidate_clusters.strong_group_key,
        case
            when cut_clusters.cluster_key is null then candidate_clusters.cluster_key
            else coalesce(recut_components.component_key, candidate_clusters.record_key)
        end as cluster_key
    from candidate_clusters
    left join cut_clusters on candidate_clusters.cluster_key = cut_clusters.cluster_key
    left join recut_components on candidate_clusters.record_key = recut_components.node
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
        clustered.strong_group_key
    from clustered
    inner join cluster_sizes on clustered.cluster_key = cluster_sizes.cluster_key
)

select * from final

{#- Links clustering did not use, with the reason. -#}
with

verdicts as (
    select * from {{ ref('int_identity__edge_verdicts') }}
),

clusters as (
    select * from {{ ref('int_identity__clusters') }}
),

rejected_upfront as (
    select
        edge_key,
        record_key_l,
        record_key_r,
        link_type,
        linked_by,
        match_probability,
        rejection_reason
    from verdicts
    where verdict = 'rejected'
),

-- An accepted link whose two records ended in different persons was cut to honour a
-- `different` decision (see int_identity__cannot_link_cuts for which and why).
cut_by_different_decision as (
    select
        verdicts.edge_key,
        verdicts.record_key_l,
        verdicts.record_key_r,
        verdicts.link_type,
        verdicts.linked_by,
        verdicts.match_probability,
        'cut_by_different_decision' as rejection_reason
    from verdicts
    inner join clusters as left_clusters on verdicts.record_key_l = left_clusters.record_key
    inner join clusters as right_clusters on verdicts.record_key_r = right_clusters.record_key
    where
        verdicts.verdict = 'accepted'
        and left_clusters.cluster_key <> right_clusters.cluster_key
),

final as (
    select * from rejected_upfront
    union all
    select * from cut_by_different_decision
)

select * from final

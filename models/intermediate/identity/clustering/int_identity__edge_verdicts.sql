{#- Every candidate link between two records and whether clustering may use it. -#}
{%- set auto_merge_threshold = var('identity_auto_merge_threshold') -%}

with

deterministic_edges as (
    select * from {{ ref('int_identity__deterministic_edges') }}
),

scored_pairs as (
    select * from {{ ref('int_identity__scored_pairs') }}
),

decisions as (
    select * from {{ ref('int_identity__review_decisions') }}
),

strong_groups as (
    select * from {{ ref('int_identity__groups_by_certain_links') }}
),

-- Star edges, one per pair and identifier type (the values themselves stay in helper A's model).
deterministic as (
    select distinct
        case
            when record_key < anchor_record_key then record_key else anchor_record_key
        end as record_key_l,
        case
            when record_key < anchor_record_key then anchor_record_key else record_key
        end as record_key_r,
        'deterministic' as link_type,
        identifier_type as linked_by,
        cast(null as double) as match_probability,
        cast(null as {{ dbt.type_string() }}) as decision
    from deterministic_edges
    where record_key <> anchor_record_key
),

reviewed as (
    select
        decisions.record_key_l,
        decisions.record_key_r,
        'reviewed' as link_type,
        'review_decision' as linked_by,
        cast(scored_pairs.match_probability as double) as match_probability,
        decisions.decision
    from decisions
    left join scored_pairs
        on
            decisions.record_key_l = scored_pairs.record_key_l
            and decisions.record_key_r = scored_pairs.record_key_r
),

probabilistic as (
    select
        scored_pairs.record_key_l,
        scored_pairs.record_key_r,
        'probabilistic' as link_type,
        'match_probability' as linked_by,
        cast(scored_pairs.match_probability as double) as match_probability,
        cast(null as {{ dbt.type_string() }}) as decision
    from scored_pairs
    left join decisions
        on
            scored_pairs.record_key_l = decisions.record_key_l
            and scored_pairs.record_key_r = decisions.record_key_r
    where
        scored_pairs.match_probability >= {{ auto_merge_threshold }}
        and decisions.record_key_l is null
),

candidates as (
    select * from reviewed
    union all
    select * from probabilistic
),

-- 'different' forbids every probabilistic link between the two records' strong groups.
forbidden_group_pairs as (
    select distinct
        case
            when left_groups.group_key < right_groups.group_key then left_groups.group_key
            else right_groups.group_key
        end as group_key_l,
        case
            when left_groups.group_key < right_groups.group_key then right_groups.group_key
            else left_groups.group_key
        end as group_key_r
    from decisions
    inner join strong_groups as left_groups on decisions.record_key_l = left_groups.record_key
    inner join strong_groups as right_groups on decisions.record_key_r = right_groups.record_key
    where
        decisions.decision = 'different'
        and left_groups.group_key <> right_groups.group_key
),

-- A deterministic edge is inside its strong group by construction: one lookup is enough.
grouped as (
    select
        deterministic.*,
        strong_groups.group_key as group_key_l,
        strong_groups.group_key as group_key_r
    from deterministic
    inner join strong_groups on deterministic.record_key_l = strong_groups.record_key
    union all
    select
        candidates.*,
        left_groups.group_key as group_key_l,
        right_groups.group_key as group_key_r
    from candidates
    inner join strong_groups as left_groups on candidates.record_key_l = left_groups.record_key
    inner join strong_groups as right_groups on candidates.record_key_r = right_groups.record_key
),

judged as (
    select
        grouped.*,
        grouped.group_key_l = grouped.group_key_r as is_within_strong_group,
        case
            when grouped.decision = 'different' then 'reviewed_different'
            when grouped.link_type = 'probabilistic' and forbidden.group_key_l is not null
                then 'different_decision_between_groups'
        end as rejection_reason
    from grouped
    left join forbidden_group_pairs as forbidden
        on
            forbidden.group_key_l = least(grouped.group_key_l, grouped.group_key_r)
            and forbidden.group_key_r = greatest(grouped.group_key_l, grouped.group_key_r)
),

final as (
    select
        {{ generate_surrogate_key(['record_key_l', 'record_key_r', 'link_type', 'linked_by']) }}
            as edge_key,
        record_key_l,
        record_key_r,
        link_type,
        linked_by,
        match_probability,
        decision,
        group_key_l,
        group_key_r,
        is_within_strong_group,
        case when rejection_reason is null then 'accepted' else 'rejected' end as verdict,
        rejection_reason
    from judged
)

select * from final

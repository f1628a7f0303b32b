{#- A reviewer's `different` always holds: returns the decisions whose two records share a
    person, whatever joins them (identifiers, `same` decisions, scored links). -#}
with

decisions as (
    select * from {{ ref('int_identity__review_decisions') }}
    where decision = 'different'
),

identity_map as (
    select
        record_key,
        person_id
    from {{ ref('customer_identity_map') }}
),

violations as (
    select
        decisions.decision_pair_key,
        left_map.person_id
    from decisions
    inner join identity_map as left_map on decisions.record_key_l = left_map.record_key
    inner join identity_map as right_map on decisions.record_key_r = right_map.record_key
    where left_map.person_id = right_map.person_id
)

select * from violations

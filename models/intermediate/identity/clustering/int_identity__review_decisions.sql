{#- Reviewer decisions: the seed, or the table named by the var
    `identity_review_decisions_relation`. -#}
{%- set decisions_relation = var('identity_review_decisions_relation') -%}

with

decisions as (
    {% if decisions_relation %}
        select * from {{ decisions_relation }}
    {% else %}
        select * from {{ ref('identity_review_decisions') }}
    {% endif %}
),

records as (
    select record_key from {{ ref('int_identity__normalised_records') }}
),

-- A pair is unordered: the same two records in either order are one pair.
ordered as (
    select
        case
            when trim(record_key_l) < trim(record_key_r) then trim(record_key_l)
            else trim(record_key_r)
        end as record_key_l,
        case
            when trim(record_key_l) < trim(record_key_r) then trim(record_key_r)
            else trim(record_key_l)
        end as record_key_r,
        lower(trim(decision)) as decision,
        reviewed_by,
        cast(reviewed_at as timestamp) as reviewed_at,
        note
    from decisions
    where trim(record_key_l) <> trim(record_key_r)
),

-- Latest decision wins; on equal times `different` (the cautious one), then reviewer and note.
ranked as (
    select
        *,
        row_number() over (
            partition by record_key_l, record_key_r
            order by
                reviewed_at desc nulls last,
                case when decision = 'different' then 0 else 1 end asc nulls last,
                reviewed_by asc nulls last,
                note asc nulls last
        ) as decision_rank,
        count(*) over (partition by record_key_l, record_key_r) as decisions_on_pair
    from ordered
),

-- Decisions on records that no longer exist are kept in the seed but have nothing to act on.
current_pairs as (
    select ranked.*
    from ranked
    inner join records as left_records on ranked.record_key_l = left_records.record_key
    inner join records as right_records on ranked.record_key_r = right_records.record_key
    where ranked.decision_rank = 1
),

final as (
    select
        {{ dbt.concat(['record_key_l', "'|'", 'record_key_r']) }} as decision_pair_key,
        record_key_l,
        record_key_r,
        decision,
        reviewed_by,
        reviewed_at,
        note,
        decisions_on_pair
    from current_pairs
)

select * from final

{#- Every scored candidate pair, its band, and what became of it. -#}
{%- set auto_merge_threshold = var('identity_auto_merge_threshold') -%}
{%- set review_threshold = var('identity_review_threshold') -%}
{%- set comparisons = ['first_name', 'last_name', 'date_of_birth', 'email', 'phone', 'address'] -%}

with

scored_pairs as (
    select * from {{ ref('int_identity__scored_pairs') }}
),

decisions as (
    select * from {{ ref('int_identity__review_decisions') }}
),

rejected_links as (
    select * from {{ ref('int_identity__rejected_edges') }}
    where link_type = 'probabilistic'
),

banded as (
    select
        scored_pairs.*,
        case
            when scored_pairs.match_probability >= {{ auto_merge_threshold }} then 'auto_merge'
            when scored_pairs.match_probability >= {{ review_threshold }} then 'review'
            else 'below'
        end as band
    from scored_pairs
),

judged as (
    select
        banded.*,
        case
            when decisions.decision = 'same' then 'reviewed_same'
            when decisions.decision = 'different' then 'reviewed_different'
            when banded.band = 'auto_merge' and rejected_links.edge_key is null then 'auto_merged'
            when banded.band = 'review' then 'pending_review'
            else 'rejected'
        end as decision,
        case
            when decisions.decision is not null then null
            when banded.band = 'below' then 'below_review_threshold'
            else rejected_links.rejection_reason
        end as rejection_reason,
        decisions.reviewed_by,
        decisions.reviewed_at,
        decisions.note as review_note
    from banded
    left join decisions
        on
            banded.record_key_l = decisions.record_key_l
            and banded.record_key_r = decisions.record_key_r
    left join rejected_links
        on
            banded.record_key_l = rejected_links.record_key_l
            and banded.record_key_r = rejected_links.record_key_r
),

final as (
    select
        cast(pair_key as {{ dbt.type_string() }}) as pair_key,
        cast(record_key_l as {{ dbt.type_string() }}) as record_key_l,
        cast(record_key_r as {{ dbt.type_string() }}) as record_key_r,
        cast(match_probability as double) as match_probability,
        cast(match_weight as double) as match_weight,
        {%- for comparison in comparisons %}
            cast(level_{{ comparison }} as {{ dbt.type_string() }}) as level_{{ comparison }},
            cast(weight_{{ comparison }} as double) as weight_{{ comparison }},
        {%- endfor %}
        cast(blocking_rule as {{ dbt.type_string() }}) as blocking_rule,
        cast(band as {{ dbt.type_string() }}) as band,
        cast(decision as {{ dbt.type_string() }}) as decision,
        cast(rejection_reason as {{ dbt.type_string() }}) as rejection_reason,
        cast(reviewed_by as {{ dbt.type_string() }}) as reviewed_by,
        cast(reviewed_at as timestamp) as reviewed_at,
        cast(review_note as {{ dbt.type_string() }}) as review_note
    from judged
)

select * from final

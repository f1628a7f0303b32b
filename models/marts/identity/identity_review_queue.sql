{#- Pairs waiting for a human: in the review band, no decision yet, the two records side by
    side with what each comparison contributed. -#}
{%- set comparisons = ['first_name', 'last_name', 'date_of_birth', 'email', 'phone', 'address'] -%}
{%- set attributes = ['source_name', 'source_record_id', 'first_name', 'last_name',
    'date_of_birth', 'email', 'phone', 'street_address', 'postcode', 'city', 'country'] -%}

with

pairs as (
    select * from {{ ref('identity_match_pairs') }}
    where decision = 'pending_review'
),

records as (
    select * from {{ ref('int_identity__normalised_records') }}
),

identity_map as (
    select
        record_key,
        person_id
    from {{ ref('customer_identity_map') }}
),

final as (
    select
        pairs.pair_key,
        pairs.record_key_l,
        pairs.record_key_r,
        pairs.match_probability,
        pairs.match_weight,
        coalesce(left_map.person_id = right_map.person_id, false) as is_same_person,
        {%- for attribute in attributes %}
            {%- set type = 'date' if attribute == 'date_of_birth' else dbt.type_string() %}
            cast(left_records.{{ attribute }} as {{ type }}) as {{ attribute }}_l,
            cast(right_records.{{ attribute }} as {{ type }}) as {{ attribute }}_r,
        {%- endfor %}
        {%- for comparison in comparisons %}
            pairs.level_{{ comparison }},
            pairs.weight_{{ comparison }},
        {%- endfor %}
        left_map.person_id as person_id_l,
        right_map.person_id as person_id_r
    from pairs
    inner join records as left_records on pairs.record_key_l = left_records.record_key
    inner join records as right_records on pairs.record_key_r = right_records.record_key
    left join identity_map as left_map on pairs.record_key_l = left_map.record_key
    left join identity_map as right_map on pairs.record_key_r = right_map.record_key
)

select * from final

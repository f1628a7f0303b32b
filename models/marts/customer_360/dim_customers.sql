{#- DEV STAND-IN for helper D's golden record: one row per person of the identity map. -#}
with

persons as (
    select distinct person_id from {{ ref('customer_identity_map') }}
),

final as (
    select cast(person_id as {{ dbt.type_string() }}) as person_id
    from persons
)

select * from final

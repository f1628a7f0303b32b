{#- The identifier values identity resolution never links on, each once with its reason: what
    survivorship needs to drop blocklisted values and rank shared ones last. -#}
with

exclusions as (
    select * from {{ ref('int_identity__identifier_exclusions') }}
),

final as (
    select
        cast(identifier_type as {{ dbt.type_string() }}) as identifier_type,
        cast(identifier_value as {{ dbt.type_string() }}) as identifier_value,
        cast(exclusion_reason as {{ dbt.type_string() }}) as exclusion_reason,
        cast(exclusion_detail as {{ dbt.type_string() }}) as exclusion_detail,
        cast(record_count as bigint) as record_count
    from exclusions
)

select * from final

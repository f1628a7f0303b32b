{#- The identifier values identity resolution never links on, each once with its reason: what
    survivorship needs to drop blocklisted values and rank shared ones last. -#}
with

exclusions as (
    select * from {{ ref('int_identity__identifier_exclusions') }}
),

final as (
    select
        {{ contract_columns() }}
    from exclusions
)

select * from final

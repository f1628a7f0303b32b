{#- Every interaction of every person in one chronological table: the interactions model
    (orders and store purchases, web visits, email/SMS sends and reactions, support tickets,
    ad exposures, consent changes, reviews and abandoned carts) in the timeline's columns. -#}
with

interactions as (
    select * from {{ ref('int_customer_360__interactions') }}
),

final as (
    select
        cast(interaction_id as {{ dbt.type_string() }}) as interaction_id,
        cast(person_id as {{ dbt.type_string() }}) as person_id,
        cast(occurred_at as timestamp) as occurred_at,
        cast(interaction_type as {{ dbt.type_string() }}) as interaction_type,
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(description as {{ dbt.type_string() }}) as description,
        cast(source_name as {{ dbt.type_string() }}) as source_name,
        cast(source_record_id as {{ dbt.type_string() }}) as source_id
    from interactions
)

select * from final

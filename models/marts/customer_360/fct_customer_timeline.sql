{#- Every interaction of every person in one chronological table: the interactions model
    (orders and store purchases, web visits, email/SMS sends and reactions, support tickets,
    ad exposures, consent changes, reviews and abandoned carts) in the timeline's columns. -#}
with

interactions as (
    select * from {{ ref('int_customer_360__interactions') }}
),

final as (
    select
        {{ contract_columns({'source_id': 'source_record_id'}) }}
    from interactions
)

select * from final

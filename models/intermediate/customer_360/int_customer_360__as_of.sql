{#- The one moment recency windows count back from: var `customer_360_as_of`, else the latest
    activity in the data, so a rebuild of the same data gives the same traits. -#}
with

latest_activity as (
    select max(ordered_at) as activity_at from {{ ref('stg_shop__orders') }}
    union all
    select max(transaction_at) as activity_at from {{ ref('stg_pos__transactions') }}
    union all
    select max(occurred_at) as activity_at from {{ ref('stg_web__events') }}
    union all
    select max(sent_at) as activity_at from {{ ref('stg_esp__sends') }}
    union all
    select max(occurred_at) as activity_at from {{ ref('stg_esp__message_events') }}
),

final as (
    select
        {%- if var('customer_360_as_of') is not none %}
            cast('{{ var("customer_360_as_of") }}' as timestamp) as as_of_at
        {%- else %}
            cast(max(activity_at) as timestamp) as as_of_at
        {%- endif %}
    from latest_activity
)

select * from final

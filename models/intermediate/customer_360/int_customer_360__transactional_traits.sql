-- DEV STAND-IN for helper E's transactional traits: the contract columns, from shop orders only.
-- noqa: disable=all
{%- set string = dbt.type_string() %}

with

identity_map as (
    select * from {{ ref('customer_identity_map') }}
),

orders as (
    select * from {{ ref('stg_shop__orders') }}
),

person_orders as (
    select
        identity_map.person_id,
        count(*) as orders_count,
        sum(orders.total_price) as revenue,
        min(orders.ordered_at) as first_order_at,
        max(orders.ordered_at) as last_order_at
    from orders
    inner join identity_map
        on identity_map.source_name = 'shop_order'
        and orders.order_id = identity_map.source_record_id
    group by identity_map.person_id
),

persons as (
    select distinct person_id from identity_map
),

final as (
    select
        persons.person_id,
        coalesce(person_orders.orders_count, 0) as orders_count,
        coalesce(person_orders.orders_count, 0) as online_orders_count,
        0 as store_orders_count,
        coalesce(person_orders.revenue, 0) as revenue,
        person_orders.revenue / person_orders.orders_count as average_basket,
        person_orders.first_order_at,
        person_orders.last_order_at,
        cast(null as integer) as days_since_last_order,
        cast(null as double) as purchase_frequency_days,
        0 as returns_count,
        cast(null as double) as return_rate,
        0 as abandoned_carts_count,
        0 as abandoned_carts_value,
        cast(null as {{ string }}) as favourite_category,
        cast(null as {{ string }}) as preferred_payment_method,
        cast(null as double) as average_review_rating,
        cast(null as integer) as rfm_recency_score,
        cast(null as integer) as rfm_frequency_score,
        cast(null as integer) as rfm_monetary_score,
        cast(null as {{ string }}) as rfm_segment,
        coalesce(person_orders.revenue, 0) as historical_clv
    from persons
    left join person_orders on persons.person_id = person_orders.person_id
)

select * from final

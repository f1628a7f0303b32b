{#- One row per order across the web shop and the store tills, with its person. -#}
with

orders as (
    select * from {{ ref('int_customer_360__orders') }}
),

final as (
    select
        cast(order_id as {{ dbt.type_string() }}) as order_id,
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(source_name as {{ dbt.type_string() }}) as source_name,
        cast(source_order_id as {{ dbt.type_string() }}) as source_order_id,
        cast(person_id as {{ dbt.type_string() }}) as person_id,
        cast(shop_customer_id as bigint) as shop_customer_id,
        cast(is_guest_order as boolean) as is_guest_order,
        cast(ordered_at as timestamp) as ordered_at,
        cast(currency as {{ dbt.type_string() }}) as currency,
        subtotal_amount,
        shipping_amount,
        total_amount,
        refunded_amount,
        net_amount,
        total_amount_reporting,
        refunded_amount_reporting,
        net_amount_reporting,
        cast(has_estimated_amount as boolean) as has_estimated_amount,
        cast(refund_count as bigint) as refund_count,
        cast(is_refunded as boolean) as is_refunded,
        cast(first_refunded_at as timestamp) as first_refunded_at,
        cast(order_status as {{ dbt.type_string() }}) as order_status,
        cast(store_id as {{ dbt.type_string() }}) as store_id,
        cast(payment_method as {{ dbt.type_string() }}) as payment_method,
        cast(line_count as bigint) as line_count,
        cast(item_quantity as bigint) as item_quantity
    from orders
)

select * from final

{#- One row per line of an order in `fct_orders`: web order lines and till lines. -#}
with

order_lines as (
    select * from {{ ref('int_customer_360__order_lines') }}
),

orders as (
    select
        order_id,
        person_id,
        ordered_at,
        currency
    from {{ ref('int_customer_360__orders') }}
),

final as (
    select
        cast(order_lines.order_line_id as {{ dbt.type_string() }}) as order_line_id,
        cast(order_lines.order_id as {{ dbt.type_string() }}) as order_id,
        cast(order_lines.channel as {{ dbt.type_string() }}) as channel,
        cast(order_lines.source_line_id as {{ dbt.type_string() }}) as source_line_id,
        cast(orders.person_id as {{ dbt.type_string() }}) as person_id,
        cast(orders.ordered_at as timestamp) as ordered_at,
        cast(order_lines.product_id as bigint) as product_id,
        cast(order_lines.product_name as {{ dbt.type_string() }}) as product_name,
        cast(order_lines.category as {{ dbt.type_string() }}) as category,
        cast(order_lines.quantity as integer) as quantity,
        cast(orders.currency as {{ dbt.type_string() }}) as currency,
        order_lines.unit_price,
        order_lines.discount_amount,
        order_lines.line_amount,
        cast(order_lines.has_invalid_amount as boolean) as has_invalid_amount
    from order_lines
    -- Lines whose order was set aside in staging have no order to belong to.
    inner join orders on order_lines.order_id = orders.order_id
)

select * from final

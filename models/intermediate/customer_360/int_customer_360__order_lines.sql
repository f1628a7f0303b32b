{#- Web order lines and till lines in one shape, keyed like `int_customer_360__orders`. -#}
with

web_lines as (
    select * from {{ ref('stg_shop__order_lines') }}
),

till_lines as (
    select * from {{ ref('stg_pos__transaction_lines') }}
),

products as (
    select * from {{ ref('stg_shop__products') }}
),

unioned as (
    select
        'web:' || cast(order_line_id as {{ dbt.type_string() }}) as order_line_id,
        'web:' || cast(order_id as {{ dbt.type_string() }}) as order_id,
        'web' as channel,
        cast(order_line_id as {{ dbt.type_string() }}) as source_line_id,
        product_id,
        quantity,
        unit_price,
        coalesce(discount_amount, 0) as discount_amount,
        false as has_invalid_amount
    from web_lines
    union all
    select
        'store:' || transaction_line_id as order_line_id,
        'store:' || transaction_id as order_id,
        'store' as channel,
        transaction_line_id as source_line_id,
        product_id,
        quantity,
        unit_price,
        0 as discount_amount,
        has_invalid_amount
    from till_lines
),

final as (
    select
        unioned.order_line_id,
        unioned.order_id,
        unioned.channel,
        unioned.source_line_id,
        unioned.product_id,
        products.product_name,
        products.category,
        unioned.quantity,
        cast(unioned.unit_price as decimal(18, 2)) as unit_price,
        cast(unioned.discount_amount as decimal(18, 2)) as discount_amount,
        -- NULL when the quantity or the till's price could not be read: unknown, not zero.
        cast(
            unioned.quantity * unioned.unit_price - unioned.discount_amount as decimal(18, 2)
        ) as line_amount,
        unioned.has_invalid_amount
    from unioned
    left join products on unioned.product_id = products.product_id
)

select * from final

{#- Web orders and store transactions in one shape, each with the person its source record
    belongs to in the identity map (NULL if the map has no such record). -#}
with

web_orders as (
    select * from {{ ref('stg_shop__orders') }}
),

refunds as (
    select * from {{ ref('stg_shop__refunds') }}
),

till_transactions as (
    select * from {{ ref('stg_pos__transactions') }}
),

order_lines as (
    select * from {{ ref('int_customer_360__order_lines') }}
),

person_records as (
    select
        source_name,
        source_record_id,
        person_id
    from {{ ref('int_customer_360__person_records') }}
    where source_name in ('shop_order', 'pos_transaction')
),

order_refunds as (
    select
        order_id,
        count(*) as refund_count,
        sum(refunded_amount) as refunded_amount,
        min(refunded_at) as first_refunded_at
    from refunds
    group by order_id
),

line_totals as (
    select
        order_id,
        count(*) as line_count,
        sum(quantity) as item_quantity,
        sum(line_amount) as line_amount
    from order_lines
    group by order_id
),

unioned as (
    select
        'web:' || web_orders.source_record_key as order_id,
        'web' as channel,
        'shop_order' as source_name,
        web_orders.source_record_key as source_order_id,
        web_orders.customer_id as shop_customer_id,
        web_orders.customer_id is null as is_guest_order,
        web_orders.ordered_at,
        web_orders.currency,
        web_orders.subtotal_price as subtotal_amount,
        web_orders.shipping_price as shipping_amount,
        web_orders.total_price as total_amount,
        false as has_estimated_amount,
        coalesce(order_refunds.refunded_amount, 0) as refunded_amount,
        coalesce(order_refunds.refund_count, 0) as refund_count,
        order_refunds.first_refunded_at,
        web_orders.financial_status as order_status,
        cast(null as {{ dbt.type_string() }}) as store_id,
        web_orders.payment_method
    from web_orders
    left join order_refunds on web_orders.order_id = order_refunds.order_id
    union all
    select
        'store:' || till_transactions.transaction_id as order_id,
        'store' as channel,
        'pos_transaction' as source_name,
        till_transactions.transaction_id as source_order_id,
        cast(null as bigint) as shop_customer_id,
        till_transactions.loyalty_card_number is null as is_guest_order,
        till_transactions.transaction_at as ordered_at,
        till_transactions.currency,
        coalesce(till_transactions.total_amount, line_totals.line_amount) as subtotal_amount,
        0 as shipping_amount,
        -- An amount the till could not export is estimated from its lines.
        coalesce(till_transactions.total_amount, line_totals.line_amount) as total_amount,
        till_transactions.total_amount is null as has_estimated_amount,
        0 as refunded_amount,
        0 as refund_count,
        cast(null as timestamp) as first_refunded_at,
        'paid' as order_status,
        till_transactions.store_id,
        till_transactions.payment_method
    from till_transactions
    left join line_totals
        on 'store:' || till_transactions.transaction_id = line_totals.order_id
),

final as (
    select
        unioned.order_id,
        unioned.channel,
        unioned.source_name,
        unioned.source_order_id,
        person_records.person_id,
        unioned.shop_customer_id,
        unioned.is_guest_order,
        unioned.ordered_at,
        unioned.currency,
        cast(unioned.subtotal_amount as decimal(18, 2)) as subtotal_amount,
        cast(unioned.shipping_amount as decimal(18, 2)) as shipping_amount,
        cast(unioned.total_amount as decimal(18, 2)) as total_amount,
        cast(unioned.refunded_amount as decimal(18, 2)) as refunded_amount,
        cast(unioned.total_amount - unioned.refunded_amount as decimal(18, 2)) as net_amount,
        {{ to_reporting_currency('unioned.total_amount', 'unioned.currency') }}
            as total_amount_reporting,
        {{ to_reporting_currency('unioned.refunded_amount', 'unioned.currency') }}
            as refunded_amount_reporting,
        {{ to_reporting_currency('unioned.total_amount - unioned.refunded_amount',
            'unioned.currency') }} as net_amount_reporting,
        unioned.has_estimated_amount,
        unioned.refund_count,
        unioned.refund_count > 0 as is_refunded,
        unioned.first_refunded_at,
        unioned.order_status,
        unioned.store_id,
        unioned.payment_method,
        coalesce(line_totals.line_count, 0) as line_count,
        coalesce(line_totals.item_quantity, 0) as item_quantity
    from unioned
    left join person_records
        on
            unioned.source_name = person_records.source_name
            and unioned.source_order_id = person_records.source_record_id
    left join line_totals on unioned.order_id = line_totals.order_id
)

select * from final

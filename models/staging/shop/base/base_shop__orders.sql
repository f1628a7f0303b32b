with

source as (
    select * from {{ source('shop', 'orders') }}
),

renamed as (
    select
        order_id,
        customer_id,
        {{ clean_email('email') }} as email,
        {{ clean_text('cart_token') }} as cart_token,
        lower({{ clean_text('financial_status') }}) as financial_status,
        lower({{ clean_text('payment_method') }}) as payment_method,
        upper({{ clean_text('currency') }}) as currency,
        subtotal_price,
        shipping_price,
        total_price,
        upper({{ clean_text('shipping_postcode') }}) as shipping_postcode,
        {{ clean_text('shipping_city') }} as shipping_city,
        upper({{ clean_text('shipping_country_code') }}) as shipping_country_code,
        cast(created_at as timestamp) as ordered_at,
        cast(updated_at as timestamp) as updated_at,
        {{ airbyte_record_columns('order_id') }}
    from source
),

classified as (
    {{ rows_with_quarantine_reason(
        'renamed',
        'order_id',
        cursor='updated_at',
        timestamps=['ordered_at'],
    ) }}
)

select * from classified

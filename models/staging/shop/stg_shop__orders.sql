with

base as (
    select * from {{ ref('base_shop__orders') }}
),

latest_valid_versions as (
    select
        order_id,
        customer_id,
        email,
        cart_token,
        financial_status,
        payment_method,
        currency,
        subtotal_price,
        shipping_price,
        total_price,
        shipping_postcode,
        shipping_city,
        shipping_country_code,
        ordered_at,
        updated_at,
        source_record_key,
        _airbyte_raw_id,
        _airbyte_extracted_at
    from base
    where quarantine_reason is null
)

select * from latest_valid_versions

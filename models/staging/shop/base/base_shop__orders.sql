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
        cast(order_id as {{ dbt.type_string() }}) as source_record_key,
        cast(_airbyte_raw_id as {{ dbt.type_string() }}) as _airbyte_raw_id,
        cast(_airbyte_extracted_at as timestamp) as _airbyte_extracted_at,
        {{ airbyte_meta_has_change_on('order_id') }} as has_airbyte_error_on_key
    from source
),

validated as (
    select
        *,
        case
            when has_airbyte_error_on_key then 'airbyte_error_on_primary_key'
            when order_id is null then 'missing_primary_key'
            when updated_at is null then 'missing_cursor'
            when {{ is_impossible_timestamp('updated_at') }} then 'impossible_date'
            when {{ is_impossible_timestamp('ordered_at') }} then 'impossible_date'
        end as invalid_reason
    from renamed
),

classified as (
    select
        *,
        {{ quarantine_reason('order_id', cursor='updated_at') }} as quarantine_reason
    from validated
)

select * from classified

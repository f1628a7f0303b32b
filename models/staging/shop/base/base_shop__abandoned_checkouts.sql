with

source as (
    select * from {{ source('shop', 'abandoned_checkouts') }}
),

renamed as (
    select
        checkout_id,
        customer_id,
        {{ clean_email('email') }} as email,
        {{ clean_text('cart_token') }} as cart_token,
        line_items_count as line_item_count,
        total_price,
        upper({{ clean_text('currency') }}) as currency,
        cast(created_at as timestamp) as created_at,
        cast(updated_at as timestamp) as updated_at,
        cast(checkout_id as {{ dbt.type_string() }}) as source_record_key,
        cast(_airbyte_raw_id as {{ dbt.type_string() }}) as _airbyte_raw_id,
        cast(_airbyte_extracted_at as timestamp) as _airbyte_extracted_at,
        {{ airbyte_meta_has_change_on('checkout_id') }} as has_airbyte_error_on_key
    from source
),

validated as (
    select
        *,
        case
            when has_airbyte_error_on_key then 'airbyte_error_on_primary_key'
            when checkout_id is null then 'missing_primary_key'
            when updated_at is null then 'missing_cursor'
            when {{ is_impossible_timestamp('updated_at') }} then 'impossible_date'
            when {{ is_impossible_timestamp('created_at') }} then 'impossible_date'
        end as invalid_reason
    from renamed
),

classified as (
    select
        *,
        {{ quarantine_reason('checkout_id', cursor='updated_at') }} as quarantine_reason
    from validated
)

select * from classified

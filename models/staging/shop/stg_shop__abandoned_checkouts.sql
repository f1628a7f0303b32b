with

base as (
    select * from {{ ref('base_shop__abandoned_checkouts') }}
),

latest_valid_versions as (
    select
        checkout_id,
        customer_id,
        email,
        cart_token,
        line_item_count,
        total_price,
        currency,
        created_at,
        updated_at,
        source_record_key,
        _airbyte_raw_id,
        _airbyte_extracted_at
    from base
    where quarantine_reason is null
)

select * from latest_valid_versions

with

base as (
    select * from {{ ref('base_pos__transactions') }}
),

latest_valid_versions as (
    select
        transaction_id,
        store_id,
        till_device_id,
        transaction_at,
        loyalty_card_number,
        receipt_email,
        payment_method,
        total_amount,
        has_invalid_amount,
        currency,
        _airbyte_raw_id,
        _airbyte_extracted_at
    from base
    where quarantine_reason is null
)

select * from latest_valid_versions

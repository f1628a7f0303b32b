with

base as (
    select * from {{ ref('base_pos__transaction_lines') }}
),

latest_valid_versions as (
    select
        transaction_line_id,
        transaction_id,
        line_number,
        product_id,
        quantity,
        unit_price,
        has_invalid_amount,
        _airbyte_raw_id,
        _airbyte_extracted_at
    from base
    where quarantine_reason is null
)

select * from latest_valid_versions

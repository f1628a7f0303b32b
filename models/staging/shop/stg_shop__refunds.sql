with

base as (
    select * from {{ ref('base_shop__refunds') }}
),

latest_valid_versions as (
    select
        refund_id,
        order_id,
        refund_reason,
        refunded_amount,
        is_restocked,
        refunded_at,
        _airbyte_raw_id,
        _airbyte_extracted_at
    from base
    where quarantine_reason is null
)

select * from latest_valid_versions

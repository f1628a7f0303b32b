with

base as (
    select * from {{ ref('base_web__identifies') }}
),

latest_valid_versions as (
    select
        event_id,
        cookie_id,
        device_id,
        customer_id,
        email,
        occurred_at,
        _airbyte_raw_id,
        _airbyte_extracted_at
    from base
    where quarantine_reason is null
)

select * from latest_valid_versions

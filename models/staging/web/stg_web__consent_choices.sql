with

base as (
    select * from {{ ref('base_web__consent_choices') }}
),

latest_valid_versions as (
    select
        event_id,
        cookie_id,
        device_id,
        has_analytics_consent,
        has_ads_consent,
        occurred_at,
        _airbyte_raw_id,
        _airbyte_extracted_at
    from base
    where quarantine_reason is null
)

select * from latest_valid_versions

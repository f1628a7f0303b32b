with

base as (
    select * from {{ ref('base_esp__campaigns') }}
),

latest_valid_versions as (
    select
        campaign_id,
        campaign_name,
        channel,
        subject,
        scheduled_at,
        _airbyte_raw_id,
        _airbyte_extracted_at
    from base
    where quarantine_reason is null
)

select * from latest_valid_versions

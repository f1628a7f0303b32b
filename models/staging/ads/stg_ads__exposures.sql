with

base as (
    select * from {{ ref('base_ads__exposures') }}
),

latest_valid_versions as (
    select
        exposure_id,
        platform,
        ad_campaign_id,
        cookie_id,
        exposure_date,
        impression_count,
        click_count,
        _airbyte_raw_id,
        _airbyte_extracted_at
    from base
    where quarantine_reason is null
)

select * from latest_valid_versions

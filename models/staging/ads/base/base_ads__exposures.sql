with

source as (
    select * from {{ source('ads', 'exposures') }}
),

renamed as (
    select
        {{ clean_text('exposure_id') }} as exposure_id,
        lower({{ clean_text('platform') }}) as platform,
        {{ clean_text('ad_campaign_id') }} as ad_campaign_id,
        {{ clean_text('cookie_id') }} as cookie_id,
        cast(exposure_date as date) as exposure_date,
        impressions as impression_count,
        clicks as click_count,
        {{ airbyte_record_columns('exposure_id') }}
    from source
),

classified as (
    {{ rows_with_quarantine_reason(
        'renamed',
        'exposure_id',
        timestamps=['cast(exposure_date as timestamp)'],
    ) }}
)

select * from classified

with

source as (
    select * from {{ source('web', 'consent_choices') }}
),

renamed as (
    select
        {{ clean_text('event_id') }} as event_id,
        {{ clean_text('cookie_id') }} as cookie_id,
        {{ clean_text('device_id') }} as device_id,
        analytics_consent as has_analytics_consent,
        ads_consent as has_ads_consent,
        cast(occurred_at as timestamp) as occurred_at,
        {{ airbyte_record_columns('event_id') }}
    from source
),

classified as (
    {{ rows_with_quarantine_reason('renamed', 'event_id', timestamps=['occurred_at']) }}
)

select * from classified

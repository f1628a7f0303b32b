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
        cast(exposure_id as {{ dbt.type_string() }}) as source_record_key,
        cast(_airbyte_raw_id as {{ dbt.type_string() }}) as _airbyte_raw_id,
        cast(_airbyte_extracted_at as timestamp) as _airbyte_extracted_at,
        {{ airbyte_meta_has_change_on('exposure_id') }} as has_airbyte_error_on_key
    from source
),

validated as (
    select
        *,
        case
            when has_airbyte_error_on_key then 'airbyte_error_on_primary_key'
            when exposure_id is null then 'missing_primary_key'
            when {{ is_impossible_timestamp('cast(exposure_date as timestamp)') }}
                then 'impossible_date'
        end as invalid_reason
    from renamed
),

classified as (
    select
        *,
        {{ quarantine_reason('exposure_id') }} as quarantine_reason
    from validated
)

select * from classified

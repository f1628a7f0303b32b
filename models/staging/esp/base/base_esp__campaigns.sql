with

source as (
    select * from {{ source('esp', 'campaigns') }}
),

renamed as (
    select
        {{ clean_text('campaign_id') }} as campaign_id,
        {{ clean_text('campaign_name') }} as campaign_name,
        lower({{ clean_text('channel') }}) as channel,
        {{ clean_text('subject') }} as subject,
        cast(scheduled_at as timestamp) as scheduled_at,
        cast(campaign_id as {{ dbt.type_string() }}) as source_record_key,
        cast(_airbyte_raw_id as {{ dbt.type_string() }}) as _airbyte_raw_id,
        cast(_airbyte_extracted_at as timestamp) as _airbyte_extracted_at,
        {{ airbyte_meta_has_change_on('campaign_id') }} as has_airbyte_error_on_key
    from source
),

validated as (
    select
        *,
        case
            when has_airbyte_error_on_key then 'airbyte_error_on_primary_key'
            when campaign_id is null then 'missing_primary_key'
        end as invalid_reason
    from renamed
),

classified as (
    select
        *,
        {{ quarantine_reason('campaign_id') }} as quarantine_reason
    from validated
)

select * from classified

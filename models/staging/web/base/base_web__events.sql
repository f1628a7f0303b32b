with

source as (
    select * from {{ source('web', 'events') }}
),

renamed as (
    select
        {{ clean_text('event_id') }} as event_id,
        {{ clean_text('cookie_id') }} as cookie_id,
        {{ clean_text('device_id') }} as device_id,
        {{ clean_text('session_id') }} as session_id,
        lower({{ clean_text('event_type') }}) as event_type,
        {{ clean_text('page_path') }} as page_path,
        {{ clean_text('query_string') }} as query_string,
        {{ url_query_parameter(clean_text('query_string'), 'cid') }} as link_crm_contact_id,
        {{ url_query_parameter(clean_text('query_string'), 'utm_campaign') }} as link_campaign_id,
        product_id,
        {{ clean_text('referrer') }} as referrer,
        {{ clean_text('user_agent') }} as user_agent,
        cast(occurred_at as timestamp) as occurred_at,
        cast(event_id as {{ dbt.type_string() }}) as source_record_key,
        cast(_airbyte_raw_id as {{ dbt.type_string() }}) as _airbyte_raw_id,
        cast(_airbyte_extracted_at as timestamp) as _airbyte_extracted_at,
        {{ airbyte_meta_has_change_on('event_id') }} as has_airbyte_error_on_key
    from source
),

validated as (
    select
        *,
        case
            when has_airbyte_error_on_key then 'airbyte_error_on_primary_key'
            when event_id is null then 'missing_primary_key'
            when {{ is_impossible_timestamp('occurred_at') }} then 'impossible_date'
        end as invalid_reason
    from renamed
),

classified as (
    select
        *,
        {{ quarantine_reason('event_id') }} as quarantine_reason
    from validated
)

select * from classified

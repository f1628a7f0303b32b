with

source as (
    select * from {{ source('esp', 'message_events') }}
),

renamed as (
    select
        {{ clean_text('event_id') }} as message_event_id,
        {{ clean_text('send_id') }} as send_id,
        lower({{ clean_text('event_type') }}) as event_type,
        {{ clean_text('clicked_url') }} as clicked_url,
        {{ url_query_parameter(clean_text('clicked_url'), 'cid') }} as link_crm_contact_id,
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
            when message_event_id is null then 'missing_primary_key'
            when {{ is_impossible_timestamp('occurred_at') }} then 'impossible_date'
            when send_id is null then 'missing_foreign_key'
        end as invalid_reason
    from renamed
),

classified as (
    select
        *,
        {{ quarantine_reason('message_event_id') }} as quarantine_reason
    from validated
)

select * from classified

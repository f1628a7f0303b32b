with

source as (
    select * from {{ source('support', 'tickets') }}
),

renamed as (
    select
        ticket_id,
        {{ clean_email('requester_email') }} as requester_email,
        {{ clean_text('requester_phone') }} as requester_phone,
        {{ clean_text('requester_name') }} as requester_name,
        lower({{ clean_text('channel') }}) as channel,
        lower({{ clean_text('category') }}) as category,
        lower({{ clean_text('status') }}) as status,
        cast(created_at as timestamp) as created_at,
        cast(updated_at as timestamp) as updated_at,
        cast(ticket_id as {{ dbt.type_string() }}) as source_record_key,
        cast(_airbyte_raw_id as {{ dbt.type_string() }}) as _airbyte_raw_id,
        cast(_airbyte_extracted_at as timestamp) as _airbyte_extracted_at,
        {{ airbyte_meta_has_change_on('ticket_id') }} as has_airbyte_error_on_key
    from source
),

validated as (
    select
        *,
        case
            when has_airbyte_error_on_key then 'airbyte_error_on_primary_key'
            when ticket_id is null then 'missing_primary_key'
            when updated_at is null then 'missing_cursor'
            when {{ is_impossible_timestamp('updated_at') }} then 'impossible_date'
            when {{ is_impossible_timestamp('created_at') }} then 'impossible_date'
        end as invalid_reason
    from renamed
),

classified as (
    select
        *,
        {{ quarantine_reason('ticket_id', cursor='updated_at') }} as quarantine_reason
    from validated
)

select * from classified

with

source as (
    select * from {{ source('esp', 'sends') }}
),

renamed as (
    select
        {{ clean_text('send_id') }} as send_id,
        {{ clean_text('campaign_id') }} as campaign_id,
        lower({{ clean_text('channel') }}) as channel,
        {{ clean_email('email') }} as email,
        {{ clean_text('phone') }} as phone,
        {{ clean_text('crm_contact_id') }} as crm_contact_id,
        cast(sent_at as timestamp) as sent_at,
        cast(send_id as {{ dbt.type_string() }}) as source_record_key,
        cast(_airbyte_raw_id as {{ dbt.type_string() }}) as _airbyte_raw_id,
        cast(_airbyte_extracted_at as timestamp) as _airbyte_extracted_at,
        {{ airbyte_meta_has_change_on('send_id') }} as has_airbyte_error_on_key
    from source
),

validated as (
    select
        *,
        case
            when has_airbyte_error_on_key then 'airbyte_error_on_primary_key'
            when send_id is null then 'missing_primary_key'
            when {{ is_impossible_timestamp('sent_at') }} then 'impossible_date'
            when campaign_id is null then 'missing_foreign_key'
        end as invalid_reason
    from renamed
),

classified as (
    select
        *,
        {{ quarantine_reason('send_id') }} as quarantine_reason
    from validated
)

select * from classified

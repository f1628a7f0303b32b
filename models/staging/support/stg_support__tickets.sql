with

base as (
    select * from {{ ref('base_support__tickets') }}
),

latest_valid_versions as (
    select
        ticket_id,
        requester_email,
        requester_phone,
        requester_name,
        channel,
        category,
        status,
        created_at,
        updated_at,
        source_record_key,
        _airbyte_raw_id,
        _airbyte_extracted_at
    from base
    where quarantine_reason is null
)

select * from latest_valid_versions

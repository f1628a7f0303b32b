with

base as (
    select * from {{ ref('base_esp__message_events') }}
),

latest_valid_versions as (
    select
        message_event_id,
        send_id,
        event_type,
        clicked_url,
        link_crm_contact_id,
        occurred_at,
        _airbyte_raw_id,
        _airbyte_extracted_at
    from base
    where quarantine_reason is null
)

select * from latest_valid_versions

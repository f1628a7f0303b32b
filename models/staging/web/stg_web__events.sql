with

base as (
    select * from {{ ref('base_web__events') }}
),

latest_valid_versions as (
    select
        event_id,
        cookie_id,
        device_id,
        session_id,
        event_type,
        page_path,
        query_string,
        link_crm_contact_id,
        link_campaign_id,
        product_id,
        referrer,
        user_agent,
        occurred_at,
        _airbyte_raw_id,
        _airbyte_extracted_at
    from base
    where quarantine_reason is null
)

select * from latest_valid_versions

with

base as (
    select * from {{ ref('base_esp__sends') }}
),

latest_valid_versions as (
    select
        send_id,
        campaign_id,
        channel,
        email,
        phone,
        crm_contact_id,
        sent_at,
        _airbyte_raw_id,
        _airbyte_extracted_at
    from base
    where quarantine_reason is null
)

select * from latest_valid_versions

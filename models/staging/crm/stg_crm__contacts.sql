with

base as (
    select * from {{ ref('base_crm__contacts') }}
),

latest_valid_versions as (
    select
        contact_id,
        first_name,
        last_name,
        email,
        phone,
        street_address,
        postcode,
        city,
        country_code,
        birth_date,
        (birth_date_text is not null and birth_date is null) as has_invalid_birth_date,
        loyalty_card_number,
        home_store_id,
        preferred_language,
        is_email_opted_in,
        is_sms_opted_in,
        is_phone_opted_in,
        is_postal_opted_in,
        consent_updated_at,
        created_at,
        updated_at,
        is_deleted,
        _airbyte_raw_id,
        _airbyte_extracted_at
    from base
    where quarantine_reason is null
)

select * from latest_valid_versions

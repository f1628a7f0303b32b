with

base as (
    select * from {{ ref('base_shop__customers') }}
),

latest_valid_versions as (
    select
        customer_id,
        email,
        first_name,
        last_name,
        phone,
        is_marketing_opted_in,
        marketing_consent_updated_at,
        default_street_address,
        default_postcode,
        default_city,
        default_country_code,
        account_state,
        created_at,
        updated_at,
        source_record_key,
        _airbyte_raw_id,
        _airbyte_extracted_at
    from base
    where quarantine_reason is null
)

select * from latest_valid_versions

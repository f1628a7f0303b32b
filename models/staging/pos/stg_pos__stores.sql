with

base as (
    select * from {{ ref('base_pos__stores') }}
),

latest_valid_versions as (
    select
        store_id,
        store_name,
        city,
        postcode,
        country_code,
        opened_date,
        has_invalid_opened_date,
        _airbyte_raw_id,
        _airbyte_extracted_at
    from base
    where quarantine_reason is null
)

select * from latest_valid_versions

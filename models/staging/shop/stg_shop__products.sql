with

base as (
    select * from {{ ref('base_shop__products') }}
),

latest_valid_versions as (
    select
        product_id,
        product_name,
        category,
        brand,
        price,
        created_at,
        updated_at,
        _airbyte_raw_id,
        _airbyte_extracted_at
    from base
    where quarantine_reason is null
)

select * from latest_valid_versions

with

base as (
    select * from {{ ref('base_shop__reviews') }}
),

latest_valid_versions as (
    select
        review_id,
        product_id,
        customer_id,
        reviewer_email,
        rating,
        reviewed_at,
        source_record_key,
        _airbyte_raw_id,
        _airbyte_extracted_at
    from base
    where quarantine_reason is null
)

select * from latest_valid_versions

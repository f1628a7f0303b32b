with

source as (
    select * from {{ source('shop', 'reviews') }}
),

renamed as (
    select
        review_id,
        product_id,
        customer_id,
        {{ clean_email('reviewer_email') }} as reviewer_email,
        rating,
        cast(created_at as timestamp) as reviewed_at,
        cast(review_id as {{ dbt.type_string() }}) as source_record_key,
        cast(_airbyte_raw_id as {{ dbt.type_string() }}) as _airbyte_raw_id,
        cast(_airbyte_extracted_at as timestamp) as _airbyte_extracted_at,
        {{ airbyte_meta_has_change_on('review_id') }} as has_airbyte_error_on_key
    from source
),

validated as (
    select
        *,
        case
            when has_airbyte_error_on_key then 'airbyte_error_on_primary_key'
            when review_id is null then 'missing_primary_key'
            when {{ is_impossible_timestamp('reviewed_at') }} then 'impossible_date'
            when rating is null or rating < 1 or rating > 5 then 'invalid_rating'
        end as invalid_reason
    from renamed
),

classified as (
    select
        *,
        {{ quarantine_reason('review_id') }} as quarantine_reason
    from validated
)

select * from classified

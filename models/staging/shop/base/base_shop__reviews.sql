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
        {{ airbyte_record_columns('review_id') }}
    from source
),

classified as (
    {{ rows_with_quarantine_reason('renamed', 'review_id', timestamps=['reviewed_at'], checks=[
        ['rating is null or rating < 1 or rating > 5', 'invalid_rating'],
    ]) }}
)

select * from classified

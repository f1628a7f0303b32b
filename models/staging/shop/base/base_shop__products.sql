with

source as (
    select * from {{ source('shop', 'products') }}
),

renamed as (
    select
        product_id,
        {{ clean_text('title') }} as product_name,
        lower({{ clean_text('category') }}) as category,
        {{ clean_text('brand') }} as brand,
        price,
        cast(created_at as timestamp) as created_at,
        cast(updated_at as timestamp) as updated_at,
        {{ airbyte_record_columns('product_id') }}
    from source
),

classified as (
    {{ rows_with_quarantine_reason('renamed', 'product_id', cursor='updated_at') }}
)

select * from classified

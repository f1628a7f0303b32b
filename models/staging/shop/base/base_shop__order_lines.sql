with

source as (
    select * from {{ source('shop', 'order_lines') }}
),

renamed as (
    select
        order_line_id,
        order_id,
        product_id,
        quantity,
        unit_price,
        discount_amount,
        {{ airbyte_record_columns('order_line_id') }}
    from source
),

classified as (
    {{ rows_with_quarantine_reason('renamed', 'order_line_id', checks=[
        ['order_id is null', 'missing_foreign_key'],
    ]) }}
)

select * from classified

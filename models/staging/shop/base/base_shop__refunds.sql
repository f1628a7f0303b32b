with

source as (
    select * from {{ source('shop', 'refunds') }}
),

renamed as (
    select
        refund_id,
        order_id,
        lower({{ clean_text('refund_reason') }}) as refund_reason,
        refunded_amount,
        is_restocked,
        cast(created_at as timestamp) as refunded_at,
        {{ airbyte_record_columns('refund_id') }}
    from source
),

classified as (
    {{ rows_with_quarantine_reason('renamed', 'refund_id', timestamps=['refunded_at'], checks=[
        ['order_id is null', 'missing_foreign_key'],
    ]) }}
)

select * from classified

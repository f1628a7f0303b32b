with

source as (
    select * from {{ source('shop', 'abandoned_checkouts') }}
),

renamed as (
    select
        checkout_id,
        customer_id,
        {{ clean_email('email') }} as email,
        {{ clean_text('cart_token') }} as cart_token,
        line_items_count as line_item_count,
        total_price,
        upper({{ clean_text('currency') }}) as currency,
        cast(created_at as timestamp) as created_at,
        cast(updated_at as timestamp) as updated_at,
        {{ airbyte_record_columns('checkout_id') }}
    from source
),

classified as (
    {{ rows_with_quarantine_reason(
        'renamed',
        'checkout_id',
        cursor='updated_at',
        timestamps=['created_at'],
    ) }}
)

select * from classified

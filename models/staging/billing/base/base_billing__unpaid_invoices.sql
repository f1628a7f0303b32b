with

source as (
    select * from {{ source('billing', 'unpaid_invoices') }}
),

renamed as (
    select
        {{ clean_text('invoice_id') }} as invoice_id,
        {{ clean_text('crm_contact_id') }} as crm_contact_id,
        shop_customer_id,
        {{ clean_email('customer_email') }} as customer_email,
        amount_due,
        upper({{ clean_text('currency') }}) as currency,
        cast(due_date as date) as due_date,
        lower({{ clean_text('collection_status') }}) as collection_status,
        cast(updated_at as timestamp) as updated_at,
        {{ airbyte_record_columns('invoice_id') }}
    from source
),

classified as (
    {{ rows_with_quarantine_reason('renamed', 'invoice_id', cursor='updated_at') }}
)

select * from classified

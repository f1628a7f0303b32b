with

base as (
    select * from {{ ref('base_billing__unpaid_invoices') }}
),

latest_valid_versions as (
    select
        invoice_id,
        crm_contact_id,
        shop_customer_id,
        customer_email,
        amount_due,
        currency,
        due_date,
        collection_status,
        updated_at,
        _airbyte_raw_id,
        _airbyte_extracted_at
    from base
    where quarantine_reason is null
)

select * from latest_valid_versions

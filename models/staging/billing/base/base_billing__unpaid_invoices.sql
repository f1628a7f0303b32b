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
        cast(invoice_id as {{ dbt.type_string() }}) as source_record_key,
        cast(_airbyte_raw_id as {{ dbt.type_string() }}) as _airbyte_raw_id,
        cast(_airbyte_extracted_at as timestamp) as _airbyte_extracted_at,
        {{ airbyte_meta_has_change_on('invoice_id') }} as has_airbyte_error_on_key
    from source
),

validated as (
    select
        *,
        case
            when has_airbyte_error_on_key then 'airbyte_error_on_primary_key'
            when invoice_id is null then 'missing_primary_key'
            when updated_at is null then 'missing_cursor'
            when {{ is_impossible_timestamp('updated_at') }} then 'impossible_date'
        end as invalid_reason
    from renamed
),

classified as (
    select
        *,
        {{ quarantine_reason('invoice_id', cursor='updated_at') }} as quarantine_reason
    from validated
)

select * from classified

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
        cast(refund_id as {{ dbt.type_string() }}) as source_record_key,
        cast(_airbyte_raw_id as {{ dbt.type_string() }}) as _airbyte_raw_id,
        cast(_airbyte_extracted_at as timestamp) as _airbyte_extracted_at,
        {{ airbyte_meta_has_change_on('refund_id') }} as has_airbyte_error_on_key
    from source
),

validated as (
    select
        *,
        case
            when has_airbyte_error_on_key then 'airbyte_error_on_primary_key'
            when refund_id is null then 'missing_primary_key'
            when {{ is_impossible_timestamp('refunded_at') }} then 'impossible_date'
            when order_id is null then 'missing_foreign_key'
        end as invalid_reason
    from renamed
),

classified as (
    select
        *,
        {{ quarantine_reason('refund_id') }} as quarantine_reason
    from validated
)

select * from classified

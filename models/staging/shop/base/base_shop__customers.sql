with

source as (
    select * from {{ source('shop', 'customers') }}
),

renamed as (
    select
        customer_id,
        {{ clean_email('email') }} as email,
        {{ clean_text('first_name') }} as first_name,
        {{ clean_text('last_name') }} as last_name,
        {{ clean_text('phone') }} as phone,
        accepts_marketing as is_marketing_opted_in,
        cast(accepts_marketing_updated_at as timestamp) as marketing_consent_updated_at,
        {{ clean_text('default_street_address') }} as default_street_address,
        upper({{ clean_text('default_postcode') }}) as default_postcode,
        {{ clean_text('default_city') }} as default_city,
        upper({{ clean_text('default_country_code') }}) as default_country_code,
        lower({{ clean_text('account_state') }}) as account_state,
        cast(created_at as timestamp) as created_at,
        cast(updated_at as timestamp) as updated_at,
        cast(customer_id as {{ dbt.type_string() }}) as source_record_key,
        cast(_airbyte_raw_id as {{ dbt.type_string() }}) as _airbyte_raw_id,
        cast(_airbyte_extracted_at as timestamp) as _airbyte_extracted_at,
        {{ airbyte_meta_has_change_on('customer_id') }} as has_airbyte_error_on_key
    from source
),

validated as (
    select
        *,
        case
            when has_airbyte_error_on_key then 'airbyte_error_on_primary_key'
            when customer_id is null then 'missing_primary_key'
            when updated_at is null then 'missing_cursor'
            when {{ is_impossible_timestamp('updated_at') }} then 'impossible_date'
            when {{ is_impossible_timestamp('created_at') }} then 'impossible_date'
        end as invalid_reason
    from renamed
),

classified as (
    select
        *,
        {{ quarantine_reason('customer_id', cursor='updated_at') }} as quarantine_reason
    from validated
)

select * from classified

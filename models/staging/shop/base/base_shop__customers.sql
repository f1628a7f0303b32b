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
        {{ airbyte_record_columns('customer_id') }}
    from source
),

classified as (
    {{ rows_with_quarantine_reason(
        'renamed',
        'customer_id',
        cursor='updated_at',
        timestamps=['created_at'],
    ) }}
)

select * from classified

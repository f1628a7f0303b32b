with

source as (
    select * from {{ source('crm', 'contacts') }}
),

renamed as (
    select
        {{ clean_text('contact_id') }} as contact_id,
        {{ clean_text('first_name') }} as first_name,
        {{ clean_text('last_name') }} as last_name,
        {{ clean_email('email') }} as email,
        {{ clean_text('phone') }} as phone,
        {{ clean_text('street_address') }} as street_address,
        upper({{ clean_text('postcode') }}) as postcode,
        {{ clean_text('city') }} as city,
        upper({{ clean_text('country_code') }}) as country_code,
        {{ clean_text('birth_date') }} as birth_date_text,
        try_cast({{ clean_text('birth_date') }} as date) as birth_date_parsed,
        {{ clean_text('loyalty_card_number') }} as loyalty_card_number,
        upper({{ clean_text('home_store_id') }}) as home_store_id,
        lower({{ clean_text('preferred_language') }}) as preferred_language,
        email_opt_in as is_email_opted_in,
        sms_opt_in as is_sms_opted_in,
        phone_opt_in as is_phone_opted_in,
        postal_opt_in as is_postal_opted_in,
        cast(consent_updated_at as timestamp) as consent_updated_at,
        cast(created_at as timestamp) as created_at,
        cast(updated_at as timestamp) as updated_at,
        coalesce(is_deleted, false) as is_deleted,
        {{ airbyte_record_columns('contact_id') }}
    from source
),

validated as (
    select
        *,
        case
            when
                birth_date_parsed >= cast('{{ var("earliest_valid_birth_date") }}' as date)
                and birth_date_parsed <= cast(_airbyte_extracted_at as date)
                then birth_date_parsed
        end as birth_date
    from renamed
),

classified as (
    {{ rows_with_quarantine_reason(
        'validated',
        'contact_id',
        cursor='updated_at',
        timestamps=['created_at'],
    ) }}
)

select * from classified

{#- Every record identity resolution read, once, in its normalised (canonical) form: what
    other areas read about a record's values without reaching into identity's own models. -#}
with

records as (
    select * from {{ ref('int_identity__normalised_records') }}
),

final as (
    select
        cast(record_key as {{ dbt.type_string() }}) as record_key,
        cast(source_name as {{ dbt.type_string() }}) as source_name,
        cast(source_record_id as {{ dbt.type_string() }}) as source_record_id,
        cast(first_name as {{ dbt.type_string() }}) as first_name,
        cast(last_name as {{ dbt.type_string() }}) as last_name,
        cast(first_name_canonical as {{ dbt.type_string() }}) as first_name_canonical,
        cast(date_of_birth as date) as date_of_birth,
        cast(email as {{ dbt.type_string() }}) as email,
        cast(phone as {{ dbt.type_string() }}) as phone,
        cast(street_address as {{ dbt.type_string() }}) as street_address,
        cast(postcode as {{ dbt.type_string() }}) as postcode,
        cast(city as {{ dbt.type_string() }}) as city,
        cast(country as {{ dbt.type_string() }}) as country,
        cast(record_seen_at as timestamp) as record_seen_at,
        cast(crm_contact_id as {{ dbt.type_string() }}) as crm_contact_id,
        cast(shop_customer_id as {{ dbt.type_string() }}) as shop_customer_id,
        cast(loyalty_card_number as {{ dbt.type_string() }}) as loyalty_card_number,
        cast(cookie_id as {{ dbt.type_string() }}) as cookie_id,
        cast(device_id as {{ dbt.type_string() }}) as device_id
    from records
)

select * from final

-- DEV STAND-IN for helper A's canonical records: CRM contacts, shop customers and orders only.
with

contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

customers as (
    select * from {{ ref('stg_shop__customers') }}
),

orders as (
    select * from {{ ref('stg_shop__orders') }}
),

unioned as (
    select
        'crm_contact' as source_name,
        cast(contact_id as {{ dbt.type_string() }}) as source_record_id,
        lower(first_name) as first_name,
        lower(last_name) as last_name,
        birth_date as date_of_birth,
        lower(email) as email,
        phone,
        lower(street_address) as street_address,
        postcode,
        lower(city) as city,
        country_code as country,
        updated_at as record_seen_at,
        cast(contact_id as {{ dbt.type_string() }}) as crm_contact_id,
        cast(null as {{ dbt.type_string() }}) as shop_customer_id,
        loyalty_card_number
    from contacts
    union all
    select
        'shop_customer' as source_name,
        cast(customer_id as {{ dbt.type_string() }}) as source_record_id,
        lower(first_name) as first_name,
        lower(last_name) as last_name,
        cast(null as date) as date_of_birth,
        lower(email) as email,
        phone,
        lower(default_street_address) as street_address,
        default_postcode as postcode,
        lower(default_city) as city,
        default_country_code as country,
        updated_at as record_seen_at,
        cast(null as {{ dbt.type_string() }}) as crm_contact_id,
        cast(customer_id as {{ dbt.type_string() }}) as shop_customer_id,
        cast(null as {{ dbt.type_string() }}) as loyalty_card_number
    from customers
    union all
    select
        'shop_order' as source_name,
        cast(order_id as {{ dbt.type_string() }}) as source_record_id,
        cast(null as {{ dbt.type_string() }}) as first_name,
        cast(null as {{ dbt.type_string() }}) as last_name,
        cast(null as date) as date_of_birth,
        lower(email) as email,
        cast(null as {{ dbt.type_string() }}) as phone,
        cast(null as {{ dbt.type_string() }}) as street_address,
        shipping_postcode as postcode,
        lower(shipping_city) as city,
        shipping_country_code as country,
        updated_at as record_seen_at,
        cast(null as {{ dbt.type_string() }}) as crm_contact_id,
        cast(customer_id as {{ dbt.type_string() }}) as shop_customer_id,
        cast(null as {{ dbt.type_string() }}) as loyalty_card_number
    from orders
),

final as (
    select
        {{ dbt.concat(['source_name', "':'", 'source_record_id']) }} as record_key,
        source_name,
        source_record_id,
        first_name,
        last_name,
        first_name as first_name_canonical,
        date_of_birth,
        email,
        phone,
        street_address,
        postcode,
        city,
        country,
        record_seen_at,
        crm_contact_id,
        shop_customer_id,
        loyalty_card_number,
        cast(null as {{ dbt.type_string() }}) as cookie_id,
        cast(null as {{ dbt.type_string() }}) as device_id
    from unioned
)

select * from final

-- DEV STAND-IN for helper A's canonical records: crude normalisation, dropped on merge.
with

crm as (
    select
        'crm_contact' as source_name,
        contact_id as source_record_id,
        {{ standin_name('first_name') }} as first_name,
        {{ standin_name('last_name') }} as last_name,
        birth_date as date_of_birth,
        nullif(lower(trim(email)), '') as email,
        {{ standin_phone('phone') }} as phone,
        {{ standin_name('street_address') }} as street_address,
        nullif(replace(upper(postcode), ' ', ''), '') as postcode,
        {{ standin_name('city') }} as city,
        country_code as country,
        updated_at as record_seen_at,
        contact_id as crm_contact_id,
        cast(null as {{ dbt.type_string() }}) as shop_customer_id,
        loyalty_card_number,
        cast(null as {{ dbt.type_string() }}) as cookie_id,
        cast(null as {{ dbt.type_string() }}) as device_id
    from {{ ref('stg_crm__contacts') }}
),

shop_customers as (
    select
        'shop_customer', cast(customer_id as {{ dbt.type_string() }}),
        {{ standin_name('first_name') }}, {{ standin_name('last_name') }}, null,
        nullif(lower(trim(email)), ''), {{ standin_phone('phone') }},
        {{ standin_name('default_street_address') }},
        nullif(replace(upper(default_postcode), ' ', ''), ''),
        {{ standin_name('default_city') }}, default_country_code, updated_at,
        null, cast(customer_id as {{ dbt.type_string() }}), null, null, null
    from {{ ref('stg_shop__customers') }}
),

orders as (
    select
        'shop_order', cast(order_id as {{ dbt.type_string() }}), null, null, null,
        nullif(lower(trim(email)), ''), null, null,
        nullif(replace(upper(shipping_postcode), ' ', ''), ''),
        {{ standin_name('shipping_city') }}, shipping_country_code, updated_at,
        null, cast(customer_id as {{ dbt.type_string() }}), null, null, null
    from {{ ref('stg_shop__orders') }}
),

tills as (
    select
        'pos_transaction', transaction_id, null, null, null,
        nullif(lower(trim(receipt_email)), ''), null, null, null, null, null, transaction_at,
        null, null, loyalty_card_number, null, null
    from {{ ref('stg_pos__transactions') }}
),

tickets as (
    select
        'support_ticket', cast(ticket_id as {{ dbt.type_string() }}),
        case when requester_name like '% %'
            then {{ standin_name("split_part(requester_name, ' ', 1)") }} end,
        coalesce(
            {{ standin_name("substr(requester_name, strpos(requester_name, ' ') + 1)") }},
            {{ standin_name('requester_name') }}
        ),
        null, nullif(lower(trim(requester_email)), ''), {{ standin_phone('requester_phone') }},
        null, null, null, null, updated_at, null, null, null, null, null
    from {{ ref('stg_support__tickets') }}
),

sends as (
    select
        'esp_send', send_id, null, null, null,
        nullif(lower(trim(email)), ''), {{ standin_phone('phone') }}, null, null, null, null,
        sent_at, crm_contact_id, null, null, null, null
    from {{ ref('stg_esp__sends') }}
),

unioned as (
    select * from crm
    union all select * from shop_customers
    union all select * from orders
    union all select * from tills
    union all select * from tickets
    union all select * from sends
),

final as (
    select
        source_name || ':' || source_record_id as record_key,
        *,
        coalesce(first_name, '') as first_name_canonical_raw
    from unioned
)

select
    record_key, source_name, source_record_id, first_name, last_name,
    case first_name
        when 'bob' then 'robert' when 'jo' then 'joseph' when 'cathy' then 'catherine'
        when 'fred' then 'frederic' when 'alex' then 'alexandre' else first_name
    end as first_name_canonical,
    cast(date_of_birth as date) as date_of_birth, email, phone, street_address, postcode, city,
    country, cast(record_seen_at as timestamp) as record_seen_at, crm_contact_id,
    shop_customer_id, loyalty_card_number, cookie_id, device_id
from final

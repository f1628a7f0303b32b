-- DEV STAND-IN for identity resolution's canonical records (issue #3): light normalisation only.
-- noqa: disable=all
{%- set string = dbt.type_string() %}

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

checkouts as (
    select * from {{ ref('stg_shop__abandoned_checkouts') }}
),

reviews as (
    select * from {{ ref('stg_shop__reviews') }}
),

transactions as (
    select * from {{ ref('stg_pos__transactions') }}
),

identifies as (
    select * from {{ ref('stg_web__identifies') }}
),

sends as (
    select * from {{ ref('stg_esp__sends') }}
),

tickets as (
    select * from {{ ref('stg_support__tickets') }}
),

invoices as (
    select * from {{ ref('stg_billing__unpaid_invoices') }}
),

cookie_sightings as (
    select cookie_id, device_id, occurred_at as seen_at from {{ ref('stg_web__events') }}
    union all
    select cookie_id, device_id, occurred_at as seen_at from identifies
    union all
    select cookie_id, device_id, occurred_at as seen_at
    from {{ ref('stg_web__consent_choices') }}
    union all
    select cookie_id, cast(null as {{ string }}) as device_id,
        cast(exposure_date as timestamp) as seen_at
    from {{ ref('stg_ads__exposures') }}
),

cookies as (
    select cookie_id, min(device_id) as device_id, max(seen_at) as seen_at
    from cookie_sightings
    where cookie_id is not null
    group by cookie_id
),

unioned as (
    select 'crm_contact' as source_name, contact_id as source_record_id,
        first_name, last_name, birth_date as date_of_birth, email, phone, street_address,
        postcode, city, country_code as country, updated_at as record_seen_at,
        contact_id as crm_contact_id, cast(null as {{ string }}) as shop_customer_id,
        loyalty_card_number, cast(null as {{ string }}) as cookie_id,
        cast(null as {{ string }}) as device_id
    from contacts
    union all
    select 'shop_customer', customer_id, first_name, last_name, cast(null as date), email,
        phone, default_street_address, default_postcode, default_city, default_country_code,
        updated_at, null, customer_id, null, null, null
    from customers
    union all
    select 'shop_order', order_id, null, null, cast(null as date), email, null, null,
        shipping_postcode, shipping_city, shipping_country_code, updated_at, null, customer_id,
        null, null, null
    from orders
    union all
    select 'shop_checkout', checkout_id, null, null, cast(null as date), email, null, null,
        null, null, null, updated_at, null, customer_id, null, null, null
    from checkouts
    union all
    select 'shop_review', review_id, null, null, cast(null as date), reviewer_email, null,
        null, null, null, null, reviewed_at, null, customer_id, null, null, null
    from reviews
    union all
    select 'pos_transaction', transaction_id, null, null, cast(null as date), receipt_email,
        null, null, null, null, null, transaction_at, null, null, loyalty_card_number, null,
        null
    from transactions
    union all
    select 'web_login', event_id, null, null, cast(null as date), email, null, null, null,
        null, null, occurred_at, null, customer_id, null, cookie_id, device_id
    from identifies
    union all
    select 'esp_send', send_id, null, null, cast(null as date), email, phone, null, null,
        null, null, sent_at, crm_contact_id, null, null, null, null
    from sends
    union all
    select 'support_ticket', ticket_id, split_part(requester_name, ' ', 1), null,
        cast(null as date), requester_email, requester_phone, null, null, null, null,
        updated_at, null, null, null, null, null
    from tickets
    union all
    select 'billing_invoice', invoice_id, null, null, cast(null as date), customer_email, null,
        null, null, null, null, updated_at, crm_contact_id, shop_customer_id, null, null, null
    from invoices
    union all
    select 'web_cookie', cookie_id, null, null, cast(null as date), null, null, null, null,
        null, null, seen_at, null, null, null, cookie_id, device_id
    from cookies
),

final as (
    select
        {{ dbt.concat(['source_name', "':'", 'source_record_id']) }} as record_key,
        source_name,
        source_record_id,
        lower(first_name) as first_name,
        lower(last_name) as last_name,
        lower(first_name) as first_name_canonical,
        date_of_birth,
        lower(trim(email)) as email,
        case
            when phone is not null
                then {{ dbt.concat(["'+33'", "right(translate(phone, ' .-()+', ''), 9)"]) }}
        end as phone,
        lower(street_address) as street_address,
        upper(postcode) as postcode,
        lower(city) as city,
        upper(country) as country,
        record_seen_at,
        upper(crm_contact_id) as crm_contact_id,
        shop_customer_id,
        upper(replace(loyalty_card_number, ' ', '')) as loyalty_card_number,
        lower(cookie_id) as cookie_id,
        upper(device_id) as device_id
    from unioned
    where source_record_id is not null
)

select * from final

{#- DEV STAND-IN for identity resolution (issue #3): one person per lower-cased email,
    else per record. The real model replaces this file when the branches are merged. -#}
with

contacts as (
    select
        'crm_contact' as source_name,
        contact_id as source_record_id,
        email
    from {{ ref('stg_crm__contacts') }}
),

customers as (
    select
        'shop_customer' as source_name,
        cast(customer_id as {{ dbt.type_string() }}) as source_record_id,
        email
    from {{ ref('stg_shop__customers') }}
),

customer_emails as (
    select
        customer_id,
        email
    from {{ ref('stg_shop__customers') }}
),

card_emails as (
    select
        loyalty_card_number,
        min(email) as email
    from {{ ref('stg_crm__contacts') }}
    where loyalty_card_number is not null
    group by loyalty_card_number
),

orders as (
    select
        'shop_order' as source_name,
        cast(orders.order_id as {{ dbt.type_string() }}) as source_record_id,
        coalesce(customer_emails.email, orders.email) as email
    from {{ ref('stg_shop__orders') }} as orders
    left join customer_emails on orders.customer_id = customer_emails.customer_id
),

checkouts as (
    select
        'shop_checkout' as source_name,
        cast(checkouts.checkout_id as {{ dbt.type_string() }}) as source_record_id,
        coalesce(customer_emails.email, checkouts.email) as email
    from {{ ref('stg_shop__abandoned_checkouts') }} as checkouts
    left join customer_emails on checkouts.customer_id = customer_emails.customer_id
),

reviews as (
    select
        'shop_review' as source_name,
        cast(reviews.review_id as {{ dbt.type_string() }}) as source_record_id,
        coalesce(customer_emails.email, reviews.reviewer_email) as email
    from {{ ref('stg_shop__reviews') }} as reviews
    left join customer_emails on reviews.customer_id = customer_emails.customer_id
),

transactions as (
    select
        'pos_transaction' as source_name,
        till_transactions.transaction_id as source_record_id,
        coalesce(card_emails.email, till_transactions.receipt_email) as email
    from {{ ref('stg_pos__transactions') }} as till_transactions
    left join card_emails
        on till_transactions.loyalty_card_number = card_emails.loyalty_card_number
),

logins as (
    select
        'web_login' as source_name,
        identifies.event_id as source_record_id,
        coalesce(customer_emails.email, identifies.email) as email
    from {{ ref('stg_web__identifies') }} as identifies
    left join customer_emails on identifies.customer_id = customer_emails.customer_id
),

sends as (
    select
        'esp_send' as source_name,
        sends.send_id as source_record_id,
        coalesce(sends.email, contact_emails.email) as email
    from {{ ref('stg_esp__sends') }} as sends
    left join {{ ref('stg_crm__contacts') }} as contact_emails
        on sends.crm_contact_id = contact_emails.contact_id
),

tickets as (
    select
        'support_ticket' as source_name,
        cast(ticket_id as {{ dbt.type_string() }}) as source_record_id,
        requester_email as email
    from {{ ref('stg_support__tickets') }}
),

invoices as (
    select
        'billing_invoice' as source_name,
        invoice_id as source_record_id,
        customer_email as email
    from {{ ref('stg_billing__unpaid_invoices') }}
),

cookie_ids as (
    select cookie_id from {{ ref('stg_web__events') }}
    union
    select cookie_id from {{ ref('stg_web__consent_choices') }}
    union
    select cookie_id from {{ ref('stg_ads__exposures') }}
),

cookie_logins as (
    select
        identifies.cookie_id,
        min(logins.email) as email
    from logins
    inner join {{ ref('stg_web__identifies') }} as identifies
        on logins.source_record_id = identifies.event_id
    group by identifies.cookie_id
),

cookies as (
    select
        'web_cookie' as source_name,
        cookie_ids.cookie_id as source_record_id,
        cookie_logins.email
    from cookie_ids
    left join cookie_logins on cookie_ids.cookie_id = cookie_logins.cookie_id
    where cookie_ids.cookie_id is not null
),

records as (
    select * from contacts
    union all
    select * from customers
    union all
    select * from orders
    union all
    select * from checkouts
    union all
    select * from reviews
    union all
    select * from transactions
    union all
    select * from logins
    union all
    select * from sends
    union all
    select * from tickets
    union all
    select * from invoices
    union all
    select * from cookies
),

keyed as (
    select
        source_name || ':' || source_record_id as record_key,
        source_name,
        source_record_id,
        'per_' || substring(
            md5(coalesce(lower(email), source_name || ':' || source_record_id)), 1, 16
        ) as person_id,
        email
    from records
),

sized as (
    select
        person_id,
        count(*) as person_record_count
    from keyed
    group by person_id
),

final as (
    select
        cast(keyed.record_key as {{ dbt.type_string() }}) as record_key,
        cast(keyed.source_name as {{ dbt.type_string() }}) as source_name,
        cast(keyed.source_record_id as {{ dbt.type_string() }}) as source_record_id,
        cast(keyed.person_id as {{ dbt.type_string() }}) as person_id,
        cast(
            case when sized.person_record_count > 1 then 'deterministic' else 'singleton' end
            as {{ dbt.type_string() }}
        ) as link_type,
        cast(
            case when sized.person_record_count > 1 then 'email' end as {{ dbt.type_string() }}
        ) as linked_by,
        cast(sized.person_record_count as bigint) as person_record_count,
        cast(timestamp '2024-01-01 00:00:00' as timestamp) as person_created_at
    from keyed
    inner join sized on keyed.person_id = sized.person_id
)

select * from final

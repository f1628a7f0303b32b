{#- The staged sources as identity records, in the canonical raw columns (not yet normalised).
    A view: `int_identity__records_to_resolve` reads it unless var `identity_input_relation`
    names another input. -#}
{{ config(materialized='view') }}
{%- set string = dbt.type_string() %}

with

crm_contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

shop_customers as (
    select * from {{ ref('stg_shop__customers') }}
),

shop_orders as (
    select * from {{ ref('stg_shop__orders') }}
),

shop_checkouts as (
    select * from {{ ref('stg_shop__abandoned_checkouts') }}
),

shop_reviews as (
    select * from {{ ref('stg_shop__reviews') }}
),

pos_transactions as (
    select * from {{ ref('stg_pos__transactions') }}
),

web_identifies as (
    select * from {{ ref('stg_web__identifies') }}
),

web_events as (
    select * from {{ ref('stg_web__events') }}
),

web_consent_choices as (
    select * from {{ ref('stg_web__consent_choices') }}
),

ad_exposures as (
    select * from {{ ref('stg_ads__exposures') }}
),

esp_sends as (
    select * from {{ ref('stg_esp__sends') }}
),

support_tickets as (
    select * from {{ ref('stg_support__tickets') }}
),

billing_invoices as (
    select * from {{ ref('stg_billing__unpaid_invoices') }}
),

-- Support keeps one free-text name: "First Last", "LAST First", "First", "F. Last".
support_names as (
    select
        *,
        trim(requester_name) as full_name,
        split_part(trim(requester_name), ' ', 1) as first_token,
        reverse(split_part(reverse(trim(requester_name)), ' ', 1)) as last_token
    from support_tickets
),

support_split_names as (
    select
        *,
        case
            when instr(full_name, ' ') = 0 then full_name
            -- "LAST First": an upper-case surname (not an initial like "M.") first.
            when
                first_token = upper(first_token)
                and first_token <> lower(first_token)
                and length(first_token) > 1
                and first_token not like '_.'
                and last_token <> upper(last_token)
                then last_token
            else first_token
        end as parsed_first_name,
        case
            when instr(full_name, ' ') = 0 then null
            when
                first_token = upper(first_token)
                and first_token <> lower(first_token)
                and length(first_token) > 1
                and first_token not like '_.'
                and last_token <> upper(last_token)
                then trim(substr(full_name, 1, length(full_name) - length(last_token)))
            else trim(substr(full_name, length(first_token) + 1))
        end as parsed_last_name
    from support_names
),

cookie_sightings as (
    select
        cookie_id,
        device_id,
        occurred_at as seen_at
    from web_events
    union all
    select
        cookie_id,
        device_id,
        occurred_at as seen_at
    from web_identifies
    union all
    select
        cookie_id,
        device_id,
        occurred_at as seen_at
    from web_consent_choices
    union all
    select
        cookie_id,
        cast(null as {{ string }}) as device_id,
        cast(exposure_date as timestamp) as seen_at
    from ad_exposures
),

-- One record per cookie; a cookie lives on one device, min() only makes a rare clash stable.
cookies as (
    select
        cookie_id,
        min(device_id) as device_id,
        max(seen_at) as seen_at
    from cookie_sightings
    where cookie_id is not null
    group by cookie_id
),

-- Cookies and devices a login or sign-up already identifies: a contact id clicked there adds
-- nothing for its owner (the login says who it is) and, clicked by someone else (a forwarded
-- email), would merge two people. Only clicks on otherwise anonymous cookies become records.
identified_cookies as (
    select distinct cookie_id
    from web_identifies
    where cookie_id is not null
),

identified_devices as (
    select distinct device_id
    from web_identifies
    where device_id is not null
),

-- An email or SMS link carries the contact id it was sent to (`cid`): one record per cookie
-- and contact id clicked on it, keyed by its first landing event. It ties the cookie to the
-- contact only when the cookie clicked links from at least `identity_email_click_min_sends`
-- distinct sends of that contact (campaigns; a link without one counts its day): an owner
-- clicks several newsletters over the months, someone the email was forwarded to one. The
-- guards still set aside a contact id on too many devices or a cookie or device with two
-- contacts' ids.
email_link_clicks as (
    select
        web_events.cookie_id,
        web_events.link_crm_contact_id,
        min(web_events.event_id) as first_event_id,
        min(web_events.device_id) as device_id,
        max(web_events.occurred_at) as seen_at,
        count(distinct coalesce(
            web_events.link_campaign_id,
            cast(cast(web_events.occurred_at as date) as {{ string }})
        )) as clicked_send_count
    from web_events
    left join identified_cookies
        on web_events.cookie_id = identified_cookies.cookie_id
    left join identified_devices
        on web_events.device_id = identified_devices.device_id
    where
        web_events.cookie_id is not null
        and web_events.link_crm_contact_id is not null
        and identified_cookies.cookie_id is null
        and identified_devices.device_id is null
    group by web_events.cookie_id, web_events.link_crm_contact_id
),

-- Var identity_email_click_links false: no click ties anything.
linked_email_clicks as (
    select *
    from email_link_clicks
    where
        {{ 'true' if var('identity_email_click_links') else 'false' }}
        and clicked_send_count >= {{ var('identity_email_click_min_sends') | int }}
),

unioned as (
    {{ identity_source_select('crm_contact', 'crm_contacts', {
        'source_record_id': 'contact_id',
        'first_name': 'first_name',
        'last_name': 'last_name',
        'date_of_birth': 'birth_date',
        'email': 'email',
        'phone': 'phone',
        'street_address': 'street_address',
        'postcode': 'postcode',
        'city': 'city',
        'country': 'country_code',
        'crm_contact_id': 'contact_id',
        'loyalty_card_number': 'loyalty_card_number',
        'record_seen_at': 'updated_at',
    }) }}

    union all

    {{ identity_source_select('shop_customer', 'shop_customers', {
        'source_record_id': 'customer_id',
        'first_name': 'first_name',
        'last_name': 'last_name',
        'email': 'email',
        'phone': 'phone',
        'street_address': 'default_street_address',
        'postcode': 'default_postcode',
        'city': 'default_city',
        'country': 'default_country_code',
        'shop_customer_id': 'customer_id',
        'record_seen_at': 'updated_at',
    }) }}

    union all

    {{ identity_source_select('shop_order', 'shop_orders', {
        'source_record_id': 'order_id',
        'email': 'email',
        'postcode': 'shipping_postcode',
        'city': 'shipping_city',
        'country': 'shipping_country_code',
        'shop_customer_id': 'customer_id',
        'record_seen_at': 'updated_at',
    }) }}

    union all

    {{ identity_source_select('shop_checkout', 'shop_checkouts', {
        'source_record_id': 'checkout_id',
        'email': 'email',
        'shop_customer_id': 'customer_id',
        'record_seen_at': 'updated_at',
    }) }}

    union all

    {{ identity_source_select('shop_review', 'shop_reviews', {
        'source_record_id': 'review_id',
        'email': 'reviewer_email',
        'shop_customer_id': 'customer_id',
        'record_seen_at': 'reviewed_at',
    }) }}

    union all

    {# The till device is the store's, never the customer's: it is not an identifier. #}
    {{ identity_source_select('pos_transaction', 'pos_transactions', {
        'source_record_id': 'transaction_id',
        'email': 'receipt_email',
        'loyalty_card_number': 'loyalty_card_number',
        'record_seen_at': 'transaction_at',
    }) }}

    union all

    {{ identity_source_select('web_login', 'web_identifies', {
        'source_record_id': 'event_id',
        'email': 'email',
        'shop_customer_id': 'customer_id',
        'cookie_id': 'cookie_id',
        'device_id': 'device_id',
        'record_seen_at': 'occurred_at',
    }) }}

    union all

    {{ identity_source_select('esp_send', 'esp_sends', {
        'source_record_id': 'send_id',
        'email': 'email',
        'phone': 'phone',
        'crm_contact_id': 'crm_contact_id',
        'record_seen_at': 'sent_at',
    }) }}

    union all

    {{ identity_source_select('support_ticket', 'support_split_names', {
        'source_record_id': 'ticket_id',
        'first_name': 'parsed_first_name',
        'last_name': 'parsed_last_name',
        'email': 'requester_email',
        'phone': 'requester_phone',
        'record_seen_at': 'updated_at',
    }) }}

    union all

    {{ identity_source_select('billing_invoice', 'billing_invoices', {
        'source_record_id': 'invoice_id',
        'email': 'customer_email',
        'crm_contact_id': 'crm_contact_id',
        'shop_customer_id': 'shop_customer_id',
        'record_seen_at': 'updated_at',
    }) }}

    union all

    {{ identity_source_select('web_email_click', 'linked_email_clicks', {
        'source_record_id': 'first_event_id',
        'crm_contact_id': 'link_crm_contact_id',
        'cookie_id': 'cookie_id',
        'device_id': 'device_id',
        'record_seen_at': 'seen_at',
    }) }}

    union all

    {{ identity_source_select('web_cookie', 'cookies', {
        'source_record_id': 'cookie_id',
        'cookie_id': 'cookie_id',
        'device_id': 'device_id',
        'record_seen_at': 'seen_at',
    }) }}
)

select * from unioned

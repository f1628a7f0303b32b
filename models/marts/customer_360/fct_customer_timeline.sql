{#- Every interaction of every person in one chronological table: orders and store purchases,
    web visits (one per session), email/SMS sends and reactions, support tickets, ad exposures,
    consent changes, reviews and abandoned carts. Only interactions tied to a person. -#}
with

identity_map as (
    select
        source_name,
        source_record_id,
        person_id
    from {{ ref('customer_identity_map') }}
    where source_name in (
        'web_cookie', 'support_ticket', 'crm_contact', 'shop_customer', 'shop_review',
        'shop_checkout'
    )
),

orders as (
    select * from {{ ref('int_customer_360__orders') }}
    where person_id is not null
),

web_sessions as (
    select * from {{ ref('int_customer_360__web_sessions') }}
    where person_id is not null
),

message_sends as (
    select * from {{ ref('int_customer_360__message_sends') }}
    where person_id is not null
),

message_events as (
    select * from {{ ref('stg_esp__message_events') }}
    where event_type is not null
),

tickets as (
    select * from {{ ref('stg_support__tickets') }}
),

ad_exposures as (
    select * from {{ ref('stg_ads__exposures') }}
),

consent_choices as (
    select * from {{ ref('stg_web__consent_choices') }}
),

contacts as (
    select * from {{ ref('stg_crm__contacts') }}
    where consent_updated_at is not null
),

customers as (
    select * from {{ ref('stg_shop__customers') }}
    where marketing_consent_updated_at is not null
),

reviews as (
    select * from {{ ref('stg_shop__reviews') }}
),

checkouts as (
    select * from {{ ref('stg_shop__abandoned_checkouts') }}
),

products as (
    select * from {{ ref('stg_shop__products') }}
),

order_interactions as (
    select
        person_id,
        ordered_at as occurred_at,
        case when channel = 'web' then 'order' else 'store_purchase' end as interaction_type,
        channel,
        case when channel = 'web' then 'Web order, ' else 'Store purchase, ' end
        || cast(item_quantity as {{ dbt.type_string() }}) || ' items, '
        || coalesce(cast(total_amount as {{ dbt.type_string() }}), '?') || ' '
        || coalesce(currency, '')
        || case
            when channel = 'web' then ' (' || coalesce(order_status, '?') || ')'
            else ' at store ' || coalesce(store_id, '?')
        end as description,
        source_name,
        source_order_id as source_id
    from orders
),

visit_interactions as (
    select
        person_id,
        started_at as occurred_at,
        'web_visit' as interaction_type,
        'web' as channel,
        'Web visit, ' || cast(event_count as {{ dbt.type_string() }}) || ' events from '
        || coalesce(landing_page_path, '?') as description,
        'web_session' as source_name,
        session_key as source_id
    from web_sessions
),

send_interactions as (
    select
        person_id,
        sent_at as occurred_at,
        channel || '_sent' as interaction_type,
        channel,
        'Sent: ' || coalesce(campaign_name, campaign_id, '?') as description,
        'esp_send' as source_name,
        send_id as source_id
    from message_sends
),

reaction_interactions as (
    select
        message_sends.person_id,
        message_events.occurred_at,
        message_sends.channel || '_'
        || case message_events.event_type
            when 'open' then 'opened'
            when 'click' then 'clicked'
            when 'bounce' then 'bounced'
            when 'unsubscribe' then 'unsubscribed'
            else message_events.event_type
        end as interaction_type,
        message_sends.channel,
        case message_events.event_type
            when 'open' then 'Opened'
            when 'click' then 'Clicked'
            when 'bounce' then 'Bounced'
            when 'unsubscribe' then 'Unsubscribed'
            else message_events.event_type
        end || ': '
        || coalesce(message_sends.campaign_name, message_sends.campaign_id, '?') as description,
        'esp_message_event' as source_name,
        message_events.message_event_id as source_id
    from message_events
    inner join message_sends on message_events.send_id = message_sends.send_id
),

ticket_interactions as (
    select
        identity_map.person_id,
        tickets.created_at as occurred_at,
        'support_ticket' as interaction_type,
        'support' as channel,
        'Support ticket (' || coalesce(tickets.category, '?') || ') by '
        || coalesce(tickets.channel, '?') || ', ' || coalesce(tickets.status, '?') as description,
        'support_ticket' as source_name,
        cast(tickets.ticket_id as {{ dbt.type_string() }}) as source_id
    from tickets
    inner join identity_map
        on
            identity_map.source_name = 'support_ticket'
            and cast(tickets.ticket_id as {{ dbt.type_string() }})
            = identity_map.source_record_id
),

exposure_interactions as (
    select
        identity_map.person_id,
        cast(ad_exposures.exposure_date as timestamp) as occurred_at,
        'ad_exposure' as interaction_type,
        'ads' as channel,
        coalesce(ad_exposures.platform, '?') || ' ad ' || coalesce(ad_exposures.ad_campaign_id, '?')
        || ', ' || coalesce(cast(ad_exposures.impression_count as {{ dbt.type_string() }}), '?')
        || ' impressions, '
        || coalesce(cast(ad_exposures.click_count as {{ dbt.type_string() }}), '?')
        || ' clicks' as description,
        'ads_exposure' as source_name,
        ad_exposures.exposure_id as source_id
    from ad_exposures
    inner join identity_map
        on
            identity_map.source_name = 'web_cookie'
            and ad_exposures.cookie_id = identity_map.source_record_id
),

web_consent_interactions as (
    select
        identity_map.person_id,
        consent_choices.occurred_at,
        'consent_change' as interaction_type,
        'web' as channel,
        'Cookie banner: analytics '
        || case when consent_choices.has_analytics_consent then 'yes' else 'no' end
        || ', ads '
        || case when consent_choices.has_ads_consent then 'yes' else 'no' end as description,
        'web_consent_choice' as source_name,
        consent_choices.event_id as source_id
    from consent_choices
    inner join identity_map
        on
            identity_map.source_name = 'web_cookie'
            and consent_choices.cookie_id = identity_map.source_record_id
),

crm_consent_interactions as (
    select
        identity_map.person_id,
        contacts.consent_updated_at as occurred_at,
        'consent_change' as interaction_type,
        'crm' as channel,
        'CRM consents: email '
        || case when contacts.is_email_opted_in then 'yes' else 'no' end
        || ', sms ' || case when contacts.is_sms_opted_in then 'yes' else 'no' end
        || ', phone ' || case when contacts.is_phone_opted_in then 'yes' else 'no' end
        || ', postal '
        || case when contacts.is_postal_opted_in then 'yes' else 'no' end as description,
        'crm_contact' as source_name,
        contacts.contact_id as source_id
    from contacts
    inner join identity_map
        on
            identity_map.source_name = 'crm_contact'
            and contacts.contact_id = identity_map.source_record_id
),

shop_consent_interactions as (
    select
        identity_map.person_id,
        customers.marketing_consent_updated_at as occurred_at,
        'consent_change' as interaction_type,
        'web' as channel,
        'Shop account marketing email: '
        || case when customers.is_marketing_opted_in then 'yes' else 'no' end as description,
        'shop_customer' as source_name,
        cast(customers.customer_id as {{ dbt.type_string() }}) as source_id
    from customers
    inner join identity_map
        on
            identity_map.source_name = 'shop_customer'
            and cast(customers.customer_id as {{ dbt.type_string() }})
            = identity_map.source_record_id
),

review_interactions as (
    select
        identity_map.person_id,
        reviews.reviewed_at as occurred_at,
        'review' as interaction_type,
        'web' as channel,
        'Review ' || cast(reviews.rating as {{ dbt.type_string() }}) || '/5 of '
        || coalesce(products.product_name, 'an unknown product') as description,
        'shop_review' as source_name,
        cast(reviews.review_id as {{ dbt.type_string() }}) as source_id
    from reviews
    inner join identity_map
        on
            identity_map.source_name = 'shop_review'
            and cast(reviews.review_id as {{ dbt.type_string() }})
            = identity_map.source_record_id
    left join products on reviews.product_id = products.product_id
),

cart_interactions as (
    select
        identity_map.person_id,
        checkouts.created_at as occurred_at,
        'abandoned_cart' as interaction_type,
        'web' as channel,
        'Abandoned cart, '
        || coalesce(cast(checkouts.line_item_count as {{ dbt.type_string() }}), '?')
        || ' lines, ' || coalesce(cast(checkouts.total_price as {{ dbt.type_string() }}), '?')
        || ' ' || coalesce(checkouts.currency, '') as description,
        'shop_checkout' as source_name,
        cast(checkouts.checkout_id as {{ dbt.type_string() }}) as source_id
    from checkouts
    inner join identity_map
        on
            identity_map.source_name = 'shop_checkout'
            and cast(checkouts.checkout_id as {{ dbt.type_string() }})
            = identity_map.source_record_id
),

interactions as (
    select * from order_interactions
    union all
    select * from visit_interactions
    union all
    select * from send_interactions
    union all
    select * from reaction_interactions
    union all
    select * from ticket_interactions
    union all
    select * from exposure_interactions
    union all
    select * from web_consent_interactions
    union all
    select * from crm_consent_interactions
    union all
    select * from shop_consent_interactions
    union all
    select * from review_interactions
    union all
    select * from cart_interactions
),

final as (
    select
        cast(
            interaction_type || ':' || source_name || ':' || source_id as {{ dbt.type_string() }}
        ) as interaction_id,
        cast(person_id as {{ dbt.type_string() }}) as person_id,
        cast(occurred_at as timestamp) as occurred_at,
        cast(interaction_type as {{ dbt.type_string() }}) as interaction_type,
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(description as {{ dbt.type_string() }}) as description,
        cast(source_name as {{ dbt.type_string() }}) as source_name,
        cast(source_id as {{ dbt.type_string() }}) as source_id
    from interactions
)

select * from final

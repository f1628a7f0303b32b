{#- Every interaction of every person, one row per event, in one shape: what the timeline
    shows and what segments and journeys query ("clicked email X and did not buy within 3
    days"). The sources are declared below and unioned by one loop; the rows of staged sources
    get their person through one join to the identity record they belong to. Orders, web
    visits and sends arrive with the person their model attached once for their kind. -#}
{%- set string = dbt.type_string() -%}
{#- Columns every source provides, in order, with their types. -#}
{%- set columns = [
    ('occurred_at', 'timestamp'),
    ('interaction_type', string),
    ('channel', string),
    ('source_name', string),
    ('source_record_id', string),
    ('description', string),
] -%}
{#- Columns only some sources have: NULL for the others. -#}
{%- set optional_columns = [
    ('campaign_id', string),
    ('amount', 'decimal(18, 2)'),
    ('currency', string),
    ('status', string),
] -%}
{#- cte: the CTE below that shapes the source; record_source: the identity record its rows
    belong to (its id in column `record_id`), none when the rows carry `person_id` already;
    has: the optional columns it provides. -#}
{%- set interaction_sources = [
    {'cte': 'orders', 'record_source': none, 'has': ['amount', 'currency', 'status']},
    {'cte': 'web_visits', 'record_source': none, 'has': []},
    {'cte': 'sends', 'record_source': none, 'has': ['campaign_id']},
    {'cte': 'reactions', 'record_source': none, 'has': ['campaign_id']},
    {'cte': 'tickets', 'record_source': 'support_ticket', 'has': ['status']},
    {'cte': 'ad_exposures', 'record_source': 'web_cookie', 'has': ['campaign_id']},
    {'cte': 'banner_consents', 'record_source': 'web_cookie', 'has': []},
    {'cte': 'crm_consents', 'record_source': 'crm_contact', 'has': []},
    {'cte': 'shop_consents', 'record_source': 'shop_customer', 'has': []},
    {'cte': 'reviews', 'record_source': 'shop_review', 'has': []},
    {'cte': 'abandoned_carts', 'record_source': 'shop_checkout', 'has': ['amount', 'currency',
        'status']},
] -%}

with

person_records as (
    select
        source_name,
        source_record_id,
        person_id
    from {{ ref('int_customer_360__person_records') }}
),

orders as (
    select
        person_id,
        ordered_at as occurred_at,
        case when channel = 'web' then 'order' else 'store_purchase' end as interaction_type,
        channel,
        source_name,
        source_order_id as source_record_id,
        case when channel = 'web' then 'Web order, ' else 'Store purchase, ' end
        || cast(item_quantity as {{ string }}) || ' items, '
        || coalesce(cast(total_amount as {{ string }}), '?') || ' '
        || coalesce(currency, '')
        || case
            when channel = 'web' then ' (' || coalesce(order_status, '?') || ')'
            else ' at store ' || coalesce(store_id, '?')
        end as description,
        total_amount as amount,
        currency,
        order_status as status
    from {{ ref('int_customer_360__orders') }}
    where person_id is not null
),

web_visits as (
    select
        person_id,
        started_at as occurred_at,
        'web_visit' as interaction_type,
        'web' as channel,
        'web_session' as source_name,
        session_key as source_record_id,
        'Web visit, ' || cast(event_count as {{ string }}) || ' events from '
        || coalesce(landing_page_path, '?') as description
    from {{ ref('int_customer_360__web_sessions') }}
    where person_id is not null
),

message_sends as (
    select * from {{ ref('int_customer_360__message_sends') }}
    where person_id is not null
),

sends as (
    select
        person_id,
        sent_at as occurred_at,
        channel || '_sent' as interaction_type,
        channel,
        'esp_send' as source_name,
        send_id as source_record_id,
        'Sent: ' || coalesce(campaign_name, campaign_id, '?') as description,
        campaign_id
    from message_sends
),

-- A reaction belongs to the person its send went to.
reactions as (
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
        'esp_message_event' as source_name,
        message_events.message_event_id as source_record_id,
        case message_events.event_type
            when 'open' then 'Opened'
            when 'click' then 'Clicked'
            when 'bounce' then 'Bounced'
            when 'unsubscribe' then 'Unsubscribed'
            else message_events.event_type
        end || ': '
        || coalesce(message_sends.campaign_name, message_sends.campaign_id, '?') as description,
        message_sends.campaign_id
    from {{ ref('stg_esp__message_events') }} as message_events
    inner join message_sends on message_events.send_id = message_sends.send_id
    where message_events.event_type is not null
),

tickets as (
    select
        source_record_key as record_id,
        created_at as occurred_at,
        'support_ticket' as interaction_type,
        'support' as channel,
        'support_ticket' as source_name,
        source_record_key as source_record_id,
        'Support ticket (' || coalesce(category, '?') || ') by '
        || coalesce(channel, '?') || ', ' || coalesce(status, '?') as description,
        status
    from {{ ref('stg_support__tickets') }}
),

-- An ad exposure and a banner choice belong to the person of their cookie.
ad_exposures as (
    select
        cookie_id as record_id,
        cast(exposure_date as timestamp) as occurred_at,
        'ad_exposure' as interaction_type,
        'ads' as channel,
        'ads_exposure' as source_name,
        exposure_id as source_record_id,
        coalesce(platform, '?') || ' ad ' || coalesce(ad_campaign_id, '?')
        || ', ' || coalesce(cast(impression_count as {{ string }}), '?')
        || ' impressions, '
        || coalesce(cast(click_count as {{ string }}), '?')
        || ' clicks' as description,
        ad_campaign_id as campaign_id
    from {{ ref('stg_ads__exposures') }}
),

banner_consents as (
    select
        cookie_id as record_id,
        occurred_at,
        'consent_change' as interaction_type,
        'web' as channel,
        'web_consent_choice' as source_name,
        event_id as source_record_id,
        'Cookie banner: analytics '
        || case when has_analytics_consent then 'yes' else 'no' end
        || ', ads '
        || case when has_ads_consent then 'yes' else 'no' end as description
    from {{ ref('stg_web__consent_choices') }}
),

crm_consents as (
    select
        contact_id as record_id,
        consent_updated_at as occurred_at,
        'consent_change' as interaction_type,
        'crm' as channel,
        'crm_contact' as source_name,
        contact_id as source_record_id,
        'CRM consents: email '
        || case when is_email_opted_in then 'yes' else 'no' end
        || ', sms ' || case when is_sms_opted_in then 'yes' else 'no' end
        || ', phone ' || case when is_phone_opted_in then 'yes' else 'no' end
        || ', postal '
        || case when is_postal_opted_in then 'yes' else 'no' end as description
    from {{ ref('stg_crm__contacts') }}
    where consent_updated_at is not null
),

shop_consents as (
    select
        source_record_key as record_id,
        marketing_consent_updated_at as occurred_at,
        'consent_change' as interaction_type,
        'web' as channel,
        'shop_customer' as source_name,
        source_record_key as source_record_id,
        'Shop account marketing email: '
        || case when is_marketing_opted_in then 'yes' else 'no' end as description
    from {{ ref('stg_shop__customers') }}
    where marketing_consent_updated_at is not null
),

products as (
    select * from {{ ref('stg_shop__products') }}
),

reviews as (
    select
        shop_reviews.source_record_key as record_id,
        shop_reviews.reviewed_at as occurred_at,
        'review' as interaction_type,
        'web' as channel,
        'shop_review' as source_name,
        shop_reviews.source_record_key as source_record_id,
        'Review ' || cast(shop_reviews.rating as {{ string }}) || '/5 of '
        || coalesce(products.product_name, 'an unknown product') as description
    from {{ ref('stg_shop__reviews') }} as shop_reviews
    left join products on shop_reviews.product_id = products.product_id
),

-- A cart whose token is on an order was bought later: `recovered`, else `abandoned`.
bought_carts as (
    select distinct cart_token
    from {{ ref('stg_shop__orders') }}
    where cart_token is not null
),

abandoned_carts as (
    select
        checkouts.source_record_key as record_id,
        checkouts.created_at as occurred_at,
        'abandoned_cart' as interaction_type,
        'web' as channel,
        'shop_checkout' as source_name,
        checkouts.source_record_key as source_record_id,
        'Abandoned cart, '
        || coalesce(cast(checkouts.line_item_count as {{ string }}), '?')
        || ' lines, ' || coalesce(cast(checkouts.total_price as {{ string }}), '?')
        || ' ' || coalesce(checkouts.currency, '') as description,
        checkouts.total_price as amount,
        checkouts.currency,
        case when bought_carts.cart_token is null then 'abandoned' else 'recovered' end as status
    from {{ ref('stg_shop__abandoned_checkouts') }} as checkouts
    left join bought_carts on checkouts.cart_token = bought_carts.cart_token
),

unioned as (
    {%- for source in interaction_sources %}
        {%- set is_attached = source.record_source is none %}
        select
            {%- for name, data_type in columns + optional_columns %}
                {%- set value = name if (name, data_type) in columns or name in source.has
                    else 'null' %}
                cast({{ value }} as {{ data_type }}) as {{ name }},
            {%- endfor %}
            cast({{ 'person_id' if is_attached else 'null' }} as {{ string }}) as person_id,
            cast(
                {{ 'null' if is_attached else "'" ~ source.record_source ~ "'" }} as {{ string }}
            ) as record_source,
            cast({{ 'null' if is_attached else 'record_id' }} as {{ string }}) as record_id
        from {{ source.cte }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

-- The one person join: a staged row belongs to the person of its identity record.
with_persons as (
    select
        {%- for name, data_type in columns + optional_columns %}
            unioned.{{ name }},
        {%- endfor %}
        coalesce(unioned.person_id, person_records.person_id) as person_id
    from unioned
    left join person_records
        on
            unioned.record_source = person_records.source_name
            and unioned.record_id = person_records.source_record_id
),

final as (
    select
        cast(
            interaction_type || ':' || source_name || ':' || source_record_id as {{ string }}
        ) as interaction_id,
        person_id,
        occurred_at,
        interaction_type,
        channel,
        source_name,
        source_record_id,
        campaign_id,
        amount,
        currency,
        status,
        description
    from with_persons
    -- Only interactions tied to a person.
    where person_id is not null
)

select * from final

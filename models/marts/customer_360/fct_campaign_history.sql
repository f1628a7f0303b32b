{#- Per person and campaign, what reached the person and how they reacted: ESP email/SMS
    campaigns (sends, opens, clicks) and ad campaigns (exposure days, impressions, clicks),
    with the orders placed within var `customer_360_attribution_days` after a touch. -#}
{%- set attribution_days = var('customer_360_attribution_days') %}
with

ad_interactions as (
    select
        person_id,
        source_record_id as exposure_id
    from {{ ref('int_customer_360__interactions') }}
    where interaction_type = 'ad_exposure'
),

message_sends as (
    select * from {{ ref('int_customer_360__message_sends') }}
    where person_id is not null and campaign_id is not null
),

ad_exposures as (
    select * from {{ ref('stg_ads__exposures') }}
    -- An exposure whose campaign Airbyte nulled cannot be attributed to a campaign.
    where ad_campaign_id is not null
),

orders as (
    select
        order_id,
        person_id,
        ordered_at,
        total_amount_reporting
    from {{ ref('int_customer_360__orders') }}
    where person_id is not null
),

esp_campaigns as (
    select
        person_id,
        'esp:' || campaign_id as campaign_key,
        max(channel) as campaign_type,
        campaign_id,
        max(campaign_name) as campaign_name,
        cast(null as {{ dbt.type_string() }}) as platform,
        0 as exposure_days,
        0 as impressions,
        count(*) as sends,
        sum(case when is_opened then 1 else 0 end) as opens,
        sum(case when is_clicked then 1 else 0 end) as clicks,
        sum(case when is_bounced then 1 else 0 end) as bounces,
        sum(case when is_unsubscribed then 1 else 0 end) as unsubscribes,
        min(sent_at) as first_touch_at,
        max(coalesce(first_clicked_at, first_opened_at, sent_at)) as last_touch_at
    from message_sends
    group by person_id, campaign_id
),

-- An exposure's person is its interaction's; the staged row adds platform and counts.
person_exposures as (
    select
        ad_interactions.person_id,
        ad_exposures.ad_campaign_id,
        ad_exposures.platform,
        ad_exposures.exposure_date,
        ad_exposures.impression_count,
        ad_exposures.click_count
    from ad_interactions
    inner join ad_exposures on ad_interactions.exposure_id = ad_exposures.exposure_id
),

ad_campaigns as (
    select
        person_id,
        'ads:' || ad_campaign_id as campaign_key,
        'ads' as campaign_type,
        ad_campaign_id as campaign_id,
        cast(null as {{ dbt.type_string() }}) as campaign_name,
        max(platform) as platform,
        count(distinct exposure_date) as exposure_days,
        coalesce(sum(impression_count), 0) as impressions,
        0 as sends,
        0 as opens,
        coalesce(sum(click_count), 0) as clicks,
        0 as bounces,
        0 as unsubscribes,
        cast(min(exposure_date) as timestamp) as first_touch_at,
        cast(max(exposure_date) as timestamp) as last_touch_at
    from person_exposures
    group by person_id, ad_campaign_id
),

-- Touches an order can follow: a send or a click for ESP, a day with impressions for ads.
touches as (
    select
        person_id,
        'esp:' || campaign_id as campaign_key,
        sent_at as touched_at
    from message_sends
    union all
    select
        person_id,
        'esp:' || campaign_id as campaign_key,
        first_clicked_at as touched_at
    from message_sends
    where first_clicked_at is not null
    union all
    select
        person_id,
        'ads:' || ad_campaign_id as campaign_key,
        cast(exposure_date as timestamp) as touched_at
    from person_exposures
),

-- An order converts for every campaign that touched the person in the window before it
-- (multi-touch: the same order can count for several campaigns).
converted_orders as (
    select distinct
        touches.person_id,
        touches.campaign_key,
        orders.order_id,
        orders.ordered_at,
        orders.total_amount_reporting
    from touches
    inner join orders
        on
            touches.person_id = orders.person_id
            and touches.touched_at <= orders.ordered_at
            and orders.ordered_at
            < {{ dbt.dateadd('day', attribution_days, 'touches.touched_at') }}
),

conversions as (
    select
        person_id,
        campaign_key,
        count(*) as conversions,
        sum(total_amount_reporting) as conversion_revenue,
        min(ordered_at) as first_conversion_at
    from converted_orders
    group by person_id, campaign_key
),

campaigns as (
    select * from esp_campaigns
    union all
    select * from ad_campaigns
),

final as (
    select
        cast(campaigns.person_id || '|' || campaigns.campaign_key as {{ dbt.type_string() }})
            as campaign_history_id,
        cast(campaigns.person_id as {{ dbt.type_string() }}) as person_id,
        cast(campaigns.campaign_key as {{ dbt.type_string() }}) as campaign_key,
        cast(campaigns.campaign_type as {{ dbt.type_string() }}) as campaign_type,
        cast(campaigns.campaign_id as {{ dbt.type_string() }}) as campaign_id,
        cast(campaigns.campaign_name as {{ dbt.type_string() }}) as campaign_name,
        cast(campaigns.platform as {{ dbt.type_string() }}) as platform,
        cast(campaigns.exposure_days as bigint) as exposure_days,
        cast(campaigns.impressions as bigint) as impressions,
        cast(campaigns.sends as bigint) as sends,
        cast(campaigns.opens as bigint) as opens,
        cast(campaigns.clicks as bigint) as clicks,
        cast(campaigns.bounces as bigint) as bounces,
        cast(campaigns.unsubscribes as bigint) as unsubscribes,
        cast(coalesce(conversions.conversions, 0) as bigint) as conversions,
        cast(coalesce(conversions.conversion_revenue, 0) as decimal(18, 2))
            as conversion_revenue,
        cast(campaigns.first_touch_at as timestamp) as first_touch_at,
        cast(campaigns.last_touch_at as timestamp) as last_touch_at,
        cast(conversions.first_conversion_at as timestamp) as first_conversion_at
    from campaigns
    left join conversions
        on
            campaigns.person_id = conversions.person_id
            and campaigns.campaign_key = conversions.campaign_key
)

select * from final

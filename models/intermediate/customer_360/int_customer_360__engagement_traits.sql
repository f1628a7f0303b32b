{#- Behavioural and engagement traits per person: web visits, email and SMS reactions,
    downloads, support tickets and the channels the person engages on. One row per person of
    the identity map; counts are 0 and rates, dates and statuses NULL for a person without any. -#}
with

persons as (
    select person_id from {{ ref('int_customer_360__persons') }}
),

interactions as (
    select
        person_id,
        interaction_type,
        source_record_id
    from {{ ref('int_customer_360__interactions') }}
    where interaction_type in ('support_ticket', 'ad_exposure')
),

web_engagement as (
    select * from {{ ref('int_customer_360__web_engagement') }}
),

message_sends as (
    select * from {{ ref('int_customer_360__message_sends') }}
    where person_id is not null
),

orders as (
    select * from {{ ref('int_customer_360__orders') }}
    where person_id is not null
),

tickets as (
    select * from {{ ref('stg_support__tickets') }}
),

ad_exposures as (
    select * from {{ ref('stg_ads__exposures') }}
),

messaging as (
    select
        person_id,
        sum(case when channel = 'email' then 1 else 0 end) as emails_sent,
        sum(case when channel = 'email' and is_opened then 1 else 0 end) as emails_opened,
        sum(case when channel = 'email' and is_clicked then 1 else 0 end) as emails_clicked,
        sum(case when channel = 'sms' then 1 else 0 end) as sms_sent,
        sum(case when channel = 'sms' and is_clicked then 1 else 0 end) as sms_clicked
    from message_sends
    group by person_id
),

-- Tickets and ad exposures have their person in the interactions; the staged row, joined on
-- its own key, adds what the interactions do not carry (ticket id order, click counts).
person_tickets as (
    select
        interactions.person_id,
        tickets.ticket_id,
        tickets.status,
        tickets.created_at
    from interactions
    inner join tickets
        on
            interactions.interaction_type = 'support_ticket'
            and interactions.source_record_id = tickets.source_record_key
),

-- The status of the person's latest ticket (latest opened, then highest id).
ranked_tickets as (
    select
        person_id,
        status,
        row_number() over (
            partition by person_id
            order by created_at desc nulls last, ticket_id desc nulls last
        ) as ticket_rank
    from person_tickets
),

support as (
    select
        person_id,
        count(*) as support_tickets_count,
        sum(case when status in ('open', 'pending') then 1 else 0 end)
            as open_support_tickets_count
    from person_tickets
    group by person_id
),

order_channels as (
    select
        person_id,
        max(case when channel = 'web' then 1 else 0 end) as has_web_order,
        max(case when channel = 'store' then 1 else 0 end) as has_store_order
    from orders
    group by person_id
),

ad_clicks as (
    select distinct interactions.person_id
    from interactions
    inner join ad_exposures
        on
            interactions.interaction_type = 'ad_exposure'
            and interactions.source_record_id = ad_exposures.exposure_id
    where ad_exposures.click_count > 0
),

joined as (
    select
        persons.person_id,
        coalesce(web_engagement.web_sessions_7d, 0) as web_sessions_7d,
        coalesce(web_engagement.web_sessions_30d, 0) as web_sessions_30d,
        coalesce(web_engagement.web_sessions_90d, 0) as web_sessions_90d,
        coalesce(web_engagement.page_views_30d, 0) as page_views_30d,
        coalesce(web_engagement.product_views_30d, 0) as product_views_30d,
        web_engagement.last_visit_at,
        coalesce(messaging.emails_sent, 0) as emails_sent,
        coalesce(messaging.emails_opened, 0) as emails_opened,
        coalesce(messaging.emails_clicked, 0) as emails_clicked,
        coalesce(messaging.sms_sent, 0) as sms_sent,
        coalesce(messaging.sms_clicked, 0) as sms_clicked,
        coalesce(web_engagement.downloads_count, 0) as downloads_count,
        coalesce(support.support_tickets_count, 0) as support_tickets_count,
        coalesce(support.open_support_tickets_count, 0) as open_support_tickets_count,
        ranked_tickets.status as last_support_ticket_status,
        ad_clicks.person_id is not null as has_ad_click,
        coalesce(web_engagement.web_sessions_count, 0) > 0
        or coalesce(order_channels.has_web_order, 0) = 1 as has_web_activity,
        coalesce(order_channels.has_store_order, 0) = 1 as has_store_activity
    from persons
    left join web_engagement on persons.person_id = web_engagement.person_id
    left join messaging on persons.person_id = messaging.person_id
    left join support on persons.person_id = support.person_id
    left join ranked_tickets
        on persons.person_id = ranked_tickets.person_id and ranked_tickets.ticket_rank = 1
    left join order_channels on persons.person_id = order_channels.person_id
    left join ad_clicks on persons.person_id = ad_clicks.person_id
),

final as (
    select
        person_id,
        cast(web_sessions_7d as bigint) as web_sessions_7d,
        cast(web_sessions_30d as bigint) as web_sessions_30d,
        cast(web_sessions_90d as bigint) as web_sessions_90d,
        cast(page_views_30d as bigint) as page_views_30d,
        cast(product_views_30d as bigint) as product_views_30d,
        cast(last_visit_at as timestamp) as last_visit_at,
        cast(emails_sent as bigint) as emails_sent,
        cast(emails_opened as bigint) as emails_opened,
        cast(emails_clicked as bigint) as emails_clicked,
        cast(emails_opened / nullif(cast(emails_sent as double), 0) as double)
            as email_open_rate,
        cast(emails_clicked / nullif(cast(emails_sent as double), 0) as double)
            as email_click_rate,
        cast(sms_sent as bigint) as sms_sent,
        cast(sms_clicked as bigint) as sms_clicked,
        cast(downloads_count as bigint) as downloads_count,
        cast(support_tickets_count as bigint) as support_tickets_count,
        cast(open_support_tickets_count as bigint) as open_support_tickets_count,
        cast(last_support_ticket_status as {{ dbt.type_string() }}) as last_support_ticket_status,
        -- Channels the person reacted or came on, alphabetical; NULL when none.
        nullif(
            concat_ws(
                ',',
                case when has_ad_click then 'ads' end,
                case when emails_opened > 0 or emails_clicked > 0 then 'email' end,
                case when sms_clicked > 0 then 'sms' end,
                case when has_store_activity then 'store' end,
                case when support_tickets_count > 0 then 'support' end,
                case when has_web_activity then 'web' end
            ),
            ''
        ) as engaged_channels
    from joined
)

select * from final

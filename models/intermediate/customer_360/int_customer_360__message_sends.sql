{#- One row per ESP send (email or SMS) with the person of its `esp_send` record and what the
    recipient did with it. -#}
with

sends as (
    select * from {{ ref('stg_esp__sends') }}
),

campaigns as (
    select * from {{ ref('stg_esp__campaigns') }}
),

message_events as (
    select * from {{ ref('stg_esp__message_events') }}
),

person_records as (
    select
        source_record_id as send_id,
        person_id
    from {{ ref('int_customer_360__person_records') }}
    where source_name = 'esp_send'
),

reactions as (
    select
        send_id,
        min(case when event_type = 'open' then occurred_at end) as first_opened_at,
        min(case when event_type = 'click' then occurred_at end) as first_clicked_at,
        min(case when event_type = 'bounce' then occurred_at end) as bounced_at,
        min(case when event_type = 'unsubscribe' then occurred_at end) as unsubscribed_at,
        sum(case when event_type = 'open' then 1 else 0 end) as open_count,
        sum(case when event_type = 'click' then 1 else 0 end) as click_count
    from message_events
    group by send_id
),

final as (
    select
        sends.send_id,
        person_records.person_id,
        sends.campaign_id,
        campaigns.campaign_name,
        -- A channel nulled in the send is the campaign's.
        coalesce(sends.channel, campaigns.channel) as channel,
        sends.sent_at,
        reactions.first_opened_at,
        reactions.first_clicked_at,
        reactions.bounced_at,
        reactions.unsubscribed_at,
        coalesce(reactions.open_count, 0) as open_count,
        coalesce(reactions.click_count, 0) as click_count,
        -- A click proves the message was opened, even when the open pixel was blocked.
        coalesce(
            reactions.first_opened_at is not null or reactions.first_clicked_at is not null,
            false
        ) as is_opened,
        coalesce(reactions.first_clicked_at is not null, false) as is_clicked,
        coalesce(reactions.bounced_at is not null, false) as is_bounced,
        coalesce(reactions.unsubscribed_at is not null, false) as is_unsubscribed
    from sends
    left join campaigns on sends.campaign_id = campaigns.campaign_id
    left join reactions on sends.send_id = reactions.send_id
    left join person_records on sends.send_id = person_records.send_id
)

select * from final

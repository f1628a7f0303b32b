-- DEV STAND-IN for helper E's engagement traits: the contract columns, emails sent only.
-- noqa: disable=all
{%- set string = dbt.type_string() %}

with

identity_map as (
    select * from {{ ref('customer_identity_map') }}
),

person_sends as (
    select
        person_id,
        count(*) as emails_sent
    from identity_map
    where source_name = 'esp_send'
    group by person_id
),

persons as (
    select distinct person_id from identity_map
),

final as (
    select
        persons.person_id,
        0 as web_sessions_7d,
        0 as web_sessions_30d,
        0 as web_sessions_90d,
        0 as page_views_30d,
        0 as product_views_30d,
        cast(null as timestamp) as last_visit_at,
        coalesce(person_sends.emails_sent, 0) as emails_sent,
        0 as emails_opened,
        0 as emails_clicked,
        cast(null as double) as email_open_rate,
        cast(null as double) as email_click_rate,
        0 as sms_sent,
        0 as sms_clicked,
        0 as downloads_count,
        0 as support_tickets_count,
        0 as open_support_tickets_count,
        cast(null as {{ string }}) as last_support_ticket_status,
        cast(null as {{ string }}) as engaged_channels
    from persons
    left join person_sends on persons.person_id = person_sends.person_id
)

select * from final

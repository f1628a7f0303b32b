{#- One row per web session, tied to a person through its cookie's `web_cookie` record. -#}
{%- set download_patterns = var('customer_360_download_path_patterns') %}
{%- set download_conditions = [] %}
{%- for pattern in download_patterns %}
    {%- do download_conditions.append("page_path like '" ~ pattern ~ "'") %}
{%- endfor %}
with

events as (
    select * from {{ ref('stg_web__events') }}
),

person_records as (
    select
        source_record_id as cookie_id,
        person_id
    from {{ ref('int_customer_360__person_records') }}
    where source_name = 'web_cookie'
),

flagged as (
    select
        -- An event the tracker sent without a session is a visit of its own.
        coalesce(session_id, 'event:' || event_id) as session_key,
        session_id,
        cookie_id,
        event_id,
        event_type,
        page_path,
        occurred_at,
        case
            when {{ download_conditions | join(' or ') if download_conditions else 'false' }}
                then 1
            else 0
        end as is_download
    from events
),

sessions as (
    select
        session_key,
        max(session_id) as session_id,
        min(cookie_id) as cookie_id,
        min(occurred_at) as started_at,
        max(occurred_at) as ended_at,
        count(*) as event_count,
        sum(case when event_type = 'page_view' then 1 else 0 end) as page_view_count,
        sum(case when event_type = 'product_view' then 1 else 0 end) as product_view_count,
        sum(case when event_type = 'add_to_cart' then 1 else 0 end) as add_to_cart_count,
        sum(is_download) as download_count
    from flagged
    group by session_key
),

landing_pages as (
    select
        session_key,
        page_path as landing_page_path,
        row_number() over (
            partition by session_key
            order by occurred_at asc nulls last, event_id asc nulls last
        ) as event_rank
    from flagged
),

final as (
    select
        sessions.session_key,
        sessions.session_id,
        person_records.person_id,
        sessions.started_at,
        sessions.ended_at,
        sessions.event_count,
        sessions.page_view_count,
        sessions.product_view_count,
        sessions.add_to_cart_count,
        sessions.download_count,
        landing_pages.landing_page_path
    from sessions
    left join person_records on sessions.cookie_id = person_records.cookie_id
    left join landing_pages
        on sessions.session_key = landing_pages.session_key and landing_pages.event_rank = 1
)

select * from final

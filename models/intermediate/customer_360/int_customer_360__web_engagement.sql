{#- Web visits per person over the last 7, 30 and 90 days before the as-of moment. A window of
    N days holds sessions started after as-of minus N days and at or before as-of; sessions
    after as-of (a past as-of, a skewed clock) are left out of every count. -#}
with

sessions as (
    select * from {{ ref('int_customer_360__web_sessions') }}
    where person_id is not null
),

as_of as (
    select as_of_at from {{ ref('int_customer_360__as_of') }}
),

dated as (
    select
        sessions.person_id,
        sessions.started_at,
        sessions.ended_at,
        sessions.page_view_count,
        sessions.product_view_count,
        sessions.download_count,
        sessions.started_at > {{ dbt.dateadd('day', -7, 'as_of.as_of_at') }} as is_in_7d,
        sessions.started_at > {{ dbt.dateadd('day', -30, 'as_of.as_of_at') }} as is_in_30d,
        sessions.started_at > {{ dbt.dateadd('day', -90, 'as_of.as_of_at') }} as is_in_90d
    from sessions
    cross join as_of
    where sessions.started_at <= as_of.as_of_at
),

final as (
    select
        person_id,
        sum(case when is_in_7d then 1 else 0 end) as web_sessions_7d,
        sum(case when is_in_30d then 1 else 0 end) as web_sessions_30d,
        sum(case when is_in_90d then 1 else 0 end) as web_sessions_90d,
        sum(case when is_in_30d then page_view_count else 0 end) as page_views_30d,
        sum(case when is_in_30d then product_view_count else 0 end) as product_views_30d,
        sum(download_count) as downloads_count,
        count(*) as web_sessions_count,
        max(ended_at) as last_visit_at
    from dated
    group by person_id
)

select * from final

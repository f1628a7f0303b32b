{#- RFM quintiles over the persons with orders: ntile(5) with person_id breaking ties in the
    order, then every person with the same value gets the lowest score of that value, so equal
    customers score equally and a rebuild gives the same scores. 5 is best: most recent, most
    orders, most revenue. -#}
with

orders as (
    select * from {{ ref('int_customer_360__orders') }}
    where person_id is not null
),

as_of as (
    select as_of_at from {{ ref('int_customer_360__as_of') }}
),

per_person as (
    select
        orders.person_id,
        max(orders.ordered_at) as last_order_at,
        count(*) as orders_count,
        coalesce(sum(orders.total_amount_reporting), 0) as revenue
    from orders
    group by orders.person_id
),

with_as_of as (
    select
        per_person.person_id,
        per_person.last_order_at,
        per_person.orders_count,
        per_person.revenue,
        as_of.as_of_at
    from per_person
    cross join as_of
),

with_recency as (
    select
        person_id,
        last_order_at,
        orders_count,
        revenue,
        -- dbt.datediff renders longer than a line on DuckDB.
        {{ dbt.datediff('last_order_at', 'as_of_at', 'day') }} as recency_days  -- noqa: LT05
    from with_as_of
),

-- An unknown recency sorts as the oldest.
buckets as (
    select
        person_id,
        last_order_at,
        orders_count,
        revenue,
        recency_days,
        ntile(5) over (
            order by recency_days desc nulls first, person_id asc nulls last
        ) as recency_bucket,
        ntile(5) over (
            order by orders_count asc nulls first, person_id asc nulls last
        ) as frequency_bucket,
        ntile(5) over (
            order by revenue asc nulls first, person_id asc nulls last
        ) as monetary_bucket
    from with_recency
),

scored as (
    select
        person_id,
        last_order_at,
        orders_count,
        revenue,
        recency_days,
        min(recency_bucket) over (partition by recency_days) as rfm_recency_score,
        min(frequency_bucket) over (partition by orders_count) as rfm_frequency_score,
        min(monetary_bucket) over (partition by revenue) as rfm_monetary_score
    from buckets
),

final as (
    select
        person_id,
        recency_days,
        orders_count,
        revenue,
        cast(rfm_recency_score as integer) as rfm_recency_score,
        cast(rfm_frequency_score as integer) as rfm_frequency_score,
        cast(rfm_monetary_score as integer) as rfm_monetary_score,
        {{ rfm_segment('rfm_recency_score', 'rfm_frequency_score') }} as rfm_segment
    from scored
)

select * from final

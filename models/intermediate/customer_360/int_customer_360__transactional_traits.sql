{#- Transactional traits per person, online and in store: one row per person of the identity
    map; counts and sums are 0 and averages, dates and scores NULL for a person without any. -#}
with

persons as (
    select person_id from {{ ref('int_customer_360__persons') }}
),

interactions as (
    select * from {{ ref('int_customer_360__interactions') }}
    where interaction_type in ('abandoned_cart', 'review')
),

orders as (
    select * from {{ ref('int_customer_360__orders') }}
    where person_id is not null
),

order_lines as (
    select * from {{ ref('int_customer_360__order_lines') }}
),

reviews as (
    select * from {{ ref('stg_shop__reviews') }}
),

rfm_scores as (
    select * from {{ ref('int_customer_360__rfm_scores') }}
),

as_of as (
    select as_of_at from {{ ref('int_customer_360__as_of') }}
),

order_facts as (
    select
        person_id,
        count(*) as orders_count,
        sum(case when channel = 'web' then 1 else 0 end) as online_orders_count,
        sum(case when channel = 'store' then 1 else 0 end) as store_orders_count,
        coalesce(sum(total_amount_reporting), 0) as revenue,
        coalesce(sum(net_amount_reporting), 0) as historical_clv,
        min(ordered_at) as first_order_at,
        max(ordered_at) as last_order_at,
        -- dbt.datediff renders longer than a line on DuckDB.
        {{ dbt.datediff('min(ordered_at)', 'max(ordered_at)', 'day') }} as order_span_days,  -- noqa: LT05
        sum(case when is_refunded then 1 else 0 end) as returns_count
    from orders
    group by person_id
),

-- Categories by units bought; ties go to the most lines, then the name.
category_units as (
    select
        orders.person_id,
        order_lines.category,
        sum(order_lines.quantity) as units,
        count(*) as line_count
    from order_lines
    inner join orders on order_lines.order_id = orders.order_id
    where order_lines.category is not null
    group by orders.person_id, order_lines.category
),

ranked_categories as (
    select
        person_id,
        category,
        row_number() over (
            partition by person_id
            order by units desc nulls last, line_count desc nulls last, category asc nulls last
        ) as category_rank
    from category_units
),

-- Payment methods by orders paid; ties go to the most recently used, then the name.
payment_methods as (
    select
        person_id,
        payment_method,
        count(*) as order_count,
        max(ordered_at) as last_used_at
    from orders
    where payment_method is not null
    group by person_id, payment_method
),

ranked_payment_methods as (
    select
        person_id,
        payment_method,
        row_number() over (
            partition by person_id
            order by
                order_count desc nulls last,
                last_used_at desc nulls last,
                payment_method asc nulls last
        ) as payment_rank
    from payment_methods
),

-- A cart bought later (its token on an order: status `recovered`) was not abandoned.
abandoned_carts as (
    select
        person_id,
        count(*) as abandoned_carts_count,
        coalesce(sum({{ to_reporting_currency('amount', 'currency') }}), 0)
            as abandoned_carts_value
    from interactions
    where interaction_type = 'abandoned_cart' and status = 'abandoned'
    group by person_id
),

-- A review's person is its interaction's; the staged row adds the rating.
review_ratings as (
    select
        interactions.person_id,
        avg(cast(reviews.rating as double)) as average_review_rating
    from interactions
    inner join reviews
        on
            interactions.interaction_type = 'review'
            and interactions.source_record_id = reviews.source_record_key
    group by interactions.person_id
),

final as (
    select
        persons.person_id,
        cast(coalesce(order_facts.orders_count, 0) as bigint) as orders_count,
        cast(coalesce(order_facts.online_orders_count, 0) as bigint) as online_orders_count,
        cast(coalesce(order_facts.store_orders_count, 0) as bigint) as store_orders_count,
        cast(coalesce(order_facts.revenue, 0) as decimal(18, 2)) as revenue,
        -- Whole cents divided, then rounded half away from zero on both engines: DuckDB
        -- divides decimals as doubles (2428.18 / 4 = 607.045 gave 607.04, Spark 607.05); an
        -- exact half of a cent is a double exactly, so both now say 607.05.
        cast(
            round(
                cast(round(order_facts.revenue * 100, 0) as double)
                / nullif(order_facts.orders_count, 0)
            ) / 100 as decimal(18, 2)
        ) as average_basket,
        order_facts.first_order_at,
        order_facts.last_order_at,
        cast(
            -- dbt.datediff renders longer than a line on DuckDB.
            {{ dbt.datediff('order_facts.last_order_at', 'as_of.as_of_at', 'day') }} as integer  -- noqa: LT05
        ) as days_since_last_order,
        -- Average days between two orders; NULL below two orders.
        cast(
            order_facts.order_span_days / nullif(cast(order_facts.orders_count - 1 as double), 0)
            as double
        ) as purchase_frequency_days,
        cast(coalesce(order_facts.returns_count, 0) as bigint) as returns_count,
        cast(
            order_facts.returns_count / nullif(cast(order_facts.orders_count as double), 0)
            as double
        ) as return_rate,
        cast(coalesce(abandoned_carts.abandoned_carts_count, 0) as bigint)
            as abandoned_carts_count,
        cast(coalesce(abandoned_carts.abandoned_carts_value, 0) as decimal(18, 2))
            as abandoned_carts_value,
        ranked_categories.category as favourite_category,
        ranked_payment_methods.payment_method as preferred_payment_method,
        review_ratings.average_review_rating,
        rfm_scores.rfm_recency_score,
        rfm_scores.rfm_frequency_score,
        rfm_scores.rfm_monetary_score,
        rfm_scores.rfm_segment,
        cast(coalesce(order_facts.historical_clv, 0) as decimal(18, 2)) as historical_clv
    from persons
    cross join as_of
    left join order_facts on persons.person_id = order_facts.person_id
    left join ranked_categories
        on persons.person_id = ranked_categories.person_id and ranked_categories.category_rank = 1
    left join ranked_payment_methods
        on
            persons.person_id = ranked_payment_methods.person_id
            and ranked_payment_methods.payment_rank = 1
    left join abandoned_carts on persons.person_id = abandoned_carts.person_id
    left join review_ratings on persons.person_id = review_ratings.person_id
    left join rfm_scores on persons.person_id = rfm_scores.person_id
)

select * from final

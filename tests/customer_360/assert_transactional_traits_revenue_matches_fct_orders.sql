{#- Revenue and historical CLV in the transactional traits equal, person by person, the sums
    of fct_orders; orders without a person are counted by fct_orders' warning test instead.
    Returns the persons where they differ. -#}
with

traits as (
    select
        person_id,
        revenue,
        historical_clv,
        orders_count
    from {{ ref('int_customer_360__transactional_traits') }}
),

order_sums as (
    select
        person_id,
        coalesce(sum(total_amount_reporting), 0) as revenue,
        coalesce(sum(net_amount_reporting), 0) as historical_clv,
        count(*) as orders_count
    from {{ ref('fct_orders') }}
    where person_id is not null
    group by person_id
),

compared as (
    select
        coalesce(traits.person_id, order_sums.person_id) as person_id,
        coalesce(traits.revenue, 0) as traits_revenue,
        coalesce(order_sums.revenue, 0) as orders_revenue,
        coalesce(traits.historical_clv, 0) as traits_clv,
        coalesce(order_sums.historical_clv, 0) as orders_clv,
        coalesce(traits.orders_count, 0) as traits_orders,
        coalesce(order_sums.orders_count, 0) as orders_orders,
        traits.person_id is null as is_missing_from_traits
    from traits
    full outer join order_sums on traits.person_id = order_sums.person_id
)

select * from compared
where
    is_missing_from_traits
    or traits_revenue != orders_revenue
    or traits_clv != orders_clv
    or traits_orders != orders_orders

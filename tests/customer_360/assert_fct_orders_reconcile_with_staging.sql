{#- No source order is lost or doubled: every staged web order and till transaction appears
    exactly once in fct_orders, and fct_orders holds nothing else. Returns the offenders. -#}
with

staged as (
    select 'web:' || cast(order_id as {{ dbt.type_string() }}) as order_id
    from {{ ref('stg_shop__orders') }}
    union all
    select 'store:' || transaction_id as order_id
    from {{ ref('stg_pos__transactions') }}
),

staged_counts as (
    select
        order_id,
        count(*) as staged_rows
    from staged
    group by order_id
),

mart_counts as (
    select
        order_id,
        count(*) as mart_rows
    from {{ ref('fct_orders') }}
    group by order_id
),

compared as (
    select
        coalesce(staged_counts.order_id, mart_counts.order_id) as order_id,
        coalesce(staged_counts.staged_rows, 0) as staged_rows,
        coalesce(mart_counts.mart_rows, 0) as mart_rows
    from staged_counts
    full outer join mart_counts on staged_counts.order_id = mart_counts.order_id
)

select * from compared
where staged_rows != 1 or mart_rows != 1

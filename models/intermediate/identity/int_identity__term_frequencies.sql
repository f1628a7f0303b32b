-- Jinja loops generate this SQL and the linter cannot indent it: layout.indent is off here.
-- noqa: disable=LT02
-- Share of canonical records holding each value, per term type: common values (a frequent
-- last name, a big city) are weak evidence when two records agree on them.
with

records as (
    select * from {{ ref('int_identity__records') }}
),

terms as (
    select
        'first_name' as term_type,
        first_name_canonical as term_value
    from records
    union all
    select
        'last_name' as term_type,
        last_name as term_value
    from records
    union all
    select
        'postcode' as term_type,
        postcode as term_value
    from records
    union all
    select
        'city' as term_type,
        city as term_value
    from records
    union all
    select
        'address' as term_type,
        {{ dbt.concat(['street_address', "'|'", 'postcode']) }} as term_value
    from records
    union all
    select
        'email_local_part' as term_type,
        {{ dbt.split_part('email', "'@'", 1) }} as term_value
    from records
    union all
    select
        'email_domain' as term_type,
        {{ dbt.split_part('email', "'@'", 2) }} as term_value
    from records
),

counted as (
    select
        term_type,
        term_value,
        count(*) as record_count
    from terms
    where term_value is not null
    group by term_type, term_value
),

final as (
    select
        {{ dbt.concat(['term_type', "':'", 'term_value']) }} as term_key,
        term_type,
        term_value,
        record_count,
        cast(record_count as double)
        / sum(record_count) over (partition by term_type) as term_frequency
    from counted
)

select * from final

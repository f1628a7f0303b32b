-- DEV STAND-IN for helper A's exclusions: junk values and values shared by many names.
with

records as (
    select * from {{ ref('int_identity__records') }}
),

identifiers as (
    select 'email' as identifier_type, email as identifier_value, record_key, first_name
    from records where email is not null
    union all
    select 'phone', phone, record_key, first_name from records where phone is not null
),

counted as (
    select
        identifier_type,
        identifier_value,
        count(*) as record_count,
        count(distinct first_name) as distinct_name_count
    from identifiers
    group by identifier_type, identifier_value
)

select
    identifier_type,
    identifier_value,
    case
        when identifier_value in ('test@test.com', '+33000000000', '+33600000000')
            then 'blocklisted'
        else 'shared_value'
    end as exclusion_reason,
    record_count,
    distinct_name_count
from counted
where distinct_name_count > 2
    or identifier_value in ('test@test.com', '+33000000000', '+33600000000')

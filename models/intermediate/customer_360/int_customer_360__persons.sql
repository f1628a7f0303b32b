{#- One row per person of the identity map, with what its records say about it as a whole:
    how many there are, when they were first and last seen, the sources present and whether
    the person is only known as an anonymous visitor. -#}
with

person_records as (
    select * from {{ ref('int_customer_360__person_records') }}
),

final as (
    select
        person_id,
        count(*) as record_count,
        min(record_seen_at) as first_seen_at,
        max(record_seen_at) as last_seen_at,
        {{ sorted_string_list('source_name') }} as sources_present,
        -- A person only known through a cookie (and email links clicked on it that the guards
        -- kept from their contact) is an anonymous visitor.
        max(
            case when source_name not in ('web_cookie', 'web_email_click') then 1 else 0 end
        ) = 0 as is_anonymous
    from person_records
    group by person_id
)

select * from final

{#- Identifier values carrying two birth dates that no typo explains: not one digit apart,
    not day and month transposed, and not two digits apart within one part of the date (a
    swapped pair of digits, 1986 for 1968): two people. Only for the types whose limits set
    `max_birth_date_conflicts`; the detail says when the count breaks it ('' when not). -#}
{%- set conflict_limits = identity_type_limits('max_birth_date_conflicts') -%}

with

identifiers as (
    select * from {{ ref('int_identity__record_identifiers') }}
),

records as (
    select * from {{ ref('int_identity__normalised_records') }}
),

value_birth_dates as (
    select distinct
        identifiers.identifier_type,
        identifiers.identifier_value,
        records.date_of_birth,
        cast(records.date_of_birth as {{ dbt.type_string() }}) as birth_date_text
    from identifiers
    inner join records
        on identifiers.record_key = records.record_key
    where
        records.date_of_birth is not null
        and {{ identifier_type_in('identifiers.identifier_type', conflict_limits) }}
),

birth_date_conflicts as (
    select
        left_dates.identifier_type,
        left_dates.identifier_value,
        count(*) as birth_date_conflict_count
    from value_birth_dates as left_dates
    inner join value_birth_dates as right_dates
        on
            left_dates.identifier_type = right_dates.identifier_type
            and left_dates.identifier_value = right_dates.identifier_value
            and left_dates.date_of_birth < right_dates.date_of_birth
    where
        levenshtein(left_dates.birth_date_text, right_dates.birth_date_text) > 1
        and not (
            year(left_dates.date_of_birth) = year(right_dates.date_of_birth)
            and month(left_dates.date_of_birth) = day(right_dates.date_of_birth)
            and day(left_dates.date_of_birth) = month(right_dates.date_of_birth)
        )
        and not (
            levenshtein(left_dates.birth_date_text, right_dates.birth_date_text) = 2
            and (
                (
                    year(left_dates.date_of_birth) = year(right_dates.date_of_birth)
                    and month(left_dates.date_of_birth) = month(right_dates.date_of_birth)
                )
                or (
                    year(left_dates.date_of_birth) = year(right_dates.date_of_birth)
                    and day(left_dates.date_of_birth) = day(right_dates.date_of_birth)
                )
                or (
                    month(left_dates.date_of_birth) = month(right_dates.date_of_birth)
                    and day(left_dates.date_of_birth) = day(right_dates.date_of_birth)
                )
            )
        )
    group by left_dates.identifier_type, left_dates.identifier_value
),

final as (
    select
        identifier_type,
        identifier_value,
        birth_date_conflict_count,
        {{ limit_breach_detail(
            'birth_date_conflict_count', conflict_limits, 'birth date conflicts'
        ) }} as birth_date_conflict_detail
    from birth_date_conflicts
)

select * from final

{#- Identifier values carrying two first names that no typo (edit distance <= 2), nickname,
    abbreviation or initial (one a prefix of the other) or first/last swap explains, on
    records that do not give the same birth date (one person under a nickname no list knows):
    two people. Only for the types whose limits set `max_first_name_conflicts`; the detail
    says when the count breaks it ('' when not). -#}
{%- set conflict_limits = identity_type_limits('max_first_name_conflicts') -%}

with

identifiers as (
    select * from {{ ref('int_identity__record_identifiers') }}
),

records as (
    select * from {{ ref('int_identity__normalised_records') }}
),

value_first_names as (
    select distinct
        identifiers.identifier_type,
        identifiers.identifier_value,
        records.first_name,
        records.first_name_canonical,
        records.last_name,
        records.date_of_birth
    from identifiers
    inner join records
        on identifiers.record_key = records.record_key
    where
        records.first_name_canonical is not null
        and {{ identifier_type_in('identifiers.identifier_type', conflict_limits) }}
),

first_name_conflicts as (
    select
        left_names.identifier_type,
        left_names.identifier_value,
        count(*) as first_name_conflict_count
    from value_first_names as left_names
    inner join value_first_names as right_names
        on
            left_names.identifier_type = right_names.identifier_type
            and left_names.identifier_value = right_names.identifier_value
            and left_names.first_name_canonical < right_names.first_name_canonical
    where
        levenshtein(left_names.first_name_canonical, right_names.first_name_canonical) > 2
        and levenshtein(left_names.first_name, right_names.first_name) > 2
        and left_names.first_name_canonical
        not like {{ dbt.concat(['right_names.first_name_canonical', "'%'"]) }}
        and right_names.first_name_canonical
        not like {{ dbt.concat(['left_names.first_name_canonical', "'%'"]) }}
        and coalesce(levenshtein(left_names.first_name, right_names.last_name), 99) > 2
        and coalesce(levenshtein(left_names.last_name, right_names.first_name), 99) > 2
        and not coalesce(left_names.date_of_birth = right_names.date_of_birth, false)
    group by left_names.identifier_type, left_names.identifier_value
),

final as (
    select
        identifier_type,
        identifier_value,
        first_name_conflict_count,
        {{ limit_breach_detail(
            'first_name_conflict_count', conflict_limits, 'first name conflicts'
        ) }} as first_name_conflict_detail
    from first_name_conflicts
)

select * from final

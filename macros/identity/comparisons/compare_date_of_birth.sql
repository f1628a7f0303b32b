{#- Birth-date comparison level: exact, day and month transposed, one character apart as
    written (a typed digit wrong: 1958 for 1968), within `identity_birth_date_within_days` days,
    same year, else; `null` when a side has none. -#}
{% macro compare_date_of_birth(left='l', right='r') -%}
    {%- set l = left ~ '.date_of_birth' -%}
    {%- set r = right ~ '.date_of_birth' -%}
    case
        when {{ l }} is null or {{ r }} is null then 'null'
        when {{ l }} = {{ r }} then 'exact'
        when year({{ l }}) = year({{ r }})
            and month({{ l }}) = day({{ r }})
            and day({{ l }}) = month({{ r }}) then 'transposed'
        when levenshtein(
            cast({{ l }} as {{ dbt.type_string() }}), cast({{ r }} as {{ dbt.type_string() }})
        ) <= 1 then 'one_edit'
        when abs({{ dbt.datediff(l, r, 'day') }})
            <= {{ var('identity_birth_date_within_days') }} then 'within_days'
        when year({{ l }}) = year({{ r }}) then 'same_year'
        else 'else'
    end
{%- endmacro %}

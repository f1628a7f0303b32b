{#- Birth-date comparison levels, as (level, SQL condition) in the order they are tried:
    `null` when a side has none, exact, day and month transposed, one character apart as
    written (a typed digit wrong: 1958 for 1968), within `identity_birth_date_within_days`
    days, same year; `else` is every other pair. -#}
{% macro compare_date_of_birth(left='l', right='r') -%}
    {%- set l = left ~ '.date_of_birth' -%}
    {%- set r = right ~ '.date_of_birth' -%}
    {%- set same_year = 'year(' ~ l ~ ') = year(' ~ r ~ ')' -%}
    {%- set string = dbt.type_string() -%}
    {{ return([
        ('null', l ~ ' is null or ' ~ r ~ ' is null'),
        ('exact', l ~ ' = ' ~ r),
        ('transposed', same_year ~ ' and month(' ~ l ~ ') = day(' ~ r ~ ')'
            ~ ' and day(' ~ l ~ ') = month(' ~ r ~ ')'),
        ('one_edit', 'levenshtein(cast(' ~ l ~ ' as ' ~ string ~ '), cast(' ~ r ~ ' as '
            ~ string ~ ')) <= 1'),
        ('within_days', 'abs(' ~ dbt.datediff(l, r, 'day') ~ ') <= '
            ~ var('identity_birth_date_within_days')),
        ('same_year', same_year),
    ]) }}
{%- endmacro %}

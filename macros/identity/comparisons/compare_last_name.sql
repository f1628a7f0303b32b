{#- Last-name comparison levels, as (level, SQL condition) in the order they are tried: `null`
    when a side has no last name, exact, swapped with the first name (first and last names
    crossed), Jaro-Winkler bands; `else` is every other pair. -#}
{% macro compare_last_name(left='l', right='r') -%}
    {%- set l = left ~ '.last_name' -%}
    {%- set r = right ~ '.last_name' -%}
    {%- set similarity = jaro_winkler(l, r) -%}
    {{ return([
        ('null', l ~ ' is null or ' ~ r ~ ' is null'),
        ('exact', l ~ ' = ' ~ r),
        ('swapped', l ~ ' = ' ~ right ~ '.first_name and ' ~ left ~ '.first_name = ' ~ r),
        ('jaro_winkler_high', similarity ~ ' >= ' ~ var('identity_name_jaro_winkler_high')),
        ('jaro_winkler_low', similarity ~ ' >= ' ~ var('identity_name_jaro_winkler_low')),
    ]) }}
{%- endmacro %}

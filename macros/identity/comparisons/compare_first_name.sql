{#- First-name comparison levels of a pair of scoring records (table aliases `left`/`right`),
    as (level, SQL condition) in the order they are tried: `null` when a side has no first
    name, exact on the nickname-canonical name, Jaro-Winkler bands on the names as written,
    same initial; `else` is every other pair. -#}
{% macro compare_first_name(left='l', right='r') -%}
    {%- set l = left ~ '.first_name' -%}
    {%- set r = right ~ '.first_name' -%}
    {%- set similarity = jaro_winkler(l, r) -%}
    {{ return([
        ('null', l ~ ' is null or ' ~ r ~ ' is null'),
        ('exact', l ~ '_canonical = ' ~ r ~ '_canonical'),
        ('jaro_winkler_high', similarity ~ ' >= ' ~ var('identity_name_jaro_winkler_high')),
        ('jaro_winkler_low', similarity ~ ' >= ' ~ var('identity_name_jaro_winkler_low')),
        ('initial', 'substr(' ~ l ~ ', 1, 1) = substr(' ~ r ~ ', 1, 1)'),
    ]) }}
{%- endmacro %}

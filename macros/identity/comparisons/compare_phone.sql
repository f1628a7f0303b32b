{#- Phone comparison levels (E.164 strings), as (level, SQL condition) in the order they are
    tried: `null` when a side has none, exact, same last 8 digits (prefix or country code
    differs), one edit apart (a typo); `else` is every other pair. -#}
{% macro compare_phone(left='l', right='r') -%}
    {%- set l = left ~ '.phone' -%}
    {%- set r = right ~ '.phone' -%}
    {{ return([
        ('null', l ~ ' is null or ' ~ r ~ ' is null'),
        ('exact', l ~ ' = ' ~ r),
        ('last_8_digits', l ~ '_last_8_digits = ' ~ r ~ '_last_8_digits'),
        ('one_edit', 'levenshtein(' ~ l ~ ', ' ~ r ~ ') <= 1'),
    ]) }}
{%- endmacro %}

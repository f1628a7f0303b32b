{#- Email comparison levels, as (level, SQL condition) in the order they are tried: `null`
    when a side has none (or only an excluded value: the scoring records blank those), exact,
    same local part (other domain), Jaro-Winkler on the local parts at or above
    `identity_email_jaro_winkler`; `else` is every other pair. -#}
{% macro compare_email(left='l', right='r') -%}
    {%- set l = left ~ '.email' -%}
    {%- set r = right ~ '.email' -%}
    {{ return([
        ('null', l ~ ' is null or ' ~ r ~ ' is null'),
        ('exact', l ~ ' = ' ~ r),
        ('local_part', l ~ '_local_part = ' ~ r ~ '_local_part'),
        ('jaro_winkler_local_part', jaro_winkler(l ~ '_local_part', r ~ '_local_part')
            ~ ' >= ' ~ var('identity_email_jaro_winkler')),
    ]) }}
{%- endmacro %}

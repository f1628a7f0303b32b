{#- Email comparison level: exact, same local part (other domain), Jaro-Winkler on the local
    parts at or above `identity_email_jaro_winkler`, else; `null` when a side has none (or only
    an excluded value: the scoring records blank those). -#}
{% macro compare_email(left='l', right='r') -%}
    case
        when {{ left }}.email is null or {{ right }}.email is null then 'null'
        when {{ left }}.email = {{ right }}.email then 'exact'
        when {{ left }}.email_local_part = {{ right }}.email_local_part then 'local_part'
        when {{ jaro_winkler(left ~ '.email_local_part', right ~ '.email_local_part') }}
            >= {{ var('identity_email_jaro_winkler') }} then 'jaro_winkler_local_part'
        else 'else'
    end
{%- endmacro %}

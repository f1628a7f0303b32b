{#- Last-name comparison level: exact, swapped with the first name (first and last names
    crossed), Jaro-Winkler bands, else; `null` when a side has no last name. -#}
{% macro compare_last_name(left='l', right='r') -%}
    case
        when {{ left }}.last_name is null or {{ right }}.last_name is null then 'null'
        when {{ left }}.last_name = {{ right }}.last_name then 'exact'
        when {{ left }}.last_name = {{ right }}.first_name
            and {{ left }}.first_name = {{ right }}.last_name then 'swapped'
        when {{ jaro_winkler(left ~ '.last_name', right ~ '.last_name') }}
            >= {{ var('identity_name_jaro_winkler_high') }} then 'jaro_winkler_high'
        when {{ jaro_winkler(left ~ '.last_name', right ~ '.last_name') }}
            >= {{ var('identity_name_jaro_winkler_low') }} then 'jaro_winkler_low'
        else 'else'
    end
{%- endmacro %}

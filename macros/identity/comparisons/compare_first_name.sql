{#- First-name comparison level of a pair of scoring records (table aliases `left`/`right`):
    exact on the nickname-canonical name, Jaro-Winkler bands on the names as written, same
    initial, else; `null` when a side has no first name. -#}
{% macro compare_first_name(left='l', right='r') -%}
    case
        when {{ left }}.first_name is null or {{ right }}.first_name is null then 'null'
        when {{ left }}.first_name_canonical = {{ right }}.first_name_canonical then 'exact'
        when {{ jaro_winkler(left ~ '.first_name', right ~ '.first_name') }}
            >= {{ var('identity_name_jaro_winkler_high') }} then 'jaro_winkler_high'
        when {{ jaro_winkler(left ~ '.first_name', right ~ '.first_name') }}
            >= {{ var('identity_name_jaro_winkler_low') }} then 'jaro_winkler_low'
        when substr({{ left }}.first_name, 1, 1) = substr({{ right }}.first_name, 1, 1)
            then 'initial'
        else 'else'
    end
{%- endmacro %}

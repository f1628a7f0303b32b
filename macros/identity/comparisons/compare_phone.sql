{#- Phone comparison level (E.164 strings): exact, same last 8 digits (prefix or country
    code differs), one edit apart (a typo), else; `null` when a side has none. -#}
{% macro compare_phone(left='l', right='r') -%}
    case
        when {{ left }}.phone is null or {{ right }}.phone is null then 'null'
        when {{ left }}.phone = {{ right }}.phone then 'exact'
        when {{ left }}.phone_last_8_digits = {{ right }}.phone_last_8_digits
            then 'last_8_digits'
        when levenshtein({{ left }}.phone, {{ right }}.phone) <= 1 then 'one_edit'
        else 'else'
    end
{%- endmacro %}

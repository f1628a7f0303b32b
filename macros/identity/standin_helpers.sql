{#- DEV STAND-IN helpers for int_identity__records; dropped on merge. -#}
{% macro standin_name(col) %}nullif(trim(lower(strip_accents(translate({{ col }}, '-''.,', '    ')))), ''){% endmacro %}
{% macro standin_phone(col) -%}
    case
        when translate({{ col }}, ' .-()+', '') like '0033%'
            then '+33' || substr(translate({{ col }}, ' .-()+', ''), 5)
        when translate({{ col }}, ' .-()+', '') like '330%'
            and length(translate({{ col }}, ' .-()+', '')) = 12
            then '+33' || substr(translate({{ col }}, ' .-()+', ''), 4)
        when translate({{ col }}, ' .-()+', '') like '0%'
            then '+33' || substr(translate({{ col }}, ' .-()+', ''), 2)
        when {{ col }} is not null then '+' || translate({{ col }}, ' .-()+', '')
    end
{%- endmacro %}

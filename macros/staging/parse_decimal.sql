{#- Amount exported as text by tills: accepts '12.50' and the French '12,50'; NULL when
    unparseable (the staging model decides whether that is a quarantine reason). -#}
{% macro parse_decimal(column, precision=12, scale=2) -%}
    try_cast(replace({{ clean_text(column) }}, ',', '.') as decimal({{ precision }}, {{ scale }}))
{%- endmacro %}

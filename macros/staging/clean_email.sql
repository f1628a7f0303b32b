{#- Trimmed, lower-cased email, NULL when empty. Provider rules (gmail dots, +tags) are an
    identity-resolution choice, not staging's. -#}
{% macro clean_email(column) -%}
    lower({{ clean_text(column) }})
{%- endmacro %}

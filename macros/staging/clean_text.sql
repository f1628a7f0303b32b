{#- Trimmed text with empty strings as NULL: sources disagree on how they say "no value". -#}
{% macro clean_text(column) -%}
    nullif(trim(cast({{ column }} as {{ dbt.type_string() }})), '')
{%- endmacro %}

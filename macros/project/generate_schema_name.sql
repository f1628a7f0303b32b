{#- Custom schemas are used as named (staging, audit, …) so BI tools and reverse ETL see stable
    schema names; without a custom schema a model lands in the target's schema. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}

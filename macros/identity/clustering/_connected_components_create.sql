{% macro _connected_components_create(relation, sql) -%}
    {{ return(adapter.dispatch('_connected_components_create', 'cdp')(relation, sql)) }}
{%- endmacro %}

{% macro default___connected_components_create(relation, sql) -%}
    {%- do adapter.drop_relation(relation) -%}
    {%- do run_query(get_create_table_as_sql(false, relation, sql)) -%}
{%- endmacro %}

{% macro duckdb___connected_components_create(relation, sql) -%}
    {%- do run_query('create or replace temporary table ' ~ relation ~ ' as ' ~ sql) -%}
{%- endmacro %}

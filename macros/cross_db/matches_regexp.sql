{#- True when `column` contains a match of `pattern` (anchor it with ^…$ for a full match);
    NULL for NULL. The function names differ: `regexp_matches` (DuckDB), `rlike` (Spark). -#}
{% macro matches_regexp(column, pattern) -%}
    {{ return(adapter.dispatch('matches_regexp', 'cdp')(column, pattern)) }}
{%- endmacro %}

{% macro default__matches_regexp(column, pattern) -%}
    {{ spark__matches_regexp(column, pattern) }}
{%- endmacro %}

{% macro spark__matches_regexp(column, pattern) -%}
    ({{ column }} rlike '{{ pattern }}')
{%- endmacro %}

{% macro duckdb__matches_regexp(column, pattern) -%}
    regexp_matches({{ column }}, '{{ pattern }}')
{%- endmacro %}

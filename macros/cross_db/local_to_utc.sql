{#- A naive timestamp read on a local clock (e.g. a store till) as the UTC timestamp it denotes.
    Time-zone conversion has no common syntax, hence the dispatch. -#}
{% macro local_to_utc(column, time_zone) -%}
    {{ return(adapter.dispatch('local_to_utc', 'cdp')(column, time_zone)) }}
{%- endmacro %}

{% macro default__local_to_utc(column, time_zone) -%}
    to_utc_timestamp({{ column }}, '{{ time_zone }}')
{%- endmacro %}

{% macro duckdb__local_to_utc(column, time_zone) -%}
    timezone('UTC', timezone('{{ time_zone }}', {{ column }}))
{%- endmacro %}

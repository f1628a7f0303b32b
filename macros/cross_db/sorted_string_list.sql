{#- Aggregate: the distinct values of a column as one sorted, delimited string, the same on
    every engine. Dispatched: `dbt.listagg` ignores its order on Spark, where sorting the
    collected set is the portable way. -#}
{% macro sorted_string_list(column, delimiter=none) -%}
    {{ return(adapter.dispatch('sorted_string_list', 'cdp')(column, delimiter or ', ')) }}
{%- endmacro %}

{% macro default__sorted_string_list(column, delimiter) -%}
    {{ dbt.listagg(
        'distinct ' ~ column, "'" ~ delimiter ~ "'", 'order by ' ~ column ~ ' asc nulls last'
    ) }}
{%- endmacro %}

{% macro spark__sorted_string_list(column, delimiter) -%}
    concat_ws('{{ delimiter }}', array_sort(collect_set({{ column }})))
{%- endmacro %}

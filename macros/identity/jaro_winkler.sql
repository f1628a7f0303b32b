{#- Jaro-Winkler similarity of two strings, in [0, 1]. Dispatched: DuckDB has
    `jaro_winkler_similarity`; Spark's built-in scores differently (no integer halving of
    transpositions, prefix bonus always added), so Spark gets a pure-SQL version that
    reproduces DuckDB's scores. -#}
{% macro jaro_winkler(left, right) -%}
    {{ return(adapter.dispatch('jaro_winkler', 'cdp')(left, right)) }}
{%- endmacro %}

{% macro duckdb__jaro_winkler(left, right) -%}
    jaro_winkler_similarity({{ left }}, {{ right }})
{%- endmacro %}

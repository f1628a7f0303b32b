{#- Work tables: DuckDB temporary tables (connection-local, never written to the file);
    elsewhere real tables in the model's schema (Spark's temporary views would be recomputed
    from their whole lineage each round). -#}
{% macro _connected_components_relation(name) -%}
    {{ return(adapter.dispatch('_connected_components_relation', 'cdp')(name)) }}
{%- endmacro %}

{% macro default___connected_components_relation(name) -%}
    {{ return(api.Relation.create(
        database=this.database,
        schema=this.schema,
        identifier=this.identifier ~ '__' ~ name,
        type='table',
    )) }}
{%- endmacro %}

{% macro duckdb___connected_components_relation(name) -%}
    {{ return(api.Relation.create(identifier=this.identifier ~ '__' ~ name, type='table')) }}
{%- endmacro %}

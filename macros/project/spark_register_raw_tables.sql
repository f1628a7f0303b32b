{#- Spark only (`dbt run-operation` on the spark target, see `cdp spark-load`): every source
    table becomes a Parquet table over <raw_dir>/<schema>/<table>, in the schema the source
    names, so the staging models read it unchanged. -#}
{% macro spark_register_raw_tables(raw_dir) %}
    {%- if target.type != 'spark' -%}
        {{ exceptions.raise_compiler_error('spark_register_raw_tables runs on Spark only') }}
    {%- endif -%}
    {%- for source in graph.sources.values() | sort(attribute='unique_id') %}
        {%- do run_query('create schema if not exists ' ~ source.schema) -%}
        {%- do run_query('drop table if exists ' ~ source.schema ~ '.' ~ source.identifier) -%}
        {%- do run_query(
            'create table ' ~ source.schema ~ '.' ~ source.identifier ~ ' using parquet location '
            ~ "'" ~ raw_dir ~ '/' ~ source.schema ~ '/' ~ source.identifier ~ "'"
        ) -%}
        {{ log('registered ' ~ source.schema ~ '.' ~ source.identifier, info=true) }}
    {%- endfor %}
{% endmacro %}

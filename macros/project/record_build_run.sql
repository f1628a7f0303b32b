{#- The on-run-end hook (dbt_project.yml): one row per dbt invocation that runs nodes, in
    audit.dbt_build_runs, so the database itself says whether its last build succeeded and how
    much raw data that build saw, whichever checkout or command (`cdp build`, `dbt build`)
    built it. dbt runs on-run-end hooks after failed nodes too. `cdp summary` and
    `cdp evaluate` read it (cdp/build_state.py). -#}
{% macro record_build_run(results) %}
    {%- if execute and flags.WHICH in ['build', 'run', 'seed', 'snapshot', 'test'] -%}
        {%- set counts = {'error': 0, 'fail': 0, 'warn': 0, 'skipped': 0} -%}
        {%- set failed_nodes = [] -%}
        {%- for result in results -%}
            {%- set status = result.status | string | lower -%}
            {%- if status in counts -%}
                {%- do counts.update({status: counts[status] + 1}) -%}
            {%- endif -%}
            {%- if status in ['error', 'fail'] -%}
                {%- do failed_nodes.append(result.node.name) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set raw_tables = [] -%}
        {%- for source in graph.sources.values() | sort(attribute='unique_id') -%}
            {%- set relation = adapter.get_relation(
                database=source.database, schema=source.schema, identifier=source.identifier
            ) -%}
            {%- if relation is not none -%}
                {%- do raw_tables.append(
                    'select count(*) as raw_rows, cast(max('
                    ~ (source.loaded_at_field or 'cast(null as ' ~ dbt.type_timestamp() ~ ')')
                    ~ ') as ' ~ dbt.type_timestamp() ~ ') as raw_loaded_at from ' ~ relation
                ) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- do raw_tables.append(
            'select 0 as raw_rows, cast(null as ' ~ dbt.type_timestamp() ~ ') as raw_loaded_at'
        ) -%}
        {%- set schema = generate_schema_name('audit', none) -%}
        {%- do run_query('create schema if not exists ' ~ schema) -%}
        {%- do run_query(
            'create table if not exists ' ~ schema ~ '.dbt_build_runs ('
            ~ 'invocation_id ' ~ dbt.type_string()
            ~ ', command ' ~ dbt.type_string()
            ~ ', started_at ' ~ dbt.type_timestamp()
            ~ ', finished_at ' ~ dbt.type_timestamp()
            ~ ', error_count ' ~ dbt.type_int()
            ~ ', failure_count ' ~ dbt.type_int()
            ~ ', warning_count ' ~ dbt.type_int()
            ~ ', skipped_count ' ~ dbt.type_int()
            ~ ', node_count ' ~ dbt.type_int()
            ~ ', is_success ' ~ dbt.type_boolean()
            ~ ', failed_nodes ' ~ dbt.type_string()
            ~ ', raw_rows ' ~ dbt.type_bigint()
            ~ ', raw_loaded_at ' ~ dbt.type_timestamp()
            ~ ') ' ~ new_table_options()
        ) -%}
        {%- set insert_run -%}
        insert into {{ schema }}.dbt_build_runs
        select
            '{{ invocation_id }}' as invocation_id,
            '{{ flags.WHICH }}' as command,
            cast('{{ run_started_at.replace(tzinfo=none).isoformat(" ") }}'
                as {{ dbt.type_timestamp() }}) as started_at,
            cast({{ dbt.current_timestamp() }} as {{ dbt.type_timestamp() }}) as finished_at,
            {{ counts['error'] }} as error_count,
            {{ counts['fail'] }} as failure_count,
            {{ counts['warn'] }} as warning_count,
            {{ counts['skipped'] }} as skipped_count,
            {{ results | length }} as node_count,
            {{ 'true' if counts['error'] + counts['fail'] == 0 else 'false' }} as is_success,
            '{{ failed_nodes[:10] | join(", ") }}' as failed_nodes,
            sum(raw_rows) as raw_rows,
            max(raw_loaded_at) as raw_loaded_at
        from (
            {{ raw_tables | join('\n            union all\n            ') }}
        ) as raw_tables
        {%- endset -%}
        {%- do run_query(insert_run) -%}
        {#- The hook's statements run in one transaction that dbt leaves open. -#}
        {%- do adapter.commit() -%}
    {%- endif -%}
{% endmacro %}

{#- `create table` needs a file format on Spark (else a Hive table); DuckDB takes none. -#}
{% macro new_table_options() -%}
    {{ return(adapter.dispatch('new_table_options', 'cdp')()) }}
{%- endmacro %}

{% macro default__new_table_options() -%}
{%- endmacro %}

{% macro spark__new_table_options() -%}
    using parquet
{%- endmacro %}

{#- Bring your own records: a `select` of the canonical columns from the relation named by
    var `identity_input_relation` ('schema.table' or 'database.schema.table'). Missing
    canonical columns become NULL (comparisons on them are skipped); `source_record_id` is
    required; a column that is not canonical fails compilation with its name, rather than
    being silently ignored. Without `source_name` every record gets source 'input'. -#}
{% macro identity_input_records(relation_name) -%}
    {%- set parts = relation_name.split('.') -%}
    {%- if parts | length == 2 -%}
        {%- set database, schema, identifier = target.database, parts[0], parts[1] -%}
    {%- elif parts | length == 3 -%}
        {%- set database, schema, identifier = parts[0], parts[1], parts[2] -%}
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "identity_input_relation must be 'schema.table' or 'database.schema.table', got '"
            ~ relation_name ~ "'"
        ) }}
    {%- endif -%}
    {%- set canonical = identity_canonical_columns() -%}
    {%- set present = [] -%}
    {%- if execute -%}
        {%- set relation = adapter.get_relation(
            database=database, schema=schema, identifier=identifier
        ) -%}
        {%- if relation is none -%}
            {{ exceptions.raise_compiler_error(
                "identity_input_relation: relation '" ~ relation_name ~ "' does not exist"
            ) }}
        {%- endif -%}
        {%- set known = canonical | map('first') | list -%}
        {%- for column in adapter.get_columns_in_relation(relation) -%}
            {%- set name = column.name | lower -%}
            {%- if name not in known -%}
                {{ exceptions.raise_compiler_error(
                    "identity_input_relation " ~ relation_name ~ ": unknown column '"
                    ~ column.name ~ "'; expected some of: " ~ known | join(', ')
                ) }}
            {%- endif -%}
            {%- do present.append(name) -%}
        {%- endfor -%}
        {%- if 'source_record_id' not in present -%}
            {{ exceptions.raise_compiler_error(
                "identity_input_relation " ~ relation_name
                ~ ": missing required column 'source_record_id'"
            ) }}
        {%- endif -%}
    {%- else -%}
        {%- set relation = relation_name -%}
    {%- endif %}
    select
        {%- for name, data_type in canonical %}
        {%- if name in present %}
        cast({{ name }} as {{ data_type }}) as {{ name }}
        {%- elif name == 'source_name' %}
        cast('input' as {{ data_type }}) as source_name
        {%- else %}
        cast(null as {{ data_type }}) as {{ name }}
        {%- endif %}
        {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ relation }}
    where source_record_id is not null
{%- endmacro %}

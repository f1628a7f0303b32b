{#- The select list of a public mart: every column of the model's contract (its YAML
    `columns`, in order), cast to the `data_type` declared there, so the types are written
    once. `expressions` gives the SQL of a column not read under its own name. -#}
{% macro contract_columns(expressions={}) -%}
    {%- for column in model.columns.values() %}
        {%- set data_type = dbt.type_string() if column.data_type == 'string' else column.data_type %}
        cast({{ expressions.get(column.name, column.name) }} as {{ data_type }}) as {{ column.name }}
        {{- ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

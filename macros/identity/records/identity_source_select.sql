{#- One source's records as the canonical columns: `columns` maps a canonical column to the
    source expression; canonical columns not mapped are typed NULLs, so every branch of the
    union has the same columns in the same order. Rows without a record id are left out. -#}
{% macro identity_source_select(source_name, relation, columns) -%}
    {%- set canonical = identity_canonical_columns() -%}
    {%- for name in columns if name not in canonical | map('first') | list -%}
        {{ exceptions.raise_compiler_error(
            "identity_source_select: '" ~ name ~ "' is not a canonical identity column"
        ) }}
    {%- endfor %}
    select
        {%- for name, data_type in canonical %}
        {%- if name == 'source_name' %}
        cast('{{ source_name }}' as {{ data_type }}) as source_name
        {%- elif name in columns %}
        cast({{ columns[name] }} as {{ data_type }}) as {{ name }}
        {%- else %}
        cast(null as {{ data_type }}) as {{ name }}
        {%- endif %}
        {%- if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ relation }}
    where {{ columns['source_record_id'] }} is not null
{%- endmacro %}

{#- The columns every base model carries about the raw row itself, after its own columns:
    `source_record_key` (the source's key as text; a composite key's cleaned parts joined by
    '-'), the Airbyte raw id and extraction time, and whether Airbyte changed a key column
    (`has_airbyte_error_on_key`, read by `row_invalid_reason`). -#}
{% macro airbyte_record_columns(source_key) -%}
    {%- set key_columns = [source_key] if source_key is string else source_key -%}
    {%- set key_parts = [] -%}
    {%- for column in key_columns -%}
        {%- do key_parts.append(clean_text(column)) -%}
        {%- if not loop.last %}{% do key_parts.append("'-'") %}{% endif -%}
    {%- endfor -%}
    {%- if key_columns | length == 1 -%}
        cast({{ key_columns[0] }} as {{ dbt.type_string() }}) as source_record_key,
    {%- else -%}
        {{ dbt.concat(key_parts) }} as source_record_key,
    {%- endif %}
        cast(_airbyte_raw_id as {{ dbt.type_string() }}) as _airbyte_raw_id,
        cast(_airbyte_extracted_at as timestamp) as _airbyte_extracted_at,
        (
    {%- for column in key_columns %}
            {{ 'or ' if not loop.first }}{{ airbyte_meta_has_change_on(column) }}
    {%- endfor %}
        ) as has_airbyte_error_on_key
{%- endmacro %}

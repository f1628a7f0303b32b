{#- True when Airbyte recorded a change (NULLED, TRUNCATED) on `field_name` in the row's
    `_airbyte_meta` JSON. JSON functions differ by engine, hence the dispatch. -#}
{% macro airbyte_meta_has_change_on(field_name, meta_column='_airbyte_meta') -%}
    {{ return(adapter.dispatch('airbyte_meta_has_change_on', 'cdp')(field_name, meta_column)) }}
{%- endmacro %}

{% macro default__airbyte_meta_has_change_on(field_name, meta_column) -%}
    coalesce(array_contains(
        from_json(
            cast({{ meta_column }} as {{ dbt.type_string() }}),
            'struct<changes: array<struct<field: string, change: string, reason: string>>>'
        ).changes.field,
        '{{ field_name }}'
    ), false)
{%- endmacro %}

{% macro duckdb__airbyte_meta_has_change_on(field_name, meta_column) -%}
    coalesce(list_contains(
        json_extract_string({{ meta_column }}, '$.changes[*].field'), '{{ field_name }}'
    ), false)
{%- endmacro %}

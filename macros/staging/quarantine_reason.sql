{#- Why a raw row is set aside, NULL for the one row per key that staging keeps.
    A row's own `invalid_reason` comes first; the valid rows of a key are then ranked by
    cursor, extraction time and raw id (a deterministic tie-break): the first is kept, older
    cursors are 'superseded_version', the same version extracted again is 'duplicate_row'.
    Partitioning by `invalid_reason` too keeps invalid rows out of the valid rows' ranking. -#}
{% macro quarantine_reason(primary_key, cursor=none, invalid_reason='invalid_reason') -%}
    {%- set key_columns = [primary_key] if primary_key is string else primary_key -%}
    {%- set partition_by = (key_columns + [invalid_reason]) | join(', ') -%}
    {%- set order_by = [] -%}
    {%- if cursor is not none %}{% do order_by.append(cursor ~ ' desc nulls last') %}{% endif -%}
    {%- do order_by.append('_airbyte_extracted_at desc nulls last') -%}
    {%- do order_by.append('_airbyte_raw_id desc nulls last') -%}
    case
        when {{ invalid_reason }} is not null then {{ invalid_reason }}
        when row_number() over (
            partition by {{ partition_by }} order by {{ order_by | join(', ') }}
        ) = 1 then null
        {%- if cursor is not none %}
        when {{ cursor }} < max({{ cursor }}) over (partition by {{ partition_by }})
            then 'superseded_version'
        {%- endif %}
        else 'duplicate_row'
    end
{%- endmacro %}

{#- For rows that passed validation: NULL for the row staging keeps (latest cursor, then latest
    extraction, then raw id as a deterministic tie-break), otherwise why it is set aside:
    'duplicate_row' (same version extracted again) or 'superseded_version' (older cursor). -#}
{% macro version_quarantine_reason(primary_key, cursor=none) -%}
    {%- set partition_by = primary_key if primary_key is string else primary_key | join(', ') -%}
    {%- set order_by = [] -%}
    {%- if cursor is not none %}{% do order_by.append(cursor ~ ' desc nulls last') %}{% endif -%}
    {%- do order_by.append('_airbyte_extracted_at desc nulls last') -%}
    {%- do order_by.append('_airbyte_raw_id desc nulls last') -%}
    case
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

{#- Why a raw row cannot be staged whatever its other versions say, NULL when it can: the
    checks in this order, the first that holds giving the reason. Airbyte's own bookkeeping is
    missing ('missing_airbyte_raw_id', 'missing_airbyte_extracted_at': the row has no lineage,
    or no extraction time to rank versions and check dates by); Airbyte changed a key column
    ('airbyte_error_on_primary_key'); a key column is missing ('missing_primary_key'); the
    version cursor is missing ('missing_cursor'); the cursor or one of the row's own
    timestamps is impossible ('impossible_date'); then the model's own checks, as
    [condition, reason] pairs. Needs `has_airbyte_error_on_key` (airbyte_record_columns). -#}
{% macro row_invalid_reason(primary_key, cursor=none, timestamps=[], checks=[]) -%}
    {%- set key_columns = [primary_key] if primary_key is string else primary_key -%}
    {%- set dated_columns = ([cursor] if cursor is not none else []) + timestamps -%}
    case
        when _airbyte_raw_id is null then 'missing_airbyte_raw_id'
        when _airbyte_extracted_at is null then 'missing_airbyte_extracted_at'
        when has_airbyte_error_on_key then 'airbyte_error_on_primary_key'
        when
            {%- for column in key_columns %} {{ 'or ' if not loop.first }}{{ column }} is null
            {%- endfor %} then 'missing_primary_key'
        {%- if cursor is not none %}
        when {{ cursor }} is null then 'missing_cursor'
        {%- endif %}
        {%- for column in dated_columns %}
        when {{ is_impossible_timestamp(column) }} then 'impossible_date'
        {%- endfor %}
        {%- for condition, reason in checks %}
        when {{ condition }} then '{{ reason }}'
        {%- endfor %}
    end
{%- endmacro %}

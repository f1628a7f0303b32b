{#- A base model's last step, as the select statement of its CTE: every row of `relation`
    (which ends with `airbyte_record_columns`) with its own `invalid_reason`
    (row_invalid_reason) and its `quarantine_reason` (quarantine_reason: NULL for the latest
    valid version of each key, the one row staging keeps). -#}
{% macro rows_with_quarantine_reason(
    relation, primary_key, cursor=none, timestamps=[], checks=[]
) -%}
    select
        *,
        {{ quarantine_reason(primary_key, cursor=cursor) }} as quarantine_reason
    from (
        select
            *,
            {{ row_invalid_reason(primary_key, cursor, timestamps, checks) }} as invalid_reason
        from {{ relation }}
    ) as validated
{%- endmacro %}

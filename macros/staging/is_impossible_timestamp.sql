{#- A row's own timestamp cannot be missing, before the business existed, or later than the
    sync that extracted it (allowing for clock skew between the source and Airbyte). -#}
{% macro is_impossible_timestamp(column, extracted_at='_airbyte_extracted_at') -%}
    (
        {{ column }} is null
        or {{ column }} < cast('{{ var("earliest_valid_date") }}' as timestamp)
        or {{ column }} > {{ dbt.dateadd('hour', var('max_clock_skew_hours'), extracted_at) }}
    )
{%- endmacro %}

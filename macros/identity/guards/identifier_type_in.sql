{#- True for the rows whose `column` is one of `identifier_types` (a list, or the keys of a
    dict such as identity_type_limits returns); false for every row when there are none. -#}
{% macro identifier_type_in(column, identifier_types) -%}
    {%- if identifier_types | length > 0 -%}
        {{ column }} in (
            {%- for identifier_type in identifier_types %}
            '{{ identifier_type }}'{{ ',' if not loop.last }}
            {%- endfor %}
        )
    {%- else -%}
        1 = 0
    {%- endif -%}
{%- endmacro %}

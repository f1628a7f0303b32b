{#- {identifier_type: limit} for the identifier types whose limits (identity_identifier_limits)
    set `limit_key`, e.g. `max_first_name_conflicts`: the types a guard applies to. -#}
{% macro identity_type_limits(limit_key) -%}
    {%- set type_limits = {} -%}
    {%- for identifier_type, limits in identity_identifier_limits().items() -%}
        {%- if limits.get(limit_key) is not none -%}
            {%- do type_limits.update({identifier_type: limits[limit_key]}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(type_limits) }}
{%- endmacro %}

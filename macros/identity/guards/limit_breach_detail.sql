{#- The text a guard adds to an identifier value's exclusion detail: '; <label> > <limit>'
    when `count_column` is over its type's limit (`type_limits`, as identity_type_limits
    returns), '' when not or when no type has the limit. Reads column `identifier_type`. -#}
{% macro limit_breach_detail(count_column, type_limits, label) -%}
    {%- if type_limits -%}
        case
            {%- for identifier_type, limit in type_limits.items() %}
            when
                identifier_type = '{{ identifier_type }}'
                and {{ count_column }} > {{ limit }}
                then '; {{ label }} > {{ limit }}'
            {%- endfor %}
            else ''
        end
    {%- else -%}
        ''
    {%- endif -%}
{%- endmacro %}

{#- The level expression of comparison `comparison` (a name from `identity_comparisons()`)
    for the pair of scoring records aliased `left` and `right`: a CASE over the conditions of
    `comparison_level_conditions`, `else` for every other pair. -#}
{% macro comparison_level(comparison, left='l', right='r') -%}
    case
        {%- for level, condition in comparison_level_conditions(comparison, left, right) %}
        when {{ condition }} then '{{ level }}'
        {%- endfor %}
        else 'else'
    end
{%- endmacro %}

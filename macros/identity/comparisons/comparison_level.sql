{#- The level expression of comparison `comparison` (a name from `identity_comparisons()`)
    for the pair of scoring records aliased `left` and `right`. -#}
{% macro comparison_level(comparison, left='l', right='r') -%}
    {%- set compare = context.get('compare_' ~ comparison) -%}
    {%- if compare is none -%}
        {{ exceptions.raise_compiler_error('No comparison macro compare_' ~ comparison) }}
    {%- endif -%}
    {{ compare(left, right) }}
{%- endmacro %}

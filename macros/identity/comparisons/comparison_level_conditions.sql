{#- The levels of comparison `comparison` as (level, SQL condition) for the scoring records
    aliased `left` and `right`, in the order a CASE tries them, `null` first, from macro
    `compare_<comparison>`; `else` (every other pair) is not listed. Fails compilation unless
    they are the levels of the comparison in `identity_comparisons()`. -#}
{% macro comparison_level_conditions(comparison, left='l', right='r') -%}
    {%- set compare = context.get('compare_' ~ comparison) -%}
    {%- if compare is none -%}
        {{ exceptions.raise_compiler_error('No comparison macro compare_' ~ comparison) }}
    {%- endif -%}
    {%- set conditions = compare(left, right) -%}
    {%- set defined = identity_comparisons() | selectattr('name', 'equalto', comparison)
        | list -%}
    {%- set given = conditions | map('first') | list -%}
    {%- if not defined or defined[0].levels[-1] != 'else'
        or given != ['null'] + defined[0].levels[:-1] -%}
        {{ exceptions.raise_compiler_error('compare_' ~ comparison ~ ' gives the levels '
            ~ given ~ ' then else; identity_comparisons() has '
            ~ (defined[0].levels if defined else 'no such comparison')
            ~ ' (null is implicit there; else comes last in both)') }}
    {%- endif -%}
    {{ return(conditions) }}
{%- endmacro %}

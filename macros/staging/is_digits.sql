{#- True when the text is one or more digits 0-9 and nothing else (no sign, space, decimal point
    or exponent); false for NULL. Stricter than `try_cast(... as bigint)`, which accepts '1e3'
    and '1_000' on DuckDB but not on Spark, so the answer is the same on every engine. -#}
{% macro is_digits(column) -%}
    coalesce({{ column }} <> '' and translate({{ column }}, '0123456789', '') = '', false)
{%- endmacro %}

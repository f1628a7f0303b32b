{#- dbt-utils-compatible generic test: fails on every row where `expression` is not true. -#}
{% test expression_is_true(model, expression, column_name=none, where=none) %}
    {%- set tested = column_name ~ ' ' ~ expression if column_name is not none else expression -%}
    select *
    from {{ model }}
    where not ({{ tested }})
{% endtest %}

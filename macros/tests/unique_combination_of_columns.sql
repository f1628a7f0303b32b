{#- dbt-utils-compatible generic test: fails on every combination of the columns found on more
    than one row (a primary key of several columns). dbt-utils cannot be installed offline. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}
    {%- set columns = combination_of_columns | join(', ') %}
    select {{ columns }}, count(*) as row_count
    from {{ model }}
    group by {{ columns }}
    having count(*) > 1
{% endtest %}

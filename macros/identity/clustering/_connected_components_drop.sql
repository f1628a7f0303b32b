{% macro _connected_components_drop(relation) -%}
    {%- do run_query('drop table if exists ' ~ relation) -%}
{%- endmacro %}

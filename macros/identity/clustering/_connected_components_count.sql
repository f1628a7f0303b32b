{% macro _connected_components_count(relation, where) -%}
    {{ return(run_query('select count(*) from ' ~ relation ~ ' ' ~ where).columns[0].values()[0]) }}
{%- endmacro %}

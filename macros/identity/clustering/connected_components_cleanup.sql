{#- The post-hook dropping the labels table `connected_components` left for the model. -#}
{% macro connected_components_cleanup(work_name='cc') -%}
    drop table if exists {{ _connected_components_relation(work_name) }}
{%- endmacro %}

{#- Counts one query round; past the limit, cleans up and fails the model. -#}
{% macro _connected_components_step(state, limit, work_name, maps) -%}
    {%- set state.iterations = state.iterations + 1 -%}
    {%- if state.iterations > limit -%}
        {%- do _connected_components_fail(work_name, limit, maps, state) -%}
    {%- endif -%}
{%- endmacro %}

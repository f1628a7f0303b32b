{% macro _connected_components_fail(work_name, limit, maps, state) -%}
    {%- for relation in maps + [state.edges, state.parents] -%}
        {%- if relation is not none -%}
            {%- do _connected_components_drop(relation) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- do exceptions.raise_compiler_error(
        'connected_components (' ~ this.identifier ~ ', ' ~ work_name ~ ') did not converge in '
        ~ limit ~ ' query rounds: raise the var identity_max_iterations (e.g. --vars '
        ~ '"{identity_max_iterations: ' ~ (limit * 2) ~ '}") or look for a runaway cluster.'
    ) -%}
{%- endmacro %}

{#- The weight of a comparison level once levels are ordered, so EM cannot learn that an exact
    match is worth less than a fuzzy one: a level never weighs more than a more similar level
    of the same comparison (the running minimum down `level_order`), except `side_levels`
    (`swapped`, `transposed`: other kinds of agreement, not degrees of it), which only never
    weigh more than the first level; then never more than `max_weight_column` (NULL: no cap).
    An expression over a relation with one row per level and these columns; works on DuckDB
    and Spark (window functions only). -#}
{% macro ordered_level_weight(weight_column, max_weight_column, is_side_level_column,
    partition_by, level_order_column='level_order') -%}
    least(
        case
            when {{ is_side_level_column }} then least(
                {{ weight_column }},
                first_value({{ weight_column }}) over (
                    partition by {{ partition_by }}
                    order by {{ level_order_column }} asc nulls last
                    rows between unbounded preceding and current row
                )
            )
            else min(case when not {{ is_side_level_column }} then {{ weight_column }} end) over (
                partition by {{ partition_by }}
                order by {{ level_order_column }} asc nulls last
                rows between unbounded preceding and current row
            )
        end,
        coalesce({{ max_weight_column }}, {{ weight_column }})
    )
{%- endmacro %}

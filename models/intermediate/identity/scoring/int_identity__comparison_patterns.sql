-- Jinja loops generate this SQL and the linter cannot indent it: layout.indent is off here.
-- noqa: disable=LT02
-- Candidate pairs counted per blocking rule and comparison pattern (one level per comparison):
-- what expectation-maximisation trains on, a few thousand rows however many pairs there are.
-- A pair counts in every rule whose blocks hold it (each rule's population is all the pairs
-- of its blocks), and pairs sharing an identifier are counted apart.
{%- set level_columns = [] %}
{%- for comparison in identity_comparisons() %}
    {%- do level_columns.append('level_' ~ comparison.name) %}
{%- endfor %}
{%- set rules = identity_blocking_rules() %}

with

vectors as (
    select * from {{ ref('int_identity__comparison_vectors') }}
),

{%- for rule in rules %}

patterns_{{ rule.name }} as (
    select
        {{ rule.order }} as rule_order,
        '{{ rule.name }}' as blocking_rule,
        vectors.shares_identifier,
        vectors.rule_order = {{ rule.order }} as is_first_rule,
        {%- for column in level_columns %}
        vectors.{{ column }},
        {%- endfor %}
        count(*) as pair_count
    from vectors
    where vectors.is_in_block_{{ rule.name }}
    group by
        vectors.shares_identifier,
        vectors.rule_order = {{ rule.order }},
        {%- for column in level_columns %}
        vectors.{{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
),
{%- endfor %}

unioned as (
    {%- for rule in rules %}
    select * from patterns_{{ rule.name }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

final as (
    select
        {{ generate_surrogate_key(
            ['blocking_rule', 'shares_identifier', 'is_first_rule'] + level_columns
        ) }}
            as pattern_key,
        *
    from unioned
)

select * from final

-- Jinja loops generate this SQL and the linter cannot indent it: layout.indent is off here.
-- noqa: disable=LT02
-- u probabilities from random pairs: for each comparison, every pair among a seeded hash
-- sample of the records that have a value to compare, and the share of those pairs at each
-- level. Random pairs are almost all non-matches, so this is the chance agreement baseline the
-- term-frequency adjustment is measured against.
{%- set comparisons = identity_comparisons() %}
{%- set sample_size = var('identity_u_sample_records', 1500) %}
{%- set seed = var('identity_u_sample_seed', 42) %}

with

records as (
    select * from {{ ref('int_identity__scoring_records') }}
),

{%- for comparison in comparisons %}

ranked_{{ comparison.name }} as (
    select
        *,
        row_number() over (
            order by
                {{ dbt.hash(dbt.concat(['record_key', "'|" ~ seed ~ "'"])) }} asc nulls last,
                record_key asc nulls last
        ) as sample_rank
    from records
    where {{ comparison.present }}
),

sample_{{ comparison.name }} as (
    select * from ranked_{{ comparison.name }}
    where sample_rank <= {{ sample_size }}
),

levels_{{ comparison.name }} as (
    select
        '{{ comparison.name }}' as comparison,
        {{ comparison_level(comparison.name, 'l', 'r') }} as comparison_level
    from sample_{{ comparison.name }} as l
    inner join sample_{{ comparison.name }} as r
        on l.sample_rank < r.sample_rank
),
{%- endfor %}

all_levels as (
    {%- for comparison in comparisons %}
    select * from levels_{{ comparison.name }}
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

counted as (
    select
        comparison,
        comparison_level,
        count(*) as random_pairs
    from all_levels
    group by comparison, comparison_level
),

final as (
    select
        {{ dbt.concat(['comparison', "':'", 'comparison_level']) }} as parameter_key,
        comparison,
        comparison_level,
        random_pairs,
        cast(random_pairs as double)
        / sum(random_pairs) over (partition by comparison) as u_random
    from counted
)

select * from final

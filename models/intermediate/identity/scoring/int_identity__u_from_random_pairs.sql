-- Jinja loops generate this SQL and the linter cannot indent it: layout.indent is off here.
-- noqa: disable=LT02
-- u probabilities from random pairs: for each comparison, every pair among a seeded hash
-- sample of the records that have a value to compare, and the share of those pairs at each
-- level. Random pairs are almost all non-matches, so this is the chance agreement baseline the
-- term-frequency adjustment is measured against. Every level gets a row: the counts are
-- smoothed towards the documented `u_prior` of identity_comparisons() with
-- `identity_u_prior_pairs` pseudo pairs, so a small input (two records: one random pair, which
-- may well be a match) does not make agreement look like chance, nor a level unseen among the
-- random pairs impossible.
{%- set comparisons = identity_comparisons() %}
{%- set sample_size = var('identity_u_sample_records') %}
{%- set seed = var('identity_u_sample_seed') %}
{%- set prior_pairs = var('identity_u_prior_pairs') %}

with

records as (
    select * from {{ ref('int_identity__records_for_scoring') }}
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

priors as (
    {%- for comparison in comparisons %}
    {%- set comparison_loop = loop %}
    {%- for level in comparison.levels %}
    select
        '{{ comparison.name }}' as comparison,
        '{{ level }}' as comparison_level,
        cast({{ comparison.u_prior[loop.index0] }} as double) as u_prior
    {{ 'union all' if not (loop.last and comparison_loop.last) }}
    {%- endfor %}
    {%- endfor %}
),

smoothed as (
    select
        priors.comparison,
        priors.comparison_level,
        coalesce(counted.random_pairs, 0) as random_pairs,
        priors.u_prior,
        sum(coalesce(counted.random_pairs, 0)) over (partition by priors.comparison)
            as comparison_random_pairs
    from priors
    left join counted
        on priors.comparison = counted.comparison
        and priors.comparison_level = counted.comparison_level
),

final as (
    select
        {{ dbt.concat(['comparison', "':'", 'comparison_level']) }} as parameter_key,
        comparison,
        comparison_level,
        random_pairs,
        u_prior,
        (random_pairs + {{ prior_pairs }} * u_prior)
        / (comparison_random_pairs + {{ prior_pairs }}) as u_random
    from smoothed
)

select * from final

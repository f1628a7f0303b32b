-- Jinja loops generate this SQL and the linter cannot indent it: layout.indent is off here.
-- noqa: disable=LT02
-- Every candidate pair that deterministic stitching does not link already (no shared usable
-- identifier), scored: per comparison its level and weight in bits (log2 m/u, plus the
-- term-frequency adjustment log2(u_random / tf) on agreeing values that have one; 0 when a
-- side has no value), the prior of the pair's blocking rule (the first that found it), the
-- total match weight and the match probability 1 / (1 + 2^-weight).
{%- set comparisons = identity_comparisons() %}

with

vectors as (
    select * from {{ ref('int_identity__comparison_vectors') }}
    where not shares_identifier
),

parameters as (
    select * from {{ ref('int_identity__match_parameters') }}
),

rule_priors as (
    select
        rule_order,
        match_weight as match_weight_prior,
        parameters_version
    from parameters
    where comparison = 'prior'
),

weighted as (
    select
        vectors.pair_key,
        vectors.record_key_l,
        vectors.record_key_r,
        vectors.blocking_rule,
        rule_priors.match_weight_prior as prior_weight,
        {%- for comparison in comparisons %}
        vectors.level_{{ comparison.name }},
        case
            when vectors.level_{{ comparison.name }} = 'null' then 0.0
            else coalesce(parameter_{{ comparison.name }}.match_weight, 0.0)
            {%- if comparison.tf %}
                + case
                    when parameter_{{ comparison.name }}.tf_term_type is not null
                        and vectors.tf_{{ comparison.name }} > 0
                        and parameter_{{ comparison.name }}.u_random > 0
                        then ln(
                            parameter_{{ comparison.name }}.u_random
                            / vectors.tf_{{ comparison.name }}
                        ) / ln(2.0)
                    else 0.0
                end
            {%- endif %}
        end as weight_{{ comparison.name }},
        {%- endfor %}
        rule_priors.parameters_version
    from vectors
    inner join rule_priors
        on vectors.rule_order = rule_priors.rule_order
    {%- for comparison in comparisons %}
    left join parameters as parameter_{{ comparison.name }}
        on vectors.rule_order = parameter_{{ comparison.name }}.rule_order
        and parameter_{{ comparison.name }}.comparison = '{{ comparison.name }}'
        and vectors.level_{{ comparison.name }}
        = parameter_{{ comparison.name }}.comparison_level
    {%- endfor %}
),

totalled as (
    select
        *,
        prior_weight
        {%- for comparison in comparisons %}
        + weight_{{ comparison.name }}
        {%- endfor %} as match_weight
    from weighted
),

final as (
    select
        pair_key,
        record_key_l,
        record_key_r,
        match_weight,
        {{ match_probability('match_weight') }} as match_probability,
        blocking_rule,
        prior_weight,
        {%- for comparison in comparisons %}
        level_{{ comparison.name }},
        weight_{{ comparison.name }},
        {%- endfor %}
        parameters_version
    from totalled
)

select * from final

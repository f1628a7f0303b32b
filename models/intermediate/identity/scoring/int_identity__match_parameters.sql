-- depends_on: {{ ref('int_identity__comparison_patterns') }}
-- Jinja loops generate this SQL and the linter cannot indent it: layout.indent is off here.
-- noqa: disable=LT02
-- The reviewable Fellegi-Sunter parameters, learnt by expectation-maximisation (macro
-- estimate_match_parameters) in two stages. Training, on every pair of every rule's blocks
-- (where matches are common): m, shared by the rules but learnt within the rule for the
-- comparisons its keys condition on. Scoring, on the pairs each rule found first that share no
-- identifier (the pairs actually scored): the rule's prior and u, m fixed. One row per blocking
-- rule, comparison and level, with both stages' values, u from random pairs (the term-frequency
-- baseline) and the weight log2(m/u); one prior row per rule. parameters_version hashes the
-- values, so a change is visible.
{%- set comparisons = identity_comparisons() %}
{%- set rules = identity_blocking_rules() %}
{%- set patterns = load_relation(ref('int_identity__comparison_patterns')) if execute else none %}
{%- set u_random_relation = (
    load_relation(ref('int_identity__u_from_random_pairs')) if execute else none
) %}
{%- if patterns is not none %}
    {%- set estimate = estimate_match_parameters(patterns, u_random_relation) %}
{%- else %}
    {#- Compile-only runs (docs, lint) before the patterns exist: the starting values. #}
    {%- set estimate = {'m': {}, 'u': {}, 'm_rule': {}, 'prior': {}, 'iterations': 0,
        'max_change': none, 'pairs': {}, 'rule_pairs': {}, 'training_pairs': {},
        'training_rule_pairs': {}} %}
    {%- for comparison in comparisons %}
        {%- set levels = {} %}
        {%- for level in comparison.levels %}
            {%- do levels.update({level: comparison.m_start[loop.index0]}) %}
        {%- endfor %}
        {%- do estimate.m.update({comparison.name: levels}) %}
    {%- endfor %}
    {%- for rule in rules %}
        {%- set rule_u = {} %}
        {%- for comparison in comparisons %}
            {%- set levels = {} %}
            {%- for level in comparison.levels %}
                {%- do levels.update({level: 0.01}) %}
            {%- endfor %}
            {%- do rule_u.update({comparison.name: levels}) %}
        {%- endfor %}
        {%- do estimate.u.update({rule.order: rule_u}) %}
        {%- do estimate.m_rule.update({rule.order: estimate.m}) %}
        {%- do estimate.prior.update({rule.order: 0.3}) %}
    {%- endfor %}
    {%- do estimate.update({'training_u': estimate.u, 'training_prior': estimate.prior,
        'training_m': estimate.m, 'training_m_rule': estimate.m_rule}) %}
{%- endif %}
{%- set version_parts = [] %}
{%- for rule in rules %}
    {%- do version_parts.append(rule.name ~ '=' ~ '%.12g' | format(estimate.prior[rule.order])) %}
    {%- for comparison in comparisons %}
        {%- set m_levels = estimate.m_rule[rule.order][comparison.name]
            if comparison.name in rule.conditions else estimate.m[comparison.name] %}
        {%- for level in comparison.levels %}
            {%- do version_parts.append(rule.name ~ ':' ~ comparison.name ~ ':' ~ level ~ '='
                ~ '%.12g' | format(m_levels[level]) ~ '/'
                ~ '%.12g' | format(estimate.u[rule.order][comparison.name][level])) %}
        {%- endfor %}
    {%- endfor %}
{%- endfor %}

with

u_random as (
    select * from {{ ref('int_identity__u_from_random_pairs') }}
),

{#- One VALUES row per rule, comparison and level, and one prior row per rule: a table of a
    few hundred literal rows (a union of selects would be as many statements). -#}
{%- set rows = [] %}
{%- for rule in rules %}
    {%- for comparison in comparisons %}
        {%- set comparison_order = loop.index %}
        {%- set conditioned = comparison.name in rule.conditions %}
        {%- set m_levels = estimate.m_rule[rule.order][comparison.name]
            if conditioned else estimate.m[comparison.name] %}
        {%- set training_m_levels = estimate.training_m_rule[rule.order][comparison.name]
            if conditioned else estimate.training_m[comparison.name] %}
        {%- set level_pairs = estimate.training_pairs.get(rule.order, {})
            .get(comparison.name, {}) %}
        {%- set scored_level_pairs = estimate.pairs.get(rule.order, {}).get(comparison.name, {}) %}
        {%- for level in comparison.levels %}
            {%- set term_type = comparison.tf.get(level) %}
            {%- set max_weight = comparison.get('max_weight', {}).get(level) %}
            {%- do rows.append([
                "'" ~ rule.name ~ "'", rule.order, "'" ~ comparison.name ~ "'",
                "'" ~ level ~ "'", comparison_order, loop.index,
                'true' if conditioned else 'false',
                '%.17g' | format(m_levels[level]),
                '%.17g' | format(estimate.u[rule.order][comparison.name][level]),
                '%.17g' | format(training_m_levels[level]),
                '%.17g' | format(estimate.training_u[rule.order][comparison.name][level]),
                "'" ~ term_type ~ "'" if term_type else 'null',
                max_weight if max_weight is not none else 'null',
                'true' if level in comparison.get('side_levels', []) else 'false',
                level_pairs.get(level, 0), scored_level_pairs.get(level, 0),
            ] | join(', ')) %}
        {%- endfor %}
    {%- endfor %}
    {%- do rows.append([
        "'" ~ rule.name ~ "'", rule.order, "'prior'", "'match'", 0, 1, 'false',
        '%.17g' | format(estimate.prior[rule.order]),
        '%.17g' | format(1.0 - estimate.prior[rule.order]),
        '%.17g' | format(estimate.training_prior[rule.order]),
        '%.17g' | format(1.0 - estimate.training_prior[rule.order]),
        'null', 'null', 'false',
        estimate.training_rule_pairs.get(rule.order, 0), estimate.rule_pairs.get(rule.order, 0),
    ] | join(', ')) %}
{%- endfor %}

estimated_rows as (
    select parameter_rows.* from (
        values
        ({{ rows | join('),\n        (') }})
    ) as parameter_rows (
        blocking_rule, rule_order, comparison, comparison_level, comparison_order, level_order,
        is_conditioned_by_rule, m_probability, u_probability, training_m_probability,
        training_u_probability, tf_term_type, max_weight, is_side_level, training_pairs,
        scored_pairs
    )
),

estimated as (
    select
        cast(blocking_rule as {{ dbt.type_string() }}) as blocking_rule,
        cast(rule_order as integer) as rule_order,
        cast(comparison as {{ dbt.type_string() }}) as comparison,
        cast(comparison_level as {{ dbt.type_string() }}) as comparison_level,
        cast(comparison_order as integer) as comparison_order,
        cast(level_order as integer) as level_order,
        is_conditioned_by_rule,
        cast(m_probability as double) as m_probability,
        cast(u_probability as double) as u_probability,
        cast(training_m_probability as double) as training_m_probability,
        cast(training_u_probability as double) as training_u_probability,
        cast(tf_term_type as {{ dbt.type_string() }}) as tf_term_type,
        cast(max_weight as double) as max_weight,
        is_side_level,
        cast(training_pairs as bigint) as training_pairs,
        cast(scored_pairs as bigint) as scored_pairs
    from estimated_rows
),

-- Levels are ordered as in EM (macro ordered_level_weight).
weighed as (
    select
        *,
        ln(m_probability / u_probability) / ln(2.0) as unordered_match_weight
    from estimated
),

ordered as (
    select
        *,
        case
            when comparison = 'prior' then unordered_match_weight
            else {{ ordered_level_weight('unordered_match_weight', 'max_weight', 'is_side_level',
                'rule_order, comparison') }}
        end as match_weight
    from weighed
),

final as (
    select
        {{ dbt.concat([
            'estimated.blocking_rule', "':'", 'estimated.comparison', "':'",
            'estimated.comparison_level',
        ]) }} as parameter_key,
        estimated.blocking_rule,
        estimated.rule_order,
        estimated.comparison,
        estimated.comparison_level,
        estimated.comparison_order,
        estimated.level_order,
        estimated.is_conditioned_by_rule,
        estimated.m_probability,
        estimated.u_probability,
        estimated.training_m_probability,
        estimated.training_u_probability,
        u_random.u_random,
        u_random.random_pairs,
        estimated.unordered_match_weight,
        estimated.max_weight,
        estimated.is_side_level,
        estimated.match_weight,
        estimated.tf_term_type,
        estimated.training_pairs,
        estimated.scored_pairs,
        {{ estimate.iterations }} as em_iterations,
        cast({{ '%.17g' | format(estimate.max_change) if estimate.max_change is not none
            else 'null' }} as double) as em_last_change,
        '{{ local_md5(version_parts | join(";")) }}' as parameters_version
    from ordered as estimated
    left join u_random
        on estimated.comparison = u_random.comparison
        and estimated.comparison_level = u_random.comparison_level
)

select * from final

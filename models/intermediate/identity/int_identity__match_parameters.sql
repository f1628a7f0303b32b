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
{%- set u_random_relation = load_relation(ref('int_identity__u_random')) if execute else none %}
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
    {%- do estimate.update({'training_u': estimate.u, 'training_prior': estimate.prior}) %}
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
{%- set null_double = 'cast(null as double)' %}

with

u_random as (
    select * from {{ ref('int_identity__u_random') }}
),

estimated as (
    {%- for rule in rules %}
    {%- for comparison in comparisons %}
    {%- set comparison_loop = loop %}
    {%- set conditioned = comparison.name in rule.conditions %}
    {%- set m_levels = estimate.m_rule[rule.order][comparison.name]
        if conditioned else estimate.m[comparison.name] %}
    {%- for level in comparison.levels %}
    select
        '{{ rule.name }}' as blocking_rule,
        {{ rule.order }} as rule_order,
        '{{ comparison.name }}' as comparison,
        '{{ level }}' as comparison_level,
        {{ comparison_loop.index }} as comparison_order,
        {{ loop.index }} as level_order,
        {{ 'true' if conditioned else 'false' }} as is_conditioned_by_rule,
        cast({{ '%.17g' | format(m_levels[level]) }} as double) as m_probability,
        cast({{ '%.17g' | format(estimate.u[rule.order][comparison.name][level]) }} as double)
            as u_probability,
        cast({{ '%.17g' | format(m_levels[level]) }} as double) as training_m_probability,
        cast({{ '%.17g' | format(estimate.training_u[rule.order][comparison.name][level]) }}
            as double) as training_u_probability,
        {%- set term_type = comparison.tf.get(level) %}
        {{ "'" ~ term_type ~ "'" if term_type
            else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as tf_term_type,
        {%- set level_pairs = estimate.training_pairs.get(rule.order, {})
            .get(comparison.name, {}) %}
        {%- set scored_level_pairs = estimate.pairs.get(rule.order, {}).get(comparison.name, {}) %}
        cast({{ level_pairs.get(level, 0) }} as bigint) as training_pairs,
        cast({{ scored_level_pairs.get(level, 0) }} as bigint) as scored_pairs
    union all
    {%- endfor %}
    {%- endfor %}
    select
        '{{ rule.name }}' as blocking_rule,
        {{ rule.order }} as rule_order,
        'prior' as comparison,
        'match' as comparison_level,
        0 as comparison_order,
        1 as level_order,
        false as is_conditioned_by_rule,
        cast({{ '%.17g' | format(estimate.prior[rule.order]) }} as double) as m_probability,
        cast({{ '%.17g' | format(1.0 - estimate.prior[rule.order]) }} as double)
            as u_probability,
        cast({{ '%.17g' | format(estimate.training_prior[rule.order]) }} as double)
            as training_m_probability,
        cast({{ '%.17g' | format(1.0 - estimate.training_prior[rule.order]) }} as double)
            as training_u_probability,
        cast(null as {{ dbt.type_string() }}) as tf_term_type,
        cast({{ estimate.training_rule_pairs.get(rule.order, 0) }} as bigint) as training_pairs,
        cast({{ estimate.rule_pairs.get(rule.order, 0) }} as bigint) as scored_pairs
    {{ 'union all' if not loop.last }}
    {%- endfor %}
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
        ln(estimated.m_probability / estimated.u_probability) / ln(2.0) as match_weight,
        estimated.tf_term_type,
        estimated.training_pairs,
        estimated.scored_pairs,
        {{ estimate.iterations }} as em_iterations,
        cast({{ '%.17g' | format(estimate.max_change) if estimate.max_change is not none
            else 'null' }} as double) as em_last_change,
        '{{ local_md5(version_parts | join(";")) }}' as parameters_version
    from estimated
    left join u_random
        on estimated.comparison = u_random.comparison
        and estimated.comparison_level = u_random.comparison_level
)

select * from final

{#- Fellegi-Sunter parameters by expectation-maximisation over the comparison patterns of the
    candidate pairs (see `em_iterations`): one m per comparison level, and per blocking rule
    a prior and u per comparison level; m of the comparisons a rule conditions on is learnt
    within the rule (its pairs agree there by construction: pooled with other rules, a
    disagreement would look like proof).
    EM learns on every candidate pair, those sharing an identifier included: true matches
    are common there, which EM needs to find the match class rather than, say, households.
    The pairs that are scored (no shared identifier) differ from them by their email and
    phone levels, which the model sees, so the same parameters serve for them.
    Starts from `m_start` of `identity_comparisons()`, u from random pairs, prior
    `identity_em_prior_start`. Returns {'m', 'u', 'm_rule', 'prior', 'iterations',
    'max_change', 'pairs', 'rule_pairs'}. -#}
{% macro estimate_match_parameters(patterns_relation, u_random_relation) %}
    {%- set comparisons = identity_comparisons() -%}
    {%- set rules = identity_blocking_rules() -%}
    {%- set floor = var('identity_min_probability', 0.000001) | float -%}

    {#- Starting values: m from the comparison definitions, u from random pairs. -#}
    {%- set u_random = {} -%}
    {%- if u_random_relation is not none -%}
        {%- for row in run_query(
            'select comparison, comparison_level, u_random from ' ~ u_random_relation) -%}
            {%- do u_random.update({row[0] ~ ':' ~ row[1]: row[2] | float}) -%}
        {%- endfor -%}
    {%- endif -%}
    {%- set parameters = {'m': {}, 'u': {}, 'm_rule': {}, 'm_start': {}, 'u_start': {},
        'prior': {}} -%}
    {%- for comparison in comparisons -%}
        {%- set m_levels = {} -%}
        {%- set u_levels = {} -%}
        {%- for level in comparison.levels -%}
            {%- do m_levels.update({level: [comparison.m_start[loop.index0], floor] | max}) -%}
            {%- do u_levels.update({level:
                [u_random.get(comparison.name ~ ':' ~ level, 0.0001), floor] | max}) -%}
        {%- endfor -%}
        {%- do parameters.m_start.update({comparison.name: m_levels}) -%}
        {%- do parameters.u_start.update({comparison.name: u_levels}) -%}
        {%- do parameters.m.update({comparison.name: m_levels.copy()}) -%}
    {%- endfor -%}
    {%- for rule in rules -%}
        {%- set rule_u = {} -%}
        {%- set rule_m = {} -%}
        {%- for comparison in comparisons -%}
            {%- do rule_u.update({comparison.name: parameters.u_start[comparison.name].copy()}) -%}
            {%- do rule_m.update({comparison.name: parameters.m_start[comparison.name].copy()}) -%}
        {%- endfor -%}
        {%- do parameters.u.update({rule.order: rule_u}) -%}
        {%- do parameters.m_rule.update({rule.order: rule_m}) -%}
        {%- do parameters.prior.update(
            {rule.order: var('identity_em_prior_start', 0.3) | float}) -%}
    {%- endfor -%}

    {%- set learnt = em_iterations(patterns_relation, parameters, 'true', true) -%}
    {{ log('identity EM: converged after ' ~ learnt.iterations ~ ' iterations; match share per '
        ~ 'blocking rule: ' ~ parameters.prior, info=true) }}
    {{ return({'m': parameters.m, 'u': parameters.u, 'm_rule': parameters.m_rule,
        'prior': parameters.prior, 'iterations': learnt.iterations,
        'max_change': learnt.max_change, 'pairs': learnt.pairs,
        'rule_pairs': learnt.rule_pairs}) }}
{% endmacro %}

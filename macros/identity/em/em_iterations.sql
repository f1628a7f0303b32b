{#- Expectation-maximisation iterations over the comparison patterns in `patterns_relation`
    that satisfy `where` (SQL). The model: per blocking rule k a prior (the share of matches
    among the pairs of its blocks) and u per comparison level (the non-matches of each rule's
    blocks differ: households share a phone, namesakes a postcode); one m per comparison
    level shared by the rules, except for the comparisons a rule conditions on (its blocks
    agree there by construction: the levels left, street or only postcode, are learnt within
    the rule). Each iteration is an E step (`em_e_step`: posterior match mass per level, in
    the warehouse) then an M step (`em_m_step`: new parameters in Jinja). `parameters` ({'m', 'm_start': {c: {level: p}}, 'u', 'u_anchor', 'm_rule':
    {k: {c: {level: p}}}, 'prior', 'prior_anchor': {k: p}, optional 'prior_pseudo_pairs' and
    'known_matches', SQL over the pattern columns for pairs taken as matches, not estimated}) is
    updated in place: the priors always, m only when `update_m`, u only when `update_u`.
    Every M step adds `identity_em_pseudo_pairs` pairs at the anchors (m_start for m; Dirichlet
    smoothing, so a level unseen among a few pairs does not weigh +-infinity). Stops when no
    value moves by `identity_em_tolerance`; fails loudly after `identity_em_max_iterations`
    without converging. Var `identity_em_trace` logs every iteration's largest change.
    Returns {'iterations', 'max_change', 'pairs': {k: {c: {level: n}}}, 'rule_pairs': {k: n}}.
-#}
{% macro em_iterations(patterns_relation, parameters, where, update_m, update_u) %}
    {%- set tolerance = var('identity_em_tolerance') | float -%}
    {%- set max_iterations = var('identity_em_max_iterations') | int -%}
    {%- set state = namespace(iterations=0, max_change=1.0, what='', converged=false,
        expectations=none) -%}

    {%- for iteration in range(max_iterations) if not state.converged -%}
        {%- set state.expectations = em_e_step(patterns_relation, parameters, where) -%}
        {%- set change = em_m_step(parameters, state.expectations, update_m, update_u) -%}
        {%- set state.iterations = iteration + 1 -%}
        {%- set state.max_change = change.value -%}
        {%- set state.what = change.what -%}
        {%- set state.converged = change.value < tolerance -%}
        {{ log('identity EM iteration ' ~ state.iterations ~ ': largest change ' ~ change.value
            ~ ' (' ~ change.what ~ ')', info=var('identity_em_trace', false)) }}
    {%- endfor -%}

    {%- if not state.converged -%}
        {{ exceptions.raise_compiler_error(
            'Expectation-maximisation did not converge: the largest parameter change was '
            ~ state.max_change ~ ' (' ~ state.what ~ ') after ' ~ state.iterations
            ~ ' iterations (tolerance ' ~ tolerance ~ '). Raise identity_em_max_iterations, '
            ~ 'loosen identity_em_tolerance, or review identity_blocking_rules (too few true matches in the blocks).') }}
    {%- endif -%}
    {{ return({'iterations': state.iterations, 'max_change': state.max_change,
        'pairs': state.expectations.pairs if state.expectations else {},
        'rule_pairs': state.expectations.rule_pairs if state.expectations else {}}) }}
{% endmacro %}

{#- Fellegi-Sunter parameters by expectation-maximisation over the comparison patterns of the
    candidate pairs (see `em_iterations`): one m per comparison level, and per blocking rule
    a prior and u per comparison level; m of the comparisons a rule conditions on is learnt
    within the rule (its pairs agree there by construction: pooled with other rules, a
    disagreement would look like proof).
    Stage 1 (training) learns on every candidate pair, those sharing an identifier included
    (as known matches): true matches are common there, which EM needs to find the match class
    rather than, say, households. Stage 2 (scoring) keeps m and u and re-learns each rule's
    prior on the pairs the rule scores: those it found first that share no identifier. They
    differ from the training pairs by more than the model sees (a shared CRM id or loyalty card
    links most matches before scoring), so the training prior would be far too high for them.
    u is not re-learnt there (unless `identity_em_scoring_learns_u`): where most scored pairs
    are true matches, a free u explains them as non-matches (prior 0.02 for a true 0.93). m of
    the identifier comparisons is taken over the levels a scored pair can reach: it never
    shares the email or phone itself (`linked_before_scoring` levels).
    No candidate pair at all (one record, or no two alike): the starting values stand.
    Starts from `m_start` of `identity_comparisons()`, u from random pairs, prior
    `identity_em_prior_start`. Returns {'m', 'u', 'm_rule', 'prior', 'iterations',
    'max_change', 'pairs', 'rule_pairs'} of the scoring stage and 'training_m',
    'training_m_rule', 'training_u',
    'training_prior', 'training_pairs', 'training_rule_pairs' of the training stage. -#}
{% macro estimate_match_parameters(patterns_relation, u_random_relation) %}
    {%- set comparisons = identity_comparisons() -%}
    {%- set rules = identity_blocking_rules() -%}
    {%- set floor = var('identity_min_probability') | float -%}

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
    {%- set prior_start = var('identity_em_prior_start') | float -%}
    {%- do parameters.update({'u_anchor': {}, 'prior_anchor': {}}) -%}
    {%- for rule in rules -%}
        {%- set rule_u = {} -%}
        {%- set rule_m = {} -%}
        {%- for comparison in comparisons -%}
            {%- do rule_u.update({comparison.name: parameters.u_start[comparison.name].copy()}) -%}
            {%- do rule_m.update({comparison.name: parameters.m_start[comparison.name].copy()}) -%}
        {%- endfor -%}
        {%- do parameters.u.update({rule.order: rule_u}) -%}
        {%- do parameters.m_rule.update({rule.order: rule_m}) -%}
        {%- do parameters.u_anchor.update({rule.order: parameters.u_start}) -%}
        {%- do parameters.prior.update({rule.order: prior_start}) -%}
        {%- do parameters.prior_anchor.update({rule.order: prior_start}) -%}
    {%- endfor -%}

    {#- Stage 1, training: m, u and prior on every pair of every rule's blocks. A pair
        sharing a usable identifier is linked without a score: it counts as a match, which
        keeps a rule whose blocks are nearly all such pairs (phone) from fitting them as
        its own non-match class. -#}
    {%- do parameters.update({'known_matches': 'patterns.shares_identifier'}) -%}
    {%- set candidate_patterns = run_query('select count(*) from '
        ~ patterns_relation).columns[0].values()[0] -%}
    {%- if candidate_patterns > 0 -%}
        {%- set learnt = em_iterations(patterns_relation, parameters, 'true', true, true) -%}
        {{ log('identity EM: trained in ' ~ learnt.iterations ~ ' iterations; match share per '
            ~ 'training block: ' ~ parameters.prior, info=true) }}
    {%- else -%}
        {#- No candidate pair (one record, or no two alike): nothing to learn or score; the
            documented starting values stand. -#}
        {%- set learnt = {'iterations': 0, 'max_change': 0.0, 'pairs': {}, 'rule_pairs': {}} -%}
        {{ log('identity EM: no candidate pairs, the starting parameters stand', info=true) }}
    {%- endif -%}

    {%- set training_m = {} -%}
    {%- set training_m_rule = {} -%}
    {%- for comparison in comparisons -%}
        {%- do training_m.update({comparison.name: parameters.m[comparison.name].copy()}) -%}
    {%- endfor -%}
    {%- for rule in rules -%}
        {%- set rule_m = {} -%}
        {%- for comparison in comparisons -%}
            {%- do rule_m.update({comparison.name:
                parameters.m_rule[rule.order][comparison.name].copy()}) -%}
        {%- endfor -%}
        {%- do training_m_rule.update({rule.order: rule_m}) -%}
    {%- endfor -%}

    {#- A scored pair shares no identifier, so it never reaches a `linked_before_scoring`
        level (same email, same phone): m of the other levels is taken among them alone. -#}
    {%- for comparison in comparisons if comparison.get('linked_before_scoring') -%}
        {%- set level_tables = [parameters.m[comparison.name]] -%}
        {%- for rule in rules -%}
            {%- do level_tables.append(parameters.m_rule[rule.order][comparison.name]) -%}
        {%- endfor -%}
        {%- for m_levels in level_tables -%}
            {%- set linked = namespace(share=0.0) -%}
            {%- for level in comparison.linked_before_scoring -%}
                {%- set linked.share = linked.share + m_levels[level] -%}
            {%- endfor -%}
            {%- for level in comparison.levels
                if level not in comparison.linked_before_scoring -%}
                {%- do m_levels.update({level: [m_levels[level] / [1.0 - linked.share, floor]
                    | max, 1.0 - floor] | min}) -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endfor -%}

    {#- Stage 2, the scored population: pairs first found by the rule that share no
        identifier. Most matches in the training blocks share one (that is why they train m
        well) and are linked without scoring, so the prior of the pairs left to score differs:
        re-learnt there with m and u fixed, smoothed as in training (towards
        identity_em_prior_start: a rule may score few pairs). -#}
    {%- set scoring = {'m': parameters.m, 'm_rule': parameters.m_rule, 'm_start':
        parameters.m_start, 'u': {}, 'u_anchor': {}, 'prior': {}, 'prior_anchor': {}} -%}
    {%- for rule in rules -%}
        {%- set rule_u = {} -%}
        {%- set rule_anchor = {} -%}
        {%- for comparison in comparisons -%}
            {%- do rule_u.update({comparison.name:
                parameters.u[rule.order][comparison.name].copy()}) -%}
            {%- do rule_anchor.update({comparison.name:
                parameters.u[rule.order][comparison.name].copy()}) -%}
        {%- endfor -%}
        {%- do scoring.u.update({rule.order: rule_u}) -%}
        {%- do scoring.u_anchor.update({rule.order: rule_anchor}) -%}
        {%- do scoring.prior.update({rule.order: parameters.prior[rule.order]}) -%}
        {%- do scoring.prior_anchor.update({rule.order: prior_start}) -%}
    {%- endfor -%}
    {%- set scored_where = 'is_first_rule and not shares_identifier' -%}
    {%- set scored_patterns = run_query('select count(*) from ' ~ patterns_relation
        ~ ' where ' ~ scored_where).columns[0].values()[0] -%}
    {%- if scored_patterns > 0 -%}
        {%- set scored = em_iterations(patterns_relation, scoring, scored_where, false,
            var('identity_em_scoring_learns_u')) -%}
    {%- else -%}
        {#- Every candidate pair shares an identifier: nothing is scored. -#}
        {%- set scored = {'iterations': 0, 'max_change': learnt.max_change, 'pairs': {},
            'rule_pairs': {}} -%}
    {%- endif -%}
    {{ log('identity EM: scored population in ' ~ scored.iterations ~ ' iterations; match '
        ~ 'share per rule: ' ~ scoring.prior, info=true) }}
    {{ return({'m': parameters.m, 'u': scoring.u, 'm_rule': parameters.m_rule,
        'prior': scoring.prior, 'iterations': learnt.iterations + scored.iterations,
        'max_change': scored.max_change, 'pairs': scored.pairs,
        'rule_pairs': scored.rule_pairs, 'training_m': training_m,
        'training_m_rule': training_m_rule, 'training_u': parameters.u,
        'training_prior': parameters.prior, 'training_pairs': learnt.pairs,
        'training_rule_pairs': learnt.rule_pairs}) }}
{% endmacro %}

{#- Expectation-maximisation iterations over the comparison patterns in `patterns_relation`
    that satisfy `where` (SQL). The model: per blocking rule k a prior (the share of matches
    among the pairs of its blocks) and u per comparison level (the non-matches of each rule's
    blocks differ: households share a phone, namesakes a postcode); one m per comparison
    level shared by the rules, except for the comparisons a rule conditions on (its blocks
    agree there by construction: the levels left, street or only postcode, are learnt within
    the rule). `parameters` ({'m', 'm_start': {c: {level: p}}, 'u', 'u_anchor', 'm_rule':
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
    {%- set comparisons = identity_comparisons() -%}
    {%- set rules = identity_blocking_rules() -%}
    {%- set floor = var('identity_min_probability', 0.000001) | float -%}
    {%- set tolerance = var('identity_em_tolerance', 0.001) | float -%}
    {%- set max_iterations = var('identity_em_max_iterations', 100) | int -%}
    {%- set pseudo_pairs = var('identity_em_pseudo_pairs', 100) | float -%}
    {%- set prior_pseudo_pairs = parameters.get('prior_pseudo_pairs', pseudo_pairs) | float -%}
    {%- set state = namespace(iterations=0, max_change=1.0, what='', converged=false) -%}
    {%- set pairs = {} -%}
    {%- set rule_pairs = {} -%}

    {%- for iteration in range(max_iterations) if not state.converged -%}
        {#- Parameters go in as a small table: one big CASE expression per comparison makes
            query planning slower than the EM itself. -#}
        {%- set sql -%}
            with

            patterns as (
                select * from {{ patterns_relation }}
                where {{ where }}
            ),

            priors as (
                select
                    rule_order,
                    ln(prior / (1.0 - prior)) as log_prior_odds
                from (
                    values
                    {%- for rule in rules %}
                    ({{ rule.order }}, {{ '%.17g' | format(parameters.prior[rule.order]) }})
                    {{- ',' if not loop.last }}
                    {%- endfor %}
                ) as prior_values (rule_order, prior)
            ),

            {#- Levels are ordered (macro ordered_level_weight), in natural log units. -#}
            level_values as (
                select
                    rule_order,
                    comparison,
                    comparison_level,
                    level_order,
                    is_side_level,
                    ln(m_probability / u_probability) as raw_log_ratio,
                    max_log_ratio
                from (
                    values
                    {%- set rows = [] %}
                    {%- for rule in rules %}
                    {%- for comparison in comparisons %}
                    {%- set m_levels = parameters.m_rule[rule.order][comparison.name]
                        if comparison.name in rule.conditions
                        else parameters.m[comparison.name] %}
                    {%- set caps = comparison.get('max_weight', {}) %}
                    {%- for level in comparison.levels %}
                        {%- set cap = caps.get(level) %}
                        {%- do rows.append('(' ~ rule.order ~ ", '" ~ comparison.name ~ "', '"
                            ~ level ~ "', " ~ loop.index ~ ', '
                            ~ ('true' if level in comparison.get('side_levels', []) else 'false')
                            ~ ', ' ~ '%.17g' | format(m_levels[level]) ~ ', '
                            ~ '%.17g' | format(
                                parameters.u[rule.order][comparison.name][level]) ~ ', '
                            ~ ('%.17g' | format(cap * 0.6931471805599453)
                                if cap is not none else 'cast(null as double)')
                            ~ ')') %}
                    {%- endfor %}
                    {%- endfor %}
                    {%- endfor %}
                    {{ rows | join(',\n                    ') }}
                ) as level_rows (
                    rule_order, comparison, comparison_level, level_order, is_side_level,
                    m_probability, u_probability, max_log_ratio
                )
            ),

            level_parameters as (
                select
                    rule_order,
                    comparison,
                    comparison_level,
                    {{ ordered_level_weight('raw_log_ratio', 'max_log_ratio', 'is_side_level',
                        'rule_order, comparison') }} as log_ratio
                from level_values
            ),

            pattern_levels as (
                {%- for comparison in comparisons %}
                select
                    pattern_key,
                    rule_order,
                    pair_count,
                    '{{ comparison.name }}' as comparison,
                    level_{{ comparison.name }} as comparison_level
                from patterns
                where level_{{ comparison.name }} <> 'null'
                {{ 'union all' if not loop.last }}
                {%- endfor %}
            ),

            free_pattern_levels as (
                select
                    pattern_levels.*,
                    level_parameters.log_ratio
                from pattern_levels
                inner join level_parameters
                    on pattern_levels.rule_order = level_parameters.rule_order
                    and pattern_levels.comparison = level_parameters.comparison
                    and pattern_levels.comparison_level = level_parameters.comparison_level
            ),

            log_ratios as (
                select
                    pattern_key,
                    sum(log_ratio) as log_ratio
                from free_pattern_levels
                group by pattern_key
            ),

            posterior as (
                select
                    patterns.pattern_key,
                    patterns.rule_order,
                    patterns.pair_count,
                    case
                        when {{ parameters.get('known_matches') or 'false' }}
                            then patterns.pair_count
                        else patterns.pair_count / (1.0 + exp(
                            -(priors.log_prior_odds + coalesce(log_ratios.log_ratio, 0.0))
                        ))
                    end as match_mass
                from patterns
                inner join priors
                    on patterns.rule_order = priors.rule_order
                left join log_ratios
                    on patterns.pattern_key = log_ratios.pattern_key
            )

            select
                free_pattern_levels.rule_order,
                free_pattern_levels.comparison,
                free_pattern_levels.comparison_level,
                sum(posterior.match_mass) as match_mass,
                sum(posterior.pair_count - posterior.match_mass) as non_match_mass,
                sum(posterior.pair_count) as pairs
            from free_pattern_levels
            inner join posterior
                on free_pattern_levels.pattern_key = posterior.pattern_key
            group by
                free_pattern_levels.rule_order,
                free_pattern_levels.comparison,
                free_pattern_levels.comparison_level
            union all
            select
                rule_order,
                'prior' as comparison,
                'match' as comparison_level,
                sum(match_mass) as match_mass,
                sum(pair_count - match_mass) as non_match_mass,
                sum(pair_count) as pairs
            from posterior
            group by rule_order
        {%- endset -%}
        {%- set masses = {} -%}
        {%- set m_totals = {} -%}
        {%- set u_totals = {} -%}
        {%- for row in run_query(sql) -%}
            {%- set rule_order = row[0] | int -%}
            {%- set match_mass = (row[3] or 0) | float -%}
            {%- set non_match_mass = (row[4] or 0) | float -%}
            {%- do masses.update({rule_order ~ ':' ~ row[1] ~ ':' ~ row[2]:
                [match_mass, non_match_mass]}) -%}
            {%- if row[1] == 'prior' -%}
                {%- do rule_pairs.update({rule_order: (row[5] or 0) | int}) -%}
            {%- else -%}
                {%- set key = rule_order ~ ':' ~ row[1] -%}
                {%- do m_totals.update({key: m_totals.get(key, 0.0) + match_mass}) -%}
                {%- do u_totals.update({key: u_totals.get(key, 0.0) + non_match_mass}) -%}
                {%- set rule_counts = pairs.get(rule_order, {}) -%}
                {%- set counts = rule_counts.get(row[1], {}) -%}
                {%- do counts.update({row[2]: (row[5] or 0) | int}) -%}
                {%- do rule_counts.update({row[1]: counts}) -%}
                {%- do pairs.update({rule_order: rule_counts}) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if rule_pairs.values() | sum == 0 -%}
            {{ exceptions.raise_compiler_error(
                'Expectation-maximisation has no candidate pairs (' ~ where ~ ') to learn from'
                ~ ' in ' ~ patterns_relation
                ~ ': check identity_blocking_rules and the records.') }}
        {%- endif -%}

        {%- set change = namespace(value=0.0, what='prior') -%}
        {%- for rule in rules -%}
            {%- set mass = masses.get(rule.order ~ ':prior:match') -%}
            {%- if mass is not none and mass[0] + mass[1] > 0 -%}
                {%- set new_prior = [[(mass[0]
                    + prior_pseudo_pairs * parameters.prior_anchor[rule.order])
                    / (mass[0] + mass[1] + prior_pseudo_pairs), floor] | max, 1.0 - floor] | min -%}
                {%- set change.value = [change.value,
                    (new_prior - parameters.prior[rule.order]) | abs] | max -%}
                {%- do parameters.prior.update({rule.order: new_prior}) -%}
            {%- endif -%}
            {%- for comparison in comparisons -%}
                {%- set key = rule.order ~ ':' ~ comparison.name -%}
                {%- set u_levels = parameters.u[rule.order][comparison.name] -%}
                {%- set m_levels = parameters.m_rule[rule.order][comparison.name] -%}
                {%- set conditioned = comparison.name in rule.conditions -%}
                {%- for level in comparison.levels -%}
                    {%- set level_mass = masses.get(key ~ ':' ~ level, [0.0, 0.0]) -%}
                    {%- if update_u -%}
                        {%- set new_u = [(level_mass[1] + pseudo_pairs
                            * parameters.u_anchor[rule.order][comparison.name][level])
                            / (u_totals.get(key, 0.0) + pseudo_pairs), floor] | max -%}
                        {%- if (new_u - u_levels[level]) | abs > change.value -%}
                            {%- set change.what = 'u ' ~ key ~ ':' ~ level -%}
                        {%- endif -%}
                        {%- set change.value = [change.value, (new_u - u_levels[level]) | abs] | max -%}
                        {%- do u_levels.update({level: new_u}) -%}
                    {%- endif -%}
                    {%- if update_m and conditioned -%}
                        {%- set new_m = [(level_mass[0] + pseudo_pairs
                            * parameters.m_start[comparison.name][level])
                            / (m_totals.get(key, 0.0) + pseudo_pairs), floor] | max -%}
                        {%- if (new_m - m_levels[level]) | abs > change.value -%}
                            {%- set change.what = 'm ' ~ key ~ ':' ~ level -%}
                        {%- endif -%}
                        {%- set change.value = [change.value,
                            (new_m - m_levels[level]) | abs] | max -%}
                        {%- do m_levels.update({level: new_m}) -%}
                    {%- endif -%}
                {%- endfor -%}
            {%- endfor -%}
        {%- endfor -%}
        {%- if update_m -%}
            {%- for comparison in comparisons -%}
                {%- set free = namespace(total=0.0) -%}
                {%- for rule in rules if comparison.name not in rule.conditions -%}
                    {%- set free.total = free.total
                        + m_totals.get(rule.order ~ ':' ~ comparison.name, 0.0) -%}
                {%- endfor -%}
                {%- set m_levels = parameters.m[comparison.name] -%}
                {%- for level in comparison.levels if free.total > 0 -%}
                    {%- set level_mass = namespace(value=0.0) -%}
                    {%- for rule in rules if comparison.name not in rule.conditions -%}
                        {%- set level_mass.value = level_mass.value + masses.get(
                            rule.order ~ ':' ~ comparison.name ~ ':' ~ level, [0.0, 0.0])[0] -%}
                    {%- endfor -%}
                    {%- set new_m = [(level_mass.value + pseudo_pairs
                        * parameters.m_start[comparison.name][level])
                        / (free.total + pseudo_pairs), floor] | max -%}
                    {%- if (new_m - m_levels[level]) | abs > change.value -%}
                        {%- set change.what = 'm ' ~ comparison.name ~ ':' ~ level -%}
                    {%- endif -%}
                    {%- set change.value = [change.value, (new_m - m_levels[level]) | abs] | max -%}
                    {%- do m_levels.update({level: new_m}) -%}
                {%- endfor -%}
            {%- endfor -%}
        {%- endif -%}
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
        'pairs': pairs, 'rule_pairs': rule_pairs}) }}
{% endmacro %}

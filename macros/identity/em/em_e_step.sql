{#- The E step of expectation-maximisation (see `em_iterations`): with the current
    `parameters`, each pattern of `patterns_relation` satisfying `where` (SQL) gets its
    posterior match probability, in the warehouse; its pairs are split into match and non-match
    mass per blocking rule and comparison level (pairs matching the optional
    `parameters.known_matches` SQL count as matches). Fails when there is no pair to learn from.
    Returns {'masses': {'<rule>:<comparison>:<level>': [match, non-match]} (comparison `prior`,
    level `match`: a rule's totals), 'm_totals', 'u_totals': {'<rule>:<comparison>': mass} over
    the compared levels, 'pairs': {rule: {comparison: {level: pairs}}}, 'rule_pairs': {rule:
    pairs}}. -#}
{% macro em_e_step(patterns_relation, parameters, where) %}
    {%- set comparisons = identity_comparisons() -%}
    {%- set rules = identity_blocking_rules() -%}
    {%- set pairs = {} -%}
    {%- set rule_pairs = {} -%}
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
    {{ return({'masses': masses, 'm_totals': m_totals, 'u_totals': u_totals, 'pairs': pairs,
        'rule_pairs': rule_pairs}) }}
{% endmacro %}

{#- The M step of expectation-maximisation (see `em_iterations`): new parameters from the
    E step's `expectations`, updated in place in `parameters`: each rule's prior always, u per
    rule only when `update_u`, m only when `update_m` (per rule for the comparisons the rule
    conditions on, else pooled over the rules that do not). Each estimate adds
    `identity_em_pseudo_pairs` pseudo pairs at its anchor (`prior_anchor`, `u_anchor`,
    `m_start`; `prior_pseudo_pairs` overrides the count for the prior): Dirichlet smoothing, so
    a level unseen among a few pairs does not weigh +-infinity; no probability goes below
    `identity_min_probability`. Returns {'value', 'what'}: the largest change of a parameter
    and which one. -#}
{% macro em_m_step(parameters, expectations, update_m, update_u) %}
    {%- set comparisons = identity_comparisons() -%}
    {%- set rules = identity_blocking_rules() -%}
    {%- set floor = var('identity_min_probability') | float -%}
    {%- set pseudo_pairs = var('identity_em_pseudo_pairs') | float -%}
    {%- set prior_pseudo_pairs = parameters.get('prior_pseudo_pairs', pseudo_pairs) | float -%}
    {%- set masses = expectations.masses -%}
    {%- set m_totals = expectations.m_totals -%}
    {%- set u_totals = expectations.u_totals -%}
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
    {{ return({'value': change.value, 'what': change.what}) }}
{% endmacro %}

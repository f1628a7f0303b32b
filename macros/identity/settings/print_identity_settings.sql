{#- `dbt run-operation print_identity_settings`: the identity settings as the models use them,
    printed as one line of JSON for Python (cdp/identity_settings.py), so the evaluation and
    the Splink benchmark read them rather than restate them. Each comparison of
    `identity_comparisons()` carries `level_conditions`, its levels' SQL on the target's
    dialect over scoring records aliased `l` and `r` (`else` is every other pair). -#}
{% macro print_identity_settings() %}
    {%- set comparisons = [] -%}
    {%- for comparison in identity_comparisons() -%}
        {%- set described = comparison.copy() -%}
        {%- set conditions = [] -%}
        {%- for level, condition in comparison_level_conditions(comparison.name, 'l', 'r') -%}
            {%- do conditions.append([level, condition.split() | join(' ')]) -%}
        {%- endfor -%}
        {%- do described.update({'level_conditions': conditions}) -%}
        {%- do comparisons.append(described) -%}
    {%- endfor -%}
    {%- set settings = {
        'target_type': target.type,
        'blocking_rules': identity_blocking_rules(),
        'max_block_size': var('identity_max_block_size'),
        'comparisons': comparisons,
        'junk_name_values': identity_junk_name_values() | map('string') | list,
        'thresholds': {
            'auto_merge': var('identity_auto_merge_threshold'),
            'review': var('identity_review_threshold'),
        },
        'u_sample': {
            'records': var('identity_u_sample_records'),
            'seed': var('identity_u_sample_seed'),
        },
        'em': {
            'max_iterations': var('identity_em_max_iterations'),
            'tolerance': var('identity_em_tolerance'),
        },
    } -%}
    {{ print(tojson(settings)) }}
{% endmacro %}

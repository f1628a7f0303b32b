-- Jinja loops generate this SQL and the linter cannot indent it: layout.indent is off here.
-- noqa: disable=LT02
-- Each candidate pair compared: the level of every comparison, and the term frequency of the
-- agreeing value where a level's weight is adjusted for how common that value is. Levels that
-- say nothing given another comparison's level (`not_compared_when` in identity_comparisons:
-- a surname shared at one street address) become `null`.
{%- set comparisons = identity_comparisons() %}
{%- set rules = identity_blocking_rules() %}

with

pairs as (
    select * from {{ ref('int_identity__blocked_pairs') }}
),

records as (
    select * from {{ ref('int_identity__records_for_scoring') }}
),

compared as (
    select
        pairs.pair_key,
        pairs.record_key_l,
        pairs.record_key_r,
        pairs.blocking_rule,
        pairs.rule_order,
        pairs.shares_identifier,
        {%- for rule in rules %}
        pairs.is_in_block_{{ rule.name }},
        {%- endfor %}
        {%- for comparison in comparisons %}
        {{ comparison_level(comparison.name, 'l', 'r') }} as level_{{ comparison.name }},
        {%- endfor %}
        {%- for comparison in comparisons if comparison.tf %}
        case {{ comparison_level(comparison.name, 'l', 'r') }}
            {%- for level, term_type in comparison.tf.items() %}
            when '{{ level }}' then greatest(l.tf_{{ term_type }}, r.tf_{{ term_type }})
            {%- endfor %}
        end as tf_{{ comparison.name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from pairs
    inner join records as l
        on pairs.record_key_l = l.record_key
    inner join records as r
        on pairs.record_key_r = r.record_key
),

judged as (
    select
        pair_key,
        record_key_l,
        record_key_r,
        blocking_rule,
        rule_order,
        shares_identifier,
        {%- for rule in rules %}
        is_in_block_{{ rule.name }},
        {%- endfor %}
        {%- for comparison in comparisons %}
        {%- if comparison.not_compared_when %}
        case
            {%- for exception in comparison.not_compared_when %}
            when level_{{ comparison.name }} in ('{{ exception.levels | join("', '") }}')
                {%- for other, levels in exception.when.items() %}
                and level_{{ other }} in ('{{ levels | join("', '") }}')
                {%- endfor %}
                then 'null'
            {%- endfor %}
            else level_{{ comparison.name }}
        end as level_{{ comparison.name }},
        {%- else %}
        level_{{ comparison.name }},
        {%- endif %}
        {%- endfor %}
        {%- for comparison in comparisons if comparison.tf %}
        tf_{{ comparison.name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from compared
)

select * from judged

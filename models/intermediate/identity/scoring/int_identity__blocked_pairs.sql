-- Jinja loops generate this SQL and the linter cannot indent it: layout.indent is off here.
-- noqa: disable=LT02
-- Candidate pairs: two scoring records in one block of some rule, each pair once (the first
-- rule that found it). Pairs sharing a usable identifier (same email, phone, CRM id, …) are
-- flagged: deterministic stitching links them already, so they are not scored, but they are
-- where true matches are common, what expectation-maximisation needs to learn m. Every rule
-- whose blocks hold the pair is flagged too (is_in_block_<rule>): EM trains per rule.
{%- set rules = identity_blocking_rules() %}
with

blocking_keys as (
    select * from {{ ref('int_identity__blocking_keys') }}
    where block_size between 2 and {{ var('identity_max_block_size') }}
),

records as (
    select * from {{ ref('int_identity__records_for_scoring') }}
),

candidates as (
    select
        left_keys.record_key as record_key_l,
        right_keys.record_key as record_key_r,
        min(left_keys.rule_order) as rule_order,
        {%- for rule in rules %}
        max(case when left_keys.rule_order = {{ rule.order }} then 1 else 0 end) = 1
            as is_in_block_{{ rule.name }},
        {%- endfor %}
        count(*) as blocks_with_pair
    from blocking_keys as left_keys
    inner join blocking_keys as right_keys
        on left_keys.rule_order = right_keys.rule_order
        and left_keys.block_key = right_keys.block_key
        and left_keys.record_key < right_keys.record_key
    group by left_keys.record_key, right_keys.record_key
),

rules as (
    select distinct
        rule_order,
        blocking_rule
    from blocking_keys
),

flagged as (
    select
        candidates.record_key_l,
        candidates.record_key_r,
        candidates.rule_order,
        {%- for rule in rules %}
        candidates.is_in_block_{{ rule.name }},
        {%- endfor %}
        (
            {%- for identifier in identity_identifier_types() %}
            {{ 'or ' if not loop.first }}coalesce(l.{{ identifier }} = r.{{ identifier }}, false)
            {%- endfor %}
        ) as shares_identifier
    from candidates
    inner join records as l
        on candidates.record_key_l = l.record_key
    inner join records as r
        on candidates.record_key_r = r.record_key
),

final as (
    select
        {{ generate_surrogate_key(['flagged.record_key_l',
            'flagged.record_key_r']) }} as pair_key,
        flagged.record_key_l,
        flagged.record_key_r,
        rules.blocking_rule,
        flagged.rule_order,
        flagged.shares_identifier,
        {%- for rule in rules %}
        flagged.is_in_block_{{ rule.name }}{{ ',' if not loop.last }}
        {%- endfor %}
    from flagged
    inner join rules
        on flagged.rule_order = rules.rule_order
)

select * from final

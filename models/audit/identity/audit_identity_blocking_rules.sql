-- Jinja loops generate this SQL and the linter cannot indent it: layout.indent is off here.
-- noqa: disable=LT02
-- One row per blocking rule: its keys, the comparisons it conditions on, how many records and
-- blocks it has, what it skipped, the pairs it holds and first found, and the shares of matches
-- expectation-maximisation estimated among all its pairs (EM only learns m well where matches
-- are common: this is where to look) and among the pairs it scores (their prior).
{%- set rules = identity_blocking_rules() %}

with

blocking_keys as (
    select * from {{ ref('int_identity__blocking_keys') }}
),

skipped_blocks as (
    select * from {{ ref('audit_identity_skipped_blocks') }}
),

blocked_pairs as (
    select * from {{ ref('int_identity__blocked_pairs') }}
),

parameters as (
    select * from {{ ref('int_identity__match_parameters') }}
    where comparison = 'prior'
),

rules as (
    {%- for rule in rules %}
    select
        {{ rule.order }} as rule_order,
        '{{ rule.name }}' as blocking_rule,
        '{{ rule['keys'] | join(" | ") | replace("'", "''") }}' as block_keys,
        '{{ rule.conditions | join(", ") }}' as conditioned_comparisons
    {{ 'union all' if not loop.last }}
    {%- endfor %}
),

blocks as (
    select
        rule_order,
        block_key,
        count(*) as record_count
    from blocking_keys
    group by rule_order, block_key
),

block_stats as (
    select
        rule_order,
        sum(record_count) as keyed_records,
        count(*) as blocks,
        max(record_count) as largest_block,
        sum(
            case
                when record_count between 2 and {{ var('identity_max_block_size') }}
                    then cast(cast(record_count as bigint) * (record_count - 1) / 2 as bigint)
                else 0
            end
        ) as pairs_in_blocks
    from blocks
    group by rule_order
),

skipped_stats as (
    select
        rule_order,
        count(*) as skipped_blocks,
        sum(record_count) as skipped_records,
        sum(skipped_pair_count) as skipped_pairs
    from skipped_blocks
    group by rule_order
),

pair_stats as (
    select
        rule_order,
        count(*) as first_found_pairs,
        sum(case when shares_identifier then 0 else 1 end) as scored_pairs
    from blocked_pairs
    group by rule_order
),

final as (
    select
        rules.blocking_rule,
        rules.rule_order,
        rules.block_keys,
        rules.conditioned_comparisons,
        coalesce(block_stats.keyed_records, 0) as keyed_records,
        coalesce(block_stats.blocks, 0) as blocks,
        coalesce(block_stats.largest_block, 0) as largest_block,
        coalesce(skipped_stats.skipped_blocks, 0) as skipped_blocks,
        coalesce(skipped_stats.skipped_records, 0) as skipped_records,
        coalesce(skipped_stats.skipped_pairs, 0) as skipped_pairs,
        coalesce(block_stats.pairs_in_blocks, 0) as pairs_in_blocks,
        coalesce(pair_stats.first_found_pairs, 0) as first_found_pairs,
        coalesce(pair_stats.scored_pairs, 0) as scored_pairs,
        parameters.training_m_probability as estimated_match_share,
        parameters.m_probability as estimated_scored_match_share,
        parameters.parameters_version
    from rules
    left join block_stats
        on rules.rule_order = block_stats.rule_order
    left join skipped_stats
        on rules.rule_order = skipped_stats.rule_order
    left join pair_stats
        on rules.rule_order = pair_stats.rule_order
    left join parameters
        on rules.rule_order = parameters.rule_order
)

select * from final

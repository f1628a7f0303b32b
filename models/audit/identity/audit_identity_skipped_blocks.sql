-- Jinja loops generate this SQL and the linter cannot indent it: layout.indent is off here.
-- noqa: disable=LT02
-- Blocks too large to compare every pair in (quadratic cost, and usually a shared or junk
-- value): logged so a reviewer can see which candidate pairs were never scored.
with

blocking_keys as (
    select * from {{ ref('int_identity__blocking_keys') }}
),

blocks as (
    select
        rule_order,
        blocking_rule,
        block_key,
        count(*) as record_count
    from blocking_keys
    group by rule_order, blocking_rule, block_key
),

final as (
    select
        {{ dbt.concat(['blocking_rule', "':'", 'block_key']) }} as skipped_block_key,
        rule_order,
        blocking_rule,
        block_key,
        record_count,
        cast(cast(record_count as bigint) * (record_count - 1) / 2 as bigint) as skipped_pair_count,
        'block_over_max_size' as skip_reason
    from blocks
    where record_count > {{ var('identity_max_block_size') }}
)

select * from final

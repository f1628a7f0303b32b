-- Identifier values on the blocklist (seed identity_blocklist: an exact value or a LIKE
-- pattern, case-insensitive), each once with the first reason listed for it.
with

identifiers as (
    select distinct
        identifier_type,
        identifier_value
    from {{ ref('int_identity__record_identifiers') }}
),

blocklist_seed as (
    select * from {{ ref('identity_blocklist') }}
),

-- Empty CSV cells load as NULL on DuckDB but as the text 'None' through dbt-spark seeds.
blocklist as (
    select
        blocklist_seed.identifier_type,
        case
            when trim(blocklist_seed.value) not in ('', 'None') then trim(blocklist_seed.value)
        end as blocked_value,
        case
            when trim(blocklist_seed.pattern) not in ('', 'None') then trim(blocklist_seed.pattern)
        end as blocked_pattern,
        blocklist_seed.reason
    from blocklist_seed
),

blocklist_matches as (
    select
        identifiers.identifier_type,
        identifiers.identifier_value,
        min(blocklist.reason) as blocklist_reason
    from identifiers
    inner join blocklist
        on
            identifiers.identifier_type = blocklist.identifier_type
            and (
                lower(identifiers.identifier_value) = lower(blocklist.blocked_value)
                or lower(identifiers.identifier_value) like lower(blocklist.blocked_pattern)
            )
    group by identifiers.identifier_type, identifiers.identifier_value
)

select * from blocklist_matches

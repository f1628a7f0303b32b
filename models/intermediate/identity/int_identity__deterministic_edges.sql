{#- Star edges: every record sharing a usable identifier value links to one anchor, the
    smallest record_key holding it (n - 1 edges per value, not n²/2). Values in the
    exclusions never link. -#}
with

identifiers as (
    select * from {{ ref('int_identity__record_identifiers') }}
),

exclusions as (
    select * from {{ ref('int_identity__identifier_exclusions') }}
),

usable_identifiers as (
    select
        identifiers.record_key,
        identifiers.identifier_type,
        identifiers.identifier_value
    from identifiers
    left join exclusions
        on
            identifiers.identifier_type = exclusions.identifier_type
            and identifiers.identifier_value = exclusions.identifier_value
    where exclusions.identifier_value is null
),

anchored as (
    select
        record_key,
        min(record_key) over (
            partition by identifier_type, identifier_value
        ) as anchor_record_key,
        identifier_type,
        identifier_value
    from usable_identifiers
),

final as (
    select
        record_key,
        anchor_record_key,
        identifier_type,
        identifier_value
    from anchored
    where record_key <> anchor_record_key
)

select * from final

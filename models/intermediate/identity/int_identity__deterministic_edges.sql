-- DEV STAND-IN for helper A's deterministic edges: star edges on a shared email or shop id.
with

records as (
    select * from {{ ref('int_identity__records') }}
),

identifiers as (
    select record_key, 'email' as identifier_type, email as identifier_value
    from records
    where email is not null and email not like 'test@%'
    union all
    select record_key, 'shop_customer_id' as identifier_type, shop_customer_id as identifier_value
    from records
    where shop_customer_id is not null
),

anchored as (
    select
        record_key,
        identifier_type,
        identifier_value,
        min(record_key) over (partition by identifier_type, identifier_value) as anchor_record_key
    from identifiers
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

{#- Every source record identity resolution read, with its person and its normalised values:
    the one place customer 360 puts the identity map and the canonical records together.
    A staged row reaches its person by joining here on `source_name` + `source_record_id`. -#}
with

identity_map as (
    select
        record_key,
        person_id
    from {{ ref('customer_identity_map') }}
),

records as (
    select * from {{ ref('identity_canonical_records') }}
),

final as (
    select
        identity_map.person_id,
        records.*
    from records
    inner join identity_map
        on records.record_key = identity_map.record_key
)

select * from final

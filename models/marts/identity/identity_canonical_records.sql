{#- Every record identity resolution read, once, in its normalised (canonical) form: what
    other areas read about a record's values without reaching into identity's own models. -#}
with

records as (
    select * from {{ ref('int_identity__normalised_records') }}
),

final as (
    select
        {{ contract_columns() }}
    from records
)

select * from final

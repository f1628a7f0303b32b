with

source as (
    select * from {{ source('web', 'identifies') }}
),

renamed as (
    select
        {{ clean_text('event_id') }} as event_id,
        {{ clean_text('cookie_id') }} as cookie_id,
        {{ clean_text('device_id') }} as device_id,
        customer_id,
        {{ clean_email('email') }} as email,
        cast(occurred_at as timestamp) as occurred_at,
        {{ airbyte_record_columns('event_id') }}
    from source
),

classified as (
    {{ rows_with_quarantine_reason('renamed', 'event_id', timestamps=['occurred_at']) }}
)

select * from classified

with

source as (
    select * from {{ source('support', 'tickets') }}
),

renamed as (
    select
        ticket_id,
        {{ clean_email('requester_email') }} as requester_email,
        {{ clean_text('requester_phone') }} as requester_phone,
        {{ clean_text('requester_name') }} as requester_name,
        lower({{ clean_text('channel') }}) as channel,
        lower({{ clean_text('category') }}) as category,
        lower({{ clean_text('status') }}) as status,
        cast(created_at as timestamp) as created_at,
        cast(updated_at as timestamp) as updated_at,
        {{ airbyte_record_columns('ticket_id') }}
    from source
),

classified as (
    {{ rows_with_quarantine_reason(
        'renamed',
        'ticket_id',
        cursor='updated_at',
        timestamps=['created_at'],
    ) }}
)

select * from classified

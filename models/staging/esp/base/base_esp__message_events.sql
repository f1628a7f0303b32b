with

source as (
    select * from {{ source('esp', 'message_events') }}
),

renamed as (
    select
        {{ clean_text('event_id') }} as message_event_id,
        {{ clean_text('send_id') }} as send_id,
        lower({{ clean_text('event_type') }}) as event_type,
        {{ clean_text('clicked_url') }} as clicked_url,
        {{ url_query_parameter(clean_text('clicked_url'), 'cid') }} as link_crm_contact_id,
        cast(occurred_at as timestamp) as occurred_at,
        {{ airbyte_record_columns('event_id') }}
    from source
),

classified as (
    {{ rows_with_quarantine_reason(
        'renamed',
        'message_event_id',
        timestamps=['occurred_at'],
        checks=[['send_id is null', 'missing_foreign_key']],
    ) }}
)

select * from classified

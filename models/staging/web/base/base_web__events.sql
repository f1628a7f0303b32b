with

source as (
    select * from {{ source('web', 'events') }}
),

renamed as (
    select
        {{ clean_text('event_id') }} as event_id,
        {{ clean_text('cookie_id') }} as cookie_id,
        {{ clean_text('device_id') }} as device_id,
        {{ clean_text('session_id') }} as session_id,
        lower({{ clean_text('event_type') }}) as event_type,
        {{ clean_text('page_path') }} as page_path,
        {{ clean_text('query_string') }} as query_string,
        {{ url_query_parameter(clean_text('query_string'), 'cid') }} as link_crm_contact_id,
        {{ url_query_parameter(clean_text('query_string'), 'utm_campaign') }} as link_campaign_id,
        product_id,
        {{ clean_text('referrer') }} as referrer,
        {{ clean_text('user_agent') }} as user_agent,
        cast(occurred_at as timestamp) as occurred_at,
        {{ airbyte_record_columns('event_id') }}
    from source
),

classified as (
    {{ rows_with_quarantine_reason('renamed', 'event_id', timestamps=['occurred_at']) }}
)

select * from classified

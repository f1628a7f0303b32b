with

source as (
    select * from {{ source('esp', 'sends') }}
),

renamed as (
    select
        {{ clean_text('send_id') }} as send_id,
        {{ clean_text('campaign_id') }} as campaign_id,
        lower({{ clean_text('channel') }}) as channel,
        {{ clean_email('email') }} as email,
        {{ clean_text('phone') }} as phone,
        {{ clean_text('crm_contact_id') }} as crm_contact_id,
        cast(sent_at as timestamp) as sent_at,
        {{ airbyte_record_columns('send_id') }}
    from source
),

classified as (
    {{ rows_with_quarantine_reason('renamed', 'send_id', timestamps=['sent_at'], checks=[
        ['campaign_id is null', 'missing_foreign_key'],
    ]) }}
)

select * from classified

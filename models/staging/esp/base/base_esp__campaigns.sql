with

source as (
    select * from {{ source('esp', 'campaigns') }}
),

renamed as (
    select
        {{ clean_text('campaign_id') }} as campaign_id,
        {{ clean_text('campaign_name') }} as campaign_name,
        lower({{ clean_text('channel') }}) as channel,
        {{ clean_text('subject') }} as subject,
        cast(scheduled_at as timestamp) as scheduled_at,
        {{ airbyte_record_columns('campaign_id') }}
    from source
),

classified as (
    {{ rows_with_quarantine_reason('renamed', 'campaign_id') }}
)

select * from classified

-- Data errors per raw table and extraction day: is a source getting worse since a sync?
with

quarantined_rows as (
    select * from {{ ref('audit_quarantined_rows') }}
),

data_errors as (
    select
        source_table,
        quarantine_reason,
        cast(_airbyte_extracted_at as date) as extracted_date
    from quarantined_rows
    where is_data_error
),

daily_counts as (
    select
        source_table,
        quarantine_reason,
        extracted_date,
        count(*) as data_error_rows
    from data_errors
    group by source_table, quarantine_reason, extracted_date
)

select * from daily_counts

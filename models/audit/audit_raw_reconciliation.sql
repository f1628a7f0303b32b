with

quarantined_rows as (
    select * from {{ ref('audit_quarantined_rows') }}
),

row_counts as (
    {%- for base in base_models_with_sources() %}
        {%- set staging_model = base.model | replace("base_", "stg_", 1) %}
        select
            '{{ base.source_table }}' as source_table,
            '{{ staging_model }}' as staging_model,
            count(*) as raw_rows,
            0 as staged_rows
        from {{ ref(base.model) }}

        union all

        select
            '{{ base.source_table }}' as source_table,
            '{{ staging_model }}' as staging_model,
            0 as raw_rows,
            count(*) as staged_rows
        from {{ ref(staging_model) }}
        {%- if not loop.last %}

            union all
        {%- endif %}
    {%- endfor %}
),

table_counts as (
    select
        source_table,
        staging_model,
        sum(raw_rows) as raw_rows,
        sum(staged_rows) as staged_rows
    from row_counts
    group by source_table, staging_model
),

quarantine_counts as (
    select
        source_table,
        count(*) as quarantined_rows,
        sum(case when is_data_error then 1 else 0 end) as data_error_rows,
        sum(case when is_data_error then 0 else 1 end) as deduplicated_rows
    from quarantined_rows
    group by source_table
),

reconciled as (
    select
        table_counts.source_table,
        table_counts.staging_model,
        table_counts.raw_rows,
        table_counts.staged_rows,
        coalesce(quarantine_counts.quarantined_rows, 0) as quarantined_rows,
        coalesce(quarantine_counts.data_error_rows, 0) as data_error_rows,
        coalesce(quarantine_counts.deduplicated_rows, 0) as deduplicated_rows,
        table_counts.raw_rows = table_counts.staged_rows
        + coalesce(quarantine_counts.quarantined_rows, 0) as is_reconciled
    from table_counts
    left join quarantine_counts
        on table_counts.source_table = quarantine_counts.source_table
)

select * from reconciled

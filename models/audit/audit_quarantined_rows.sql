with

quarantined_rows as (
    {%- for base in base_models_with_sources() %}
        select
            '{{ base.source_table }}' as source_table,
            _airbyte_raw_id,
            _airbyte_extracted_at,
            source_record_key,
            quarantine_reason
        from {{ ref(base.model) }}
        where quarantine_reason is not null
        {%- if not loop.last %}

            union all
        {%- endif %}
    {%- endfor %}
),

classified as (
    select
        source_table,
        _airbyte_raw_id,
        _airbyte_extracted_at,
        source_record_key,
        quarantine_reason,
        quarantine_reason not in ('superseded_version', 'duplicate_row') as is_data_error
    from quarantined_rows
)

select * from classified

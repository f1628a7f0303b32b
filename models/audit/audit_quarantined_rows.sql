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

-- The primary key: the Airbyte raw id, or for a row quarantined without one a surrogate from
-- what the row still says (table, source key, extraction time), numbered within rows that say
-- the same, so a raw row without lineage is still one row here.
keyed as (
    select
        *,
        row_number() over (
            partition by source_table, source_record_key, _airbyte_extracted_at, _airbyte_raw_id
            order by quarantine_reason asc nulls last
        ) as same_bookkeeping_number
    from quarantined_rows
),

classified as (
    select
        coalesce(
            _airbyte_raw_id,
            {{ dbt.concat([
                "'missing_airbyte_raw_id:'",
                "source_table",
                "':'",
                dbt.hash(dbt.concat([
                    "coalesce(source_record_key, '')",
                    "'|'",
                    "coalesce(cast(_airbyte_extracted_at as " ~ dbt.type_string() ~ "), '')",
                ])),
                "':'",
                "cast(same_bookkeeping_number as " ~ dbt.type_string() ~ ")",
            ]) }}
        ) as quarantined_row_id,
        source_table,
        _airbyte_raw_id,
        _airbyte_extracted_at,
        source_record_key,
        quarantine_reason,
        quarantine_reason not in ('superseded_version', 'duplicate_row') as is_data_error
    from keyed
)

select * from classified

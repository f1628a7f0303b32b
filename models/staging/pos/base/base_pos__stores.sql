{#- Opening dates typed by hand in the export: ISO `YYYY-MM-DD` or French `DD/MM/YYYY`. -#}
{%- set opened_on = clean_text('opened_on') %}
with

source as (
    select * from {{ source('pos', 'stores') }}
),

renamed as (
    select
        upper({{ clean_text('store_id') }}) as store_id,
        {{ clean_text('store_name') }} as store_name,
        {{ clean_text('city') }} as city,
        upper({{ clean_text('postcode') }}) as postcode,
        upper({{ clean_text('country_code') }}) as country_code,
        {{ opened_on }} as opened_date_text,
        case
            when {{ opened_on }} like '__/__/____'
                then try_cast({{ dbt.concat([
                    'substr(' ~ opened_on ~ ', 7, 4)', "'-'",
                    'substr(' ~ opened_on ~ ', 4, 2)', "'-'",
                    'substr(' ~ opened_on ~ ', 1, 2)',
                ]) }} as date)
            else try_cast({{ opened_on }} as date)
        end as opened_date,
        cast(store_id as {{ dbt.type_string() }}) as source_record_key,
        cast(_airbyte_raw_id as {{ dbt.type_string() }}) as _airbyte_raw_id,
        cast(_airbyte_extracted_at as timestamp) as _airbyte_extracted_at,
        {{ airbyte_meta_has_change_on('store_id') }} as has_airbyte_error_on_key
    from source
),

validated as (
    select
        *,
        opened_date_text is not null and opened_date is null as has_invalid_opened_date,
        case
            when has_airbyte_error_on_key then 'airbyte_error_on_primary_key'
            when store_id is null then 'missing_primary_key'
        end as invalid_reason
    from renamed
),

classified as (
    select
        *,
        {{ quarantine_reason('store_id') }} as quarantine_reason
    from validated
)

select * from classified

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
        {{ airbyte_record_columns('store_id') }}
    from source
),

validated as (
    select
        *,
        opened_date_text is not null and opened_date is null as has_invalid_opened_date
    from renamed
),

classified as (
    {{ rows_with_quarantine_reason('validated', 'store_id') }}
)

select * from classified

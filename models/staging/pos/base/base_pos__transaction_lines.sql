{#- The tills export CSV, so every column arrives as text and is parsed here. The primary key
    is (transaction_id, line_number): the transaction id must end in a whole receipt number
    after its last `-` (as in `base_pos__transactions`), the line number must be a whole
    number. -#}
with

source as (
    select * from {{ source('pos', 'transaction_lines') }}
),

renamed as (
    select
        {{ clean_text('transaction_id') }} as transaction_id,
        {{ clean_text('line_number') }} as line_number_text,
        try_cast({{ clean_text('line_number') }} as integer) as line_number,
        try_cast({{ clean_text('product_id') }} as bigint) as product_id,
        try_cast({{ clean_text('quantity') }} as integer) as quantity,
        {{ clean_text('unit_price') }} as unit_price_text,
        {{ parse_decimal('unit_price') }} as unit_price,
        {{ airbyte_record_columns(['transaction_id', 'line_number']) }}
    from source
),

validated as (
    select
        *,
        {{ dbt.concat([
            'transaction_id', "'-'", 'cast(line_number as ' ~ dbt.type_string() ~ ')'
        ]) }} as transaction_line_id,
        unit_price_text is not null and unit_price is null as has_invalid_amount,
        {{ row_invalid_reason(['transaction_id', 'line_number_text'], checks=[[
            'not ' ~ is_digits(dbt.split_part('transaction_id', "'-'", -1))
            ~ " or not " ~ is_digits('line_number_text') ~ ' or line_number is null',
            'unparseable_primary_key',
        ]]) }} as invalid_reason
    from renamed
),

classified as (
    select
        *,
        {{ quarantine_reason(['transaction_id', 'line_number']) }} as quarantine_reason
    from validated
)

select * from classified

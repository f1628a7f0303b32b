{#- The tills export CSV, so every column arrives as text and is parsed here. Till clocks are
    local and exported without an offset: `transaction_at` is converted to UTC. A transaction id
    is `<store>-<receipt number>`; it is unparseable when the part after its last `-` is not a
    whole number (e.g. 'N/A'). -#}
{%- set till_time_zone = var('pos_till_time_zone') %}
with

source as (
    select * from {{ source('pos', 'transactions') }}
),

renamed as (
    select
        {{ clean_text('transaction_id') }} as transaction_id,
        upper({{ clean_text('store_id') }}) as store_id,
        {{ clean_text('till_device_id') }} as till_device_id,
        {{ clean_text('transaction_at') }} as transaction_at_text,
        {{ local_to_utc(
            'try_cast(' ~ clean_text('transaction_at') ~ ' as timestamp)', till_time_zone
        ) }} as transaction_at,
        {{ clean_text('loyalty_card_number') }} as loyalty_card_number,
        {{ clean_email('receipt_email') }} as receipt_email,
        lower({{ clean_text('payment_method') }}) as payment_method,
        {{ clean_text('total_amount') }} as total_amount_text,
        {{ parse_decimal('total_amount') }} as total_amount,
        upper({{ clean_text('currency') }}) as currency,
        {{ airbyte_record_columns('transaction_id') }}
    from source
),

validated as (
    select
        *,
        total_amount_text is not null and total_amount is null as has_invalid_amount
    from renamed
),

classified as (
    {#- Unparseable before impossible: an unparseable timestamp is NULL, so impossible too. #}
    {{ rows_with_quarantine_reason('validated', 'transaction_id', checks=[
        [
            'not ' ~ is_digits(dbt.split_part('transaction_id', "'-'", -1)),
            'unparseable_primary_key',
        ],
        ['transaction_at_text is not null and transaction_at is null', 'unparseable_timestamp'],
        [is_impossible_timestamp('transaction_at'), 'impossible_date'],
    ]) }}
)

select * from classified

{#- The canonical raw columns of an identity record, in order, with their SQL types: what
    `int_identity__records_to_resolve` holds and what a bring-your-own input relation may have. -#}
{% macro identity_canonical_columns() -%}
    {%- set string = dbt.type_string() -%}
    {{ return([
        ('source_name', string),
        ('source_record_id', string),
        ('first_name', string),
        ('last_name', string),
        ('date_of_birth', 'date'),
        ('email', string),
        ('phone', string),
        ('street_address', string),
        ('postcode', string),
        ('city', string),
        ('country', string),
        ('crm_contact_id', string),
        ('shop_customer_id', string),
        ('loyalty_card_number', string),
        ('cookie_id', string),
        ('device_id', string),
        ('record_seen_at', dbt.type_timestamp()),
    ]) }}
{%- endmacro %}

{#- The deterministic identifier columns of the canonical records, in one place: the long form
    of `int_identity__record_identifiers`, the guards, the blanking of excluded values before
    scoring and the shares-an-identifier flag of candidate pairs all read this list. -#}
{% macro identity_identifier_types() %}
    {{ return([
        'email', 'phone', 'crm_contact_id', 'shop_customer_id', 'loyalty_card_number',
        'cookie_id', 'device_id',
    ]) }}
{% endmacro %}

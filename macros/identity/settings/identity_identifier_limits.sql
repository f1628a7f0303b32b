{#- The guards per identifier type. `max_distinct_<attr>`: the most distinct values of another
    attribute one identifier value may be seen with (attr among names, birth_dates,
    crm_contact_ids, shop_customer_ids, loyalty_card_numbers, emails, phones, cookie_ids,
    device_ids); `max_first_name_conflicts`: pairs of first names on the value that no typo,
    nickname, initial or swap explains; `max_birth_date_conflicts`: pairs of birth dates on the
    value that no typo explains (one digit, day and month transposed, two digits of one part); `max_records`: records carrying the value. Var
    `identity_identifier_limits` overrides them key by key (`{email: {max_distinct_names:
    5}}`; null removes one); a key no one sets is no limit. Defaults measured on the
    generator: one person's values never show two birth dates no typo explains, shop accounts,
    loyalty cards or conflicting first names; family mailboxes and household landlines do. A
    CRM contact id from email links (`web_email_click`) lands on one anonymous device of its
    owner (two for 1 contact in 10,000): on two or more, the email was forwarded; a cookie or
    device with two contacts' links is shared. -#}
{% macro identity_identifier_limits() -%}
    {%- set person_conflicts = {
        'max_distinct_names': 3,
        'max_first_name_conflicts': 0,
        'max_birth_date_conflicts': 0,
        'max_distinct_shop_customer_ids': 1,
        'max_distinct_loyalty_card_numbers': 1,
        'max_records': 100000,
    } -%}
    {%- set defaults = {
        'email': person_conflicts,
        'phone': person_conflicts,
        'loyalty_card_number': {
            'max_distinct_names': 3,
            'max_first_name_conflicts': 0,
            'max_birth_date_conflicts': 0,
            'max_distinct_crm_contact_ids': 2,
        },
        'crm_contact_id': {'max_birth_date_conflicts': 0, 'max_distinct_device_ids': 1},
        'shop_customer_id': {'max_birth_date_conflicts': 0},
        'cookie_id': {
            'max_distinct_shop_customer_ids': 1,
            'max_distinct_crm_contact_ids': 1,
            'max_distinct_emails': 3,
        },
        'device_id': {
            'max_distinct_shop_customer_ids': 1,
            'max_distinct_crm_contact_ids': 1,
            'max_distinct_emails': 3,
            'max_distinct_cookie_ids': 20,
        },
    } -%}
    {%- set overrides = var('identity_identifier_limits') or {} -%}
    {%- set limits = {} -%}
    {%- for identifier_type in (defaults.keys() | list) + (overrides.keys() | list) -%}
        {%- set merged = {} -%}
        {%- do merged.update(defaults.get(identifier_type, {})) -%}
        {%- do merged.update(overrides.get(identifier_type, {}) or {}) -%}
        {%- do limits.update({identifier_type: merged}) -%}
    {%- endfor -%}
    {{ return(limits) }}
{%- endmacro %}

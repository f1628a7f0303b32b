{#- Every value a person's records offer for a golden attribute, from the sources the
    survivorship seed allows for it. Display values keep the source's casing (staging);
    `value_normalised` is identity resolution's form, so "COLIN" and "Colin" count as one.
    An email, phone or loyalty card that identity resolution excluded carries its reason:
    survivorship drops blocklisted values and ranks shared ones last. -#}
{%- set string = dbt.type_string() -%}
{#- attribute: (display value, normalised value) in `record_values` -#}
{%- set attributes = {
    'first_name': ('first_name_display', 'first_name_normalised'),
    'last_name': ('last_name_display', 'last_name_normalised'),
    'email': ('email', 'email'),
    'phone': ('phone', 'phone'),
    'street_address': ('street_address_display', 'street_address_normalised'),
    'postcode': ('postcode_display', 'postcode_normalised'),
    'city': ('city_display', 'city_normalised'),
    'country': ('country', 'country'),
    'date_of_birth': ('date_of_birth', 'date_of_birth'),
    'loyalty_card_number': ('loyalty_card_number', 'loyalty_card_number'),
    'home_store_id': ('home_store_id', 'home_store_id'),
    'preferred_language': ('preferred_language', 'preferred_language'),
} -%}

with

person_records as (
    select * from {{ ref('int_customer_360__person_records') }}
),

contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

customers as (
    select * from {{ ref('stg_shop__customers') }}
),

orders as (
    select * from {{ ref('stg_shop__orders') }}
),

transactions as (
    select * from {{ ref('stg_pos__transactions') }}
),

rules as (
    select * from {{ ref('customer_360_survivorship_rules') }}
),

exclusions as (
    select * from {{ ref('identity_excluded_identifiers') }}
),

-- One row per record with the person it belongs to and its values, cased where staging has
-- them (identity resolution keeps only normalised forms).
record_values as (
    select
        person_records.person_id,
        person_records.record_key,
        person_records.source_name,
        person_records.source_record_id,
        person_records.record_seen_at,
        coalesce(contacts.first_name, customers.first_name) as first_name_display,
        person_records.first_name as first_name_normalised,
        coalesce(contacts.last_name, customers.last_name) as last_name_display,
        person_records.last_name as last_name_normalised,
        person_records.email,
        person_records.phone,
        coalesce(contacts.street_address, customers.default_street_address)
            as street_address_display,
        person_records.street_address as street_address_normalised,
        coalesce(contacts.postcode, customers.default_postcode, orders.shipping_postcode)
            as postcode_display,
        person_records.postcode as postcode_normalised,
        coalesce(contacts.city, customers.default_city, orders.shipping_city) as city_display,
        person_records.city as city_normalised,
        person_records.country,
        cast(person_records.date_of_birth as {{ string }}) as date_of_birth,
        person_records.loyalty_card_number,
        coalesce(contacts.home_store_id, transactions.store_id) as home_store_id,
        contacts.preferred_language
    from person_records
    left join contacts
        on
            person_records.source_name = 'crm_contact'
            and person_records.source_record_id = contacts.contact_id
    left join customers
        on
            person_records.source_name = 'shop_customer'
            and person_records.source_record_id = customers.source_record_key
    left join orders
        on
            person_records.source_name = 'shop_order'
            and person_records.source_record_id = orders.source_record_key
    left join transactions
        on
            person_records.source_name = 'pos_transaction'
            and person_records.source_record_id = transactions.transaction_id
    -- A contact deleted in the CRM no longer vouches for its values.
    where contacts.is_deleted is null or not contacts.is_deleted
),

-- Long form: one row per record and attribute. A source without a cased value falls back to
-- the normalised one; the normalised value falls back to the trimmed, lower-cased display.
unpivoted as (
    {%- for attribute, columns in attributes.items() %}
        select
            person_id,
            cast('{{ attribute }}' as {{ string }}) as attribute,  -- noqa: RF04
            cast(coalesce({{ columns[0] }}, {{ columns[1] }}) as {{ string }}) as candidate_value,
            cast(
                coalesce({{ columns[1] }}, lower(trim({{ columns[0] }}))) as {{ string }}
            ) as candidate_value_normalised,
            source_name,
            source_record_id,
            record_key,
            record_seen_at
        from record_values
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

final as (
    select
        {{ generate_surrogate_key(['unpivoted.attribute', 'unpivoted.record_key']) }}
            as attribute_candidate_id,
        unpivoted.person_id,
        unpivoted.attribute,
        unpivoted.candidate_value,
        unpivoted.candidate_value_normalised,
        unpivoted.source_name,
        unpivoted.source_record_id,
        unpivoted.record_key,
        cast(rules.priority as integer) as source_priority,
        unpivoted.record_seen_at as candidate_seen_at,
        exclusions.exclusion_reason as identity_exclusion_reason
    from unpivoted
    -- Only the sources the seed lists for an attribute may supply it; NULLs never compete.
    inner join rules
        on
            unpivoted.attribute = rules.attribute
            and unpivoted.source_name = rules.source_name
    -- Identifier types are named like the attributes they are (email, phone, loyalty card).
    left join exclusions
        on
            unpivoted.attribute = exclusions.identifier_type
            and unpivoted.candidate_value_normalised = exclusions.identifier_value
    where unpivoted.candidate_value is not null
)

select * from final

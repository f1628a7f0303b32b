{#- Per identifier value: how many records carry it and, for each attribute its type limits
    (`max_distinct_<attribute>` in identity_identifier_limits), how many distinct values of
    that attribute it is seen with; and the limits it breaks: too many records
    (`over_type_limit_detail`) or too many distinct values (`distinct_limit_detail`,
    '; distinct <attribute> > <limit>' per limit broken, '' when none). -#}
{%- set limits = identity_identifier_limits() -%}
{#- Attribute name in the limits → column of the records counted distinct. -#}
{%- set attributes = {
    'names': 'full_name',
    'birth_dates': 'date_of_birth',
    'crm_contact_ids': 'crm_contact_id',
    'shop_customer_ids': 'shop_customer_id',
    'loyalty_card_numbers': 'loyalty_card_number',
    'emails': 'email',
    'phones': 'phone',
    'cookie_ids': 'cookie_id',
    'device_ids': 'device_id',
} -%}

with

identifiers as (
    select * from {{ ref('int_identity__record_identifiers') }}
),

records as (
    select * from {{ ref('int_identity__normalised_records') }}
),

identifier_records as (
    select
        identifiers.identifier_type,
        identifiers.identifier_value,
        records.date_of_birth,
        records.crm_contact_id,
        records.shop_customer_id,
        records.loyalty_card_number,
        records.email,
        records.phone,
        records.cookie_id,
        records.device_id,
        {{ dbt.concat([
            'records.first_name_canonical', "' '", 'records.last_name'
        ]) }} as full_name
    from identifiers
    inner join records
        on identifiers.record_key = records.record_key
),

-- One branch per identifier type: its limits are known here, so each counts only the
-- attributes its type limits and writes the text of the limits it breaks.
statistics as (
    {%- for identifier_type in identity_identifier_types() %}
        {%- set type_limits = limits.get(identifier_type, {}) %}
        {%- set max_records = type_limits.get('max_records') %}
        {%- set distinct_limit_hits = ["''"] %}
        select
            identifier_type,
            identifier_value,
            count(*) as record_count,
            {%- for attribute, column in attributes.items() %}
                {%- set limit = type_limits.get('max_distinct_' ~ attribute) %}
                {%- if limit is not none %}
                    {%- do distinct_limit_hits.append(
                        "case when count(distinct " ~ column ~ ") > " ~ limit
                        ~ " then '; distinct " ~ attribute ~ " > " ~ limit ~ "' else '' end"
                    ) %}
                    count(distinct {{ column }}) as distinct_{{ attribute }}_count,
                {%- else %}
                    cast(null as {{ dbt.type_bigint() }}) as distinct_{{ attribute }}_count,
                {%- endif %}
            {%- endfor %}
            {%- if max_records is not none %}
                case
                    when count(*) > {{ max_records }} then 'records > {{ max_records }}'
                end as over_type_limit_detail,
            {%- else %}
                cast(null as {{ dbt.type_string() }}) as over_type_limit_detail,
            {%- endif %}
            {{ dbt.concat(distinct_limit_hits) }} as distinct_limit_detail
        from identifier_records
        where identifier_type = '{{ identifier_type }}'
        group by identifier_type, identifier_value
        {%- if not loop.last %}

            union all
        {%- endif %}
    {%- endfor %}
)

select * from statistics

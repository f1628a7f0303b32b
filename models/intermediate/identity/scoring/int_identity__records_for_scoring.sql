-- Jinja loops generate this SQL and the linter cannot indent it: layout.indent is off here.
-- noqa: disable=LT02
-- The canonical records as probabilistic scoring sees them: junk names and excluded identifier
-- values blanked (they must not make strangers look alike), records named only with junk
-- (fake identities) left out, derived comparison keys, the term
-- frequency of each value, and one representative per group of identical records that share a
-- usable identifier (the others are linked to it deterministically, comparing them again adds
-- nothing but pairs).
{%- set identifier_types = identity_identifier_types() %}
{%- set junk_names = identity_junk_name_values() %}
{%- set junk_list = "'" ~ junk_names | join("', '") ~ "'" %}
{%- set signature_columns = [
    'first_name', 'first_name_canonical', 'last_name', 'date_of_birth', 'email', 'phone',
    'street_address', 'postcode', 'city', 'crm_contact_id', 'shop_customer_id',
    'loyalty_card_number', 'cookie_id', 'device_id',
] %}

with

records as (
    select * from {{ ref('int_identity__normalised_records') }}
),

exclusions as (
    select * from {{ ref('int_identity__identifier_exclusions') }}
),

term_frequencies as (
    select * from {{ ref('int_identity__term_frequencies') }}
),

excluded_values as (
    select distinct
        identifier_type,
        identifier_value
    from exclusions
),

guarded as (
    select
        records.record_key,
        {%- for name_column in ['first_name', 'first_name_canonical', 'last_name'] %}
        case
            when records.{{ name_column }} in ({{ junk_list }}) then null
            else nullif(trim(records.{{ name_column }}), '')
        end as {{ name_column }},
        {%- endfor %}
        -- Named only with placeholders (Test Test, xxx): a fake identity, its birth date and
        -- address as made up as its name.
        coalesce(records.first_name_canonical, records.last_name) is not null
        and coalesce(records.first_name_canonical in ({{ junk_list }}), true)
        and coalesce(records.last_name in ({{ junk_list }}), true) as is_placeholder_identity,
        records.date_of_birth,
        nullif(trim(records.street_address), '') as street_address,
        nullif(trim(records.postcode), '') as postcode,
        nullif(trim(records.city), '') as city,
        {%- for identifier in identifier_types %}
        case
            when excluded_{{ identifier }}.identifier_value is null
                then nullif(trim(records.{{ identifier }}), '')
        end as {{ identifier }}{{ ',' if not loop.last }}
        {%- endfor %}
    from records
    {%- for identifier in identifier_types %}
    left join excluded_values as excluded_{{ identifier }}
        on excluded_{{ identifier }}.identifier_type = '{{ identifier }}'
        and records.{{ identifier }} = excluded_{{ identifier }}.identifier_value
    {%- endfor %}
),

keyed as (
    select
        *,
        {{ dbt.split_part('email', "'@'", 1) }} as email_local_part,
        {{ dbt.split_part('email', "'@'", 2) }} as email_domain,
        right(phone, 8) as phone_last_8_digits,
        {{ soundex('last_name') }} as last_name_soundex,
        coalesce(
            {{ identifier_types | join(', ') }}
        ) is not null as has_usable_identifier
    from guarded
    -- A record with nothing to compare, or a fake identity, is not scored.
    where not is_placeholder_identity and coalesce(
        first_name, last_name, cast(date_of_birth as {{ dbt.type_string() }}), email, phone,
        postcode, city
    ) is not null
),

-- Identical records: partitioned on the compared values themselves (NULLs together), which
-- is cheaper than hashing them into one key first.
ranked as (
    select
        *,
        row_number() over (
            partition by {{ signature_columns | join(', ') }}
            order by record_key asc nulls last
        ) as signature_rank,
        count(*) over (partition by {{ signature_columns | join(', ') }}) as signature_records
    from keyed
),

representatives as (
    select * from ranked
    where not has_usable_identifier or signature_rank = 1
),

final as (
    select
        representatives.record_key,
        representatives.first_name,
        representatives.first_name_canonical,
        representatives.last_name,
        representatives.date_of_birth,
        representatives.email,
        representatives.email_local_part,
        representatives.email_domain,
        representatives.phone,
        representatives.phone_last_8_digits,
        representatives.last_name_soundex,
        representatives.street_address,
        representatives.postcode,
        representatives.city,
        {%- for identifier in identifier_types if identifier not in ['email', 'phone'] %}
        representatives.{{ identifier }},
        {%- endfor %}
        case
            when representatives.has_usable_identifier
                then representatives.signature_records
            else 1
        end as represented_record_count,
        tf_first_name.term_frequency as tf_first_name,
        tf_last_name.term_frequency as tf_last_name,
        tf_postcode.term_frequency as tf_postcode,
        tf_city.term_frequency as tf_city,
        tf_address.term_frequency as tf_address,
        tf_email_local_part.term_frequency as tf_email_local_part
    from representatives
    left join term_frequencies as tf_first_name
        on tf_first_name.term_type = 'first_name'
        and representatives.first_name_canonical = tf_first_name.term_value
    left join term_frequencies as tf_last_name
        on tf_last_name.term_type = 'last_name'
        and representatives.last_name = tf_last_name.term_value
    left join term_frequencies as tf_postcode
        on tf_postcode.term_type = 'postcode'
        and representatives.postcode = tf_postcode.term_value
    left join term_frequencies as tf_city
        on tf_city.term_type = 'city'
        and representatives.city = tf_city.term_value
    left join term_frequencies as tf_email_local_part
        on tf_email_local_part.term_type = 'email_local_part'
        and representatives.email_local_part = tf_email_local_part.term_value
    left join term_frequencies as tf_address
        on tf_address.term_type = 'address'
        and {{ dbt.concat(['representatives.street_address', "'|'", 'representatives.postcode']) }}
        = tf_address.term_value
)

select * from final

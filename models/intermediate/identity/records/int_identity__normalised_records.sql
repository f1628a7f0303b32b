with

source_records as (
    select * from {{ ref('int_identity__records_to_resolve') }}
),

phone_countries as (
    select * from {{ ref('identity_phone_countries') }}
),

-- Dialling rules per calling code, pooled over the regions sharing one (+1, +39, +44…).
phone_calling_codes as (
    select
        calling_code,
        max(case when is_leading_zero_significant then 1 else 0 end) = 1
            as is_leading_zero_significant,
        min(national_number_min_length) as national_number_min_length,
        max(national_number_max_length) as national_number_max_length
    from phone_countries
    group by calling_code
),

-- Phones as dialled from abroad: national forms by the rules of the record's country, else
-- of var identity_default_country.
dialled_phones as (
    select
        source_records.*,
        {{ dial_phone('source_records.phone', 'record_country') }} as phone_dialled
    from source_records
    left join phone_countries as record_country
        on coalesce(
            nullif(upper(trim(source_records.country)), ''),
            '{{ var("identity_default_country") }}'
        ) = record_country.region
),

-- Phones in E.164, checked against the rules of the calling code they start with.
normalised_phones as (
    select
        dialled_phones.*,
        {{ normalise_phone('dialled_phones.phone_dialled', ['code_1', 'code_2', 'code_3']) }}
            as phone_e164
    from dialled_phones
    left join phone_calling_codes as code_1
        on substr(dialled_phones.phone_dialled, 1, 1) = code_1.calling_code
    left join phone_calling_codes as code_2
        on substr(dialled_phones.phone_dialled, 1, 2) = code_2.calling_code
    left join phone_calling_codes as code_3
        on substr(dialled_phones.phone_dialled, 1, 3) = code_3.calling_code
),

nicknames as (
    select * from {{ ref('identity_nicknames') }}
),

normalised_nicknames as (
    select
        {{ normalise_name('nickname') }} as nickname,
        min({{ normalise_name('canonical_first_name') }}) as canonical_first_name
    from nicknames
    group by {{ normalise_name('nickname') }}
),

normalised as (
    select
        {{ dbt.concat([
            'source_name', "':'", clean_text('source_record_id')
        ]) }} as record_key,
        source_name,
        {{ clean_text('source_record_id') }} as source_record_id,
        {{ normalise_name('first_name') }} as first_name,
        {{ normalise_name('last_name') }} as last_name,
        date_of_birth,
        {{ normalise_email('email') }} as email,
        phone_e164 as phone,
        {{ normalise_text('street_address') }} as street_address,
        {{ normalise_postcode('postcode', 'country') }} as postcode,
        {{ normalise_text('city') }} as city,
        case
            when {{ matches_regexp('upper(trim(country))', '^[A-Z]{2}$') }}
                then upper(trim(country))
        end as country,
        record_seen_at,
        upper({{ clean_text('crm_contact_id') }}) as crm_contact_id,
        {{ clean_text('shop_customer_id') }} as shop_customer_id,
        nullif(
            {{ regexp_replace_all('upper(' ~ clean_text('loyalty_card_number') ~ ')',
                '[^A-Z0-9]', '') }},
            ''
        ) as loyalty_card_number,
        lower({{ clean_text('cookie_id') }}) as cookie_id,
        upper({{ clean_text('device_id') }}) as device_id
    from normalised_phones
),

-- A bring-your-own input may repeat a record: keep its latest version, ties broken on the
-- values so the choice never depends on row order.
ranked as (
    select
        *,
        row_number() over (
            partition by record_key
            order by
                record_seen_at desc nulls last,
                email asc nulls last,
                phone asc nulls last,
                last_name asc nulls last,
                first_name asc nulls last,
                date_of_birth asc nulls last,
                street_address asc nulls last,
                postcode asc nulls last
        ) as version_rank
    from normalised
    where source_record_id is not null
),

final as (
    select
        ranked.record_key,
        ranked.source_name,
        ranked.source_record_id,
        ranked.first_name,
        ranked.last_name,
        coalesce(normalised_nicknames.canonical_first_name, ranked.first_name)
            as first_name_canonical,
        ranked.date_of_birth,
        ranked.email,
        ranked.phone,
        ranked.street_address,
        ranked.postcode,
        ranked.city,
        ranked.country,
        ranked.record_seen_at,
        ranked.crm_contact_id,
        ranked.shop_customer_id,
        ranked.loyalty_card_number,
        ranked.cookie_id,
        ranked.device_id
    from ranked
    left join normalised_nicknames
        on ranked.first_name = normalised_nicknames.nickname
    where ranked.version_rank = 1
)

select * from final

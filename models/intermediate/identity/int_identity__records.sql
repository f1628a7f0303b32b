with

source_records as (
    select * from {{ ref('int_identity__source_records') }}
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
        {{ normalise_phone('phone', 'country') }} as phone,
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
    from source_records
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

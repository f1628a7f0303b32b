{#- Identifier values never used for a deterministic link, each once with its reason:
    `blocklisted` (seed identity_blocklist, exact value or LIKE pattern), `over_type_limit`
    (more records than the type allows) or `shared_value` (seen with more distinct names,
    first names or birth dates no typo, nickname or swap explains, or other ids than one
    person has,
    or a household mailbox such as lesmartin@…). Several reasons: the first in that order; the detail lists what was hit. -#}
{%- set limits = identity_identifier_limits() -%}
{#- Attribute name in the limits → column of identifier_records counted distinct. -#}
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
{#- Household mailbox: the letters before the @ are a prefix plus a holder's last name, or the
    last name plus the prefix (lesmartin@, famille.martin@, martin.famille@), or exactly
    that with any last name seen in the records (lesmartin@ on records without names). -#}
{%- set household_prefixes = var('identity_household_email_prefixes', ['les', 'famille']) -%}
{%- set household_patterns = [] -%}
{%- for prefix in household_prefixes -%}
    {%- set surname = "replace(last_name, ' ', '')" -%}
    {%- do household_patterns.append(dbt.concat(["'" ~ prefix ~ "'", surname, "'%'"])) -%}
    {%- do household_patterns.append(dbt.concat([surname, "'" ~ prefix ~ "'", "'%'"])) -%}
{%- endfor -%}
{%- set identifier_types = identity_identifier_types() -%}
{#- Types whose limits bound first-name conflicts (computed for those types only). -#}
{%- set conflict_types = [] -%}
{%- for identifier_type, type_limits in limits.items() -%}
    {%- if type_limits.get('max_first_name_conflicts') is not none -%}
        {%- do conflict_types.append("'" ~ identifier_type ~ "'") -%}
    {%- endif -%}
{%- endfor -%}
{#- Types whose limits bound birth-date conflicts (computed for those types only). -#}
{%- set birth_date_conflict_types = [] -%}
{%- for identifier_type, type_limits in limits.items() -%}
    {%- if type_limits.get('max_birth_date_conflicts') is not none -%}
        {%- do birth_date_conflict_types.append("'" ~ identifier_type ~ "'") -%}
    {%- endif -%}
{%- endfor -%}
{#- One SQL text per limit: '; <attribute> > <limit>' when the value breaks it, else ''. -#}
{%- set shared_checks = [
    "case when identifier_stats.is_household_mailbox = 1"
    ~ " or household_mailboxes.identifier_value is not null"
    ~ " then '; household mailbox' else '' end"
] -%}
{%- for identifier_type, type_limits in limits.items() -%}
    {%- set conflicts = type_limits.get('max_first_name_conflicts') -%}
    {%- if conflicts is not none -%}
        {%- do shared_checks.append(
            "case when identifier_stats.identifier_type = '" ~ identifier_type ~ "'"
            ~ " and coalesce(first_name_conflicts.first_name_conflict_count, 0) > " ~ conflicts
            ~ " then '; first name conflicts > " ~ conflicts ~ "' else '' end"
        ) -%}
    {%- endif -%}
    {%- set birth_date_conflicts = type_limits.get('max_birth_date_conflicts') -%}
    {%- if birth_date_conflicts is not none -%}
        {%- do shared_checks.append(
            "case when identifier_stats.identifier_type = '" ~ identifier_type ~ "'"
            ~ " and coalesce(birth_date_conflicts.birth_date_conflict_count, 0) > "
            ~ birth_date_conflicts
            ~ " then '; birth date conflicts > " ~ birth_date_conflicts ~ "' else '' end"
        ) -%}
    {%- endif -%}
    {%- for attribute in attributes -%}
        {%- set limit = type_limits.get('max_distinct_' ~ attribute) -%}
        {%- if limit is not none -%}
            {%- do shared_checks.append(
                "case when identifier_stats.identifier_type = '" ~ identifier_type ~ "'"
                ~ " and identifier_stats.distinct_" ~ attribute ~ "_count > " ~ limit
                ~ " then '; distinct " ~ attribute ~ " > " ~ limit ~ "' else '' end"
            ) -%}
        {%- endif -%}
    {%- endfor -%}
{%- endfor -%}

with

identifiers as (
    select * from {{ ref('int_identity__record_identifiers') }}
),

records as (
    select * from {{ ref('int_identity__normalised_records') }}
),

blocklist_seed as (
    select * from {{ ref('identity_blocklist') }}
),

-- Empty CSV cells load as NULL on DuckDB but as the text 'None' through dbt-spark seeds.
blocklist as (
    select
        blocklist_seed.identifier_type,
        case
            when trim(blocklist_seed.value) not in ('', 'None') then trim(blocklist_seed.value)
        end as blocked_value,
        case
            when trim(blocklist_seed.pattern) not in ('', 'None') then trim(blocklist_seed.pattern)
        end as blocked_pattern,
        blocklist_seed.reason
    from blocklist_seed
),

surnames as (
    select distinct replace(last_name, ' ', '') as surname
    from records
    where length(last_name) > 1
),

-- The letters of an email before the @ (les.martin2 → lesmartin).
email_local_parts as (
    select distinct
        identifier_value,
        {{ regexp_replace_all("split_part(identifier_value, '@', 1)", '[^a-z]', '') }}
            as local_letters
    from identifiers
    where identifier_type = 'email'
),

-- Prefix + surname, or surname + prefix for surnames of 4+ letters (so gilles@ is not
-- "gil" + "les").
household_mailboxes as (
    {%- for prefix in household_prefixes %}
        select email_local_parts.identifier_value
        from email_local_parts
        inner join surnames
            on
                email_local_parts.local_letters
                = {{ dbt.concat(["'" ~ prefix ~ "'", 'surnames.surname']) }}
        union
        select email_local_parts.identifier_value
        from email_local_parts
        inner join surnames
            on
                email_local_parts.local_letters
                = {{ dbt.concat(['surnames.surname', "'" ~ prefix ~ "'"]) }}
                and length(surnames.surname) > 3
        {%- if not loop.last %}
            union
        {%- endif %}
    {%- endfor %}
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
        records.first_name,
        records.first_name_canonical,
        records.last_name,
        {{ dbt.concat([
            'records.first_name_canonical', "' '", 'records.last_name'
        ]) }} as full_name,
        email_local_parts.local_letters as email_local_letters
    from identifiers
    inner join records
        on identifiers.record_key = records.record_key
    left join email_local_parts
        on
            identifiers.identifier_type = 'email'
            and identifiers.identifier_value = email_local_parts.identifier_value
),

-- Guarded attributes only: a distinct count per type and limited attribute (the other counts,
-- reported for the excluded values, are done for those few values only).
identifier_stats as (
    {%- for identifier_type in identifier_types %}
        {%- set type_limits = limits.get(identifier_type, {}) %}
        select
            identifier_type,
            identifier_value,
            count(*) as record_count,
            {%- for attribute, column in attributes.items() %}
                {%- if type_limits.get('max_distinct_' ~ attribute) is not none %}
                    count(distinct {{ column }}) as distinct_{{ attribute }}_count,
                {%- else %}
                    cast(null as {{ dbt.type_bigint() }}) as distinct_{{ attribute }}_count,
                {%- endif %}
            {%- endfor %}
            {%- if identifier_type == 'email' %}
                max(case
                    {%- for pattern in household_patterns %}
                        when email_local_letters like {{ pattern }} then 1
                    {%- endfor %}
                    else 0
                end) as is_household_mailbox
            {%- else %}
                0 as is_household_mailbox
            {%- endif %}
        from identifier_records
        where identifier_type = '{{ identifier_type }}'
        group by identifier_type, identifier_value
        {%- if not loop.last %}

            union all
        {%- endif %}
    {%- endfor %}
),

value_first_names as (
    select distinct
        identifier_type,
        identifier_value,
        first_name,
        first_name_canonical,
        last_name,
        date_of_birth
    from identifier_records
    where
        first_name_canonical is not null
        {%- if conflict_types %}
            and identifier_type in ({{ conflict_types | join(', ') }})
        {%- else %}
            and 1 = 0
        {%- endif %}
),

-- Two first names on one value that no typo (edit distance <= 2), nickname, abbreviation or
-- initial (one a prefix of the other) or first/last swap explains, on records that do not
-- give the same birth date (one person under a nickname no list knows): two people.
first_name_conflicts as (
    select
        left_names.identifier_type,
        left_names.identifier_value,
        count(*) as first_name_conflict_count
    from value_first_names as left_names
    inner join value_first_names as right_names
        on
            left_names.identifier_type = right_names.identifier_type
            and left_names.identifier_value = right_names.identifier_value
            and left_names.first_name_canonical < right_names.first_name_canonical
    where
        levenshtein(left_names.first_name_canonical, right_names.first_name_canonical) > 2
        and levenshtein(left_names.first_name, right_names.first_name) > 2
        and left_names.first_name_canonical
        not like {{ dbt.concat(['right_names.first_name_canonical', "'%'"]) }}
        and right_names.first_name_canonical
        not like {{ dbt.concat(['left_names.first_name_canonical', "'%'"]) }}
        and coalesce(levenshtein(left_names.first_name, right_names.last_name), 99) > 2
        and coalesce(levenshtein(left_names.last_name, right_names.first_name), 99) > 2
        and not coalesce(left_names.date_of_birth = right_names.date_of_birth, false)
    group by left_names.identifier_type, left_names.identifier_value
),

value_birth_dates as (
    select distinct
        identifier_type,
        identifier_value,
        date_of_birth,
        cast(date_of_birth as {{ dbt.type_string() }}) as birth_date_text
    from identifier_records
    where
        date_of_birth is not null
        {%- if birth_date_conflict_types %}
            and identifier_type in ({{ birth_date_conflict_types | join(', ') }})
        {%- else %}
            and 1 = 0
        {%- endif %}
),

-- Two birth dates on one value that no typo explains: not one digit apart, not day and month
-- transposed, and not two digits apart within one part of the date (a swapped pair of digits,
-- 1986 for 1968): two people.
birth_date_conflicts as (
    select
        left_dates.identifier_type,
        left_dates.identifier_value,
        count(*) as birth_date_conflict_count
    from value_birth_dates as left_dates
    inner join value_birth_dates as right_dates
        on
            left_dates.identifier_type = right_dates.identifier_type
            and left_dates.identifier_value = right_dates.identifier_value
            and left_dates.date_of_birth < right_dates.date_of_birth
    where
        levenshtein(left_dates.birth_date_text, right_dates.birth_date_text) > 1
        and not (
            year(left_dates.date_of_birth) = year(right_dates.date_of_birth)
            and month(left_dates.date_of_birth) = day(right_dates.date_of_birth)
            and day(left_dates.date_of_birth) = month(right_dates.date_of_birth)
        )
        and not (
            levenshtein(left_dates.birth_date_text, right_dates.birth_date_text) = 2
            and (
                (
                    year(left_dates.date_of_birth) = year(right_dates.date_of_birth)
                    and month(left_dates.date_of_birth) = month(right_dates.date_of_birth)
                )
                or (
                    year(left_dates.date_of_birth) = year(right_dates.date_of_birth)
                    and day(left_dates.date_of_birth) = day(right_dates.date_of_birth)
                )
                or (
                    month(left_dates.date_of_birth) = month(right_dates.date_of_birth)
                    and day(left_dates.date_of_birth) = day(right_dates.date_of_birth)
                )
            )
        )
    group by left_dates.identifier_type, left_dates.identifier_value
),

blocklist_matches as (
    select
        identifier_stats.identifier_type,
        identifier_stats.identifier_value,
        min(blocklist.reason) as blocklist_reason
    from identifier_stats
    inner join blocklist
        on
            identifier_stats.identifier_type = blocklist.identifier_type
            and (
                lower(identifier_stats.identifier_value) = lower(blocklist.blocked_value)
                or lower(identifier_stats.identifier_value) like lower(blocklist.blocked_pattern)
            )
    group by identifier_stats.identifier_type, identifier_stats.identifier_value
),

limit_hits as (
    select
        identifier_stats.*,
        coalesce(first_name_conflicts.first_name_conflict_count, 0) as first_name_conflict_count,
        coalesce(birth_date_conflicts.birth_date_conflict_count, 0) as birth_date_conflict_count,
        blocklist_matches.blocklist_reason,
        case
            {%- for identifier_type, type_limits in limits.items() %}
                {%- if type_limits.get('max_records') is not none %}
                    when
                        identifier_stats.identifier_type = '{{ identifier_type }}'
                        and identifier_stats.record_count > {{ type_limits['max_records'] }}
                        then 'records > {{ type_limits["max_records"] }}'
                {%- endif %}
            {%- endfor %}
        end as over_type_limit_detail,
        {{ dbt.concat(shared_checks) }} as shared_value_detail
    from identifier_stats
    left join blocklist_matches
        on
            identifier_stats.identifier_type = blocklist_matches.identifier_type
            and identifier_stats.identifier_value = blocklist_matches.identifier_value
    left join household_mailboxes
        on
            identifier_stats.identifier_type = 'email'
            and identifier_stats.identifier_value = household_mailboxes.identifier_value
    left join first_name_conflicts
        on
            identifier_stats.identifier_type = first_name_conflicts.identifier_type
            and identifier_stats.identifier_value = first_name_conflicts.identifier_value
    left join birth_date_conflicts
        on
            identifier_stats.identifier_type = birth_date_conflicts.identifier_type
            and identifier_stats.identifier_value = birth_date_conflicts.identifier_value
),

excluded as (
    select
        identifier_type,
        identifier_value,
        case
            when blocklist_reason is not null then 'blocklisted'
            when over_type_limit_detail is not null then 'over_type_limit'
            else 'shared_value'
        end as exclusion_reason,
        case
            when blocklist_reason is not null then blocklist_reason
            when over_type_limit_detail is not null then over_type_limit_detail
            else substr(shared_value_detail, 3)
        end as exclusion_detail,
        record_count,
        first_name_conflict_count,
        birth_date_conflict_count
    from limit_hits
    where
        blocklist_reason is not null
        or over_type_limit_detail is not null
        or shared_value_detail <> ''
),

excluded_stats as (
    select
        identifier_records.identifier_type,
        identifier_records.identifier_value,
        count(distinct identifier_records.full_name) as distinct_names_count,
        count(distinct identifier_records.date_of_birth) as distinct_birth_dates_count,
        count(distinct identifier_records.crm_contact_id) as distinct_crm_contact_ids_count,
        count(distinct identifier_records.shop_customer_id) as distinct_shop_customer_ids_count,
        count(distinct identifier_records.loyalty_card_number)
            as distinct_loyalty_card_numbers_count,
        count(distinct identifier_records.email) as distinct_emails_count,
        count(distinct identifier_records.phone) as distinct_phones_count,
        count(distinct identifier_records.cookie_id) as distinct_cookie_ids_count,
        count(distinct identifier_records.device_id) as distinct_device_ids_count
    from identifier_records
    inner join excluded
        on
            identifier_records.identifier_type = excluded.identifier_type
            and identifier_records.identifier_value = excluded.identifier_value
    group by identifier_records.identifier_type, identifier_records.identifier_value
),

final as (
    select
        excluded.identifier_type,
        excluded.identifier_value,
        excluded.exclusion_reason,
        excluded.exclusion_detail,
        excluded.record_count,
        excluded_stats.distinct_names_count,
        excluded.first_name_conflict_count,
        excluded_stats.distinct_birth_dates_count,
        excluded.birth_date_conflict_count,
        excluded_stats.distinct_crm_contact_ids_count,
        excluded_stats.distinct_shop_customer_ids_count,
        excluded_stats.distinct_loyalty_card_numbers_count,
        excluded_stats.distinct_emails_count,
        excluded_stats.distinct_phones_count,
        excluded_stats.distinct_cookie_ids_count,
        excluded_stats.distinct_device_ids_count
    from excluded
    inner join excluded_stats
        on
            excluded.identifier_type = excluded_stats.identifier_type
            and excluded.identifier_value = excluded_stats.identifier_value
)

select * from final

{#- Identifier values never used for a deterministic link, each once with its reason, from the
    guards: `blocklisted` (int_identity__blocklisted_identifiers), `over_type_limit` (more
    records than the type allows, int_identity__identifier_statistics) or `shared_value`
    (a household mailbox, int_identity__household_mailboxes; first names or birth dates no
    typo, nickname or swap explains, int_identity__name_conflicts and
    int_identity__birth_date_conflicts; more distinct names, birth dates or other ids than one
    person has, int_identity__identifier_statistics). Several reasons: the first in that
    order; the detail lists what was hit. -#}

with

identifier_statistics as (
    select * from {{ ref('int_identity__identifier_statistics') }}
),

blocklisted_identifiers as (
    select * from {{ ref('int_identity__blocklisted_identifiers') }}
),

household_mailboxes as (
    select * from {{ ref('int_identity__household_mailboxes') }}
),

name_conflicts as (
    select * from {{ ref('int_identity__name_conflicts') }}
),

birth_date_conflicts as (
    select * from {{ ref('int_identity__birth_date_conflicts') }}
),

identifiers as (
    select * from {{ ref('int_identity__record_identifiers') }}
),

records as (
    select * from {{ ref('int_identity__normalised_records') }}
),

guard_hits as (
    select
        identifier_statistics.identifier_type,
        identifier_statistics.identifier_value,
        identifier_statistics.record_count,
        coalesce(name_conflicts.first_name_conflict_count, 0) as first_name_conflict_count,
        coalesce(birth_date_conflicts.birth_date_conflict_count, 0) as birth_date_conflict_count,
        blocklisted_identifiers.blocklist_reason,
        identifier_statistics.over_type_limit_detail,
        {{ dbt.concat([
            "case when household_mailboxes.identifier_value is not null"
            ~ " then '; household mailbox' else '' end",
            "coalesce(name_conflicts.first_name_conflict_detail, '')",
            "coalesce(birth_date_conflicts.birth_date_conflict_detail, '')",
            'identifier_statistics.distinct_limit_detail',
        ]) }} as shared_value_detail
    from identifier_statistics
    left join blocklisted_identifiers
        on
            identifier_statistics.identifier_type = blocklisted_identifiers.identifier_type
            and identifier_statistics.identifier_value = blocklisted_identifiers.identifier_value
    left join household_mailboxes
        on
            identifier_statistics.identifier_type = household_mailboxes.identifier_type
            and identifier_statistics.identifier_value = household_mailboxes.identifier_value
    left join name_conflicts
        on
            identifier_statistics.identifier_type = name_conflicts.identifier_type
            and identifier_statistics.identifier_value = name_conflicts.identifier_value
    left join birth_date_conflicts
        on
            identifier_statistics.identifier_type = birth_date_conflicts.identifier_type
            and identifier_statistics.identifier_value = birth_date_conflicts.identifier_value
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
    from guard_hits
    where
        blocklist_reason is not null
        or over_type_limit_detail is not null
        or shared_value_detail <> ''
),

-- Every distinct count, for the few excluded values only (a reviewer sees what they mix).
excluded_stats as (
    select
        identifiers.identifier_type,
        identifiers.identifier_value,
        count(distinct {{ dbt.concat([
            'records.first_name_canonical', "' '", 'records.last_name'
        ]) }}) as distinct_names_count,
        count(distinct records.date_of_birth) as distinct_birth_dates_count,
        count(distinct records.crm_contact_id) as distinct_crm_contact_ids_count,
        count(distinct records.shop_customer_id) as distinct_shop_customer_ids_count,
        count(distinct records.loyalty_card_number) as distinct_loyalty_card_numbers_count,
        count(distinct records.email) as distinct_emails_count,
        count(distinct records.phone) as distinct_phones_count,
        count(distinct records.cookie_id) as distinct_cookie_ids_count,
        count(distinct records.device_id) as distinct_device_ids_count
    from identifiers
    inner join excluded
        on
            identifiers.identifier_type = excluded.identifier_type
            and identifiers.identifier_value = excluded.identifier_value
    inner join records
        on identifiers.record_key = records.record_key
    group by identifiers.identifier_type, identifiers.identifier_value
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

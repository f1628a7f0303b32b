-- DEV STAND-IN for identity resolution's map (issue #3): one person per email, cookies through
-- noqa: disable=all
-- their logins, till receipts through the CRM loyalty card; everything else alone.
with

records as (
    select * from {{ ref('int_identity__records') }}
),

cookie_emails as (
    select cookie_id, min(email) as email
    from records
    where source_name = 'web_login' and email is not null
    group by cookie_id
),

card_emails as (
    select loyalty_card_number, min(email) as email
    from records
    where source_name = 'crm_contact' and email is not null
    group by loyalty_card_number
),

keyed as (
    select
        records.record_key,
        records.source_name,
        records.source_record_id,
        records.record_seen_at,
        coalesce(
            records.email, cookie_emails.email, card_emails.email, records.record_key
        ) as person_key
    from records
    left join cookie_emails
        on records.source_name = 'web_cookie' and records.cookie_id = cookie_emails.cookie_id
    left join card_emails
        on records.loyalty_card_number = card_emails.loyalty_card_number
),

persons as (
    select
        person_key,
        {{ dbt.concat(["'per_'", 'substr(' ~ dbt.hash('person_key') ~ ', 1, 16)']) }}
            as person_id,
        count(*) as person_record_count,
        min(record_seen_at) as person_created_at
    from keyed
    group by person_key
),

final as (
    select
        cast(keyed.record_key as {{ dbt.type_string() }}) as record_key,
        cast(keyed.source_name as {{ dbt.type_string() }}) as source_name,
        cast(keyed.source_record_id as {{ dbt.type_string() }}) as source_record_id,
        cast(persons.person_id as {{ dbt.type_string() }}) as person_id,
        cast(
            case when persons.person_record_count = 1 then 'singleton' else 'deterministic' end
            as {{ dbt.type_string() }}
        ) as link_type,
        cast(
            case when persons.person_record_count > 1 then 'email' end
            as {{ dbt.type_string() }}
        ) as linked_by,
        cast(persons.person_record_count as bigint) as person_record_count,
        cast(persons.person_created_at as timestamp) as person_created_at
    from keyed
    inner join persons on keyed.person_key = persons.person_key
)

select * from final

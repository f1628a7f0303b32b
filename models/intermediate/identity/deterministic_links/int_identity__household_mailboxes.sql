{#- Emails that are household mailboxes, never a deterministic key: the letters before the @
    are a prefix (var identity_household_email_prefixes) plus a holder's last name, or that
    last name plus the prefix (lesmartin@, famille.martin@, martin.famille@), or exactly that
    with any last name seen in the records (lesmartin@ on records without names). -#}
{%- set household_prefixes = var('identity_household_email_prefixes') -%}

with

identifiers as (
    select * from {{ ref('int_identity__record_identifiers') }}
    where identifier_type = 'email'
),

records as (
    select * from {{ ref('int_identity__normalised_records') }}
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
),

-- The holder's own last name, with the prefix before or after it, starting the letters.
holder_mailboxes as (
    select identifiers.identifier_value
    from identifiers
    inner join records
        on identifiers.record_key = records.record_key
    inner join email_local_parts
        on identifiers.identifier_value = email_local_parts.identifier_value
    where
        {%- for prefix in household_prefixes %}
            {{ 'or ' if not loop.first }}email_local_parts.local_letters like {{ dbt.concat([
                "'" ~ prefix ~ "'", "replace(records.last_name, ' ', '')", "'%'"
            ]) }}
            or email_local_parts.local_letters like {{ dbt.concat([
                "replace(records.last_name, ' ', '')", "'" ~ prefix ~ "'", "'%'"
            ]) }}
        {%- endfor %}
),

-- Prefix + any surname seen, or surname + prefix for surnames of 4+ letters (so gilles@ is
-- not "gil" + "les").
surname_mailboxes as (
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

household_mailboxes as (
    select
        'email' as identifier_type,
        identifier_value
    from holder_mailboxes
    union
    select
        'email' as identifier_type,
        identifier_value
    from surname_mailboxes
)

select * from household_mailboxes

{#- Star edges: every record sharing a usable identifier value links to one anchor, the
    smallest record_key holding it (n - 1 edges per value, not n²/2). Values in the
    exclusions never link. A record of an association source (var
    `identity_association_sources`: an email link's contact id clicked on a cookie) with one
    excluded identifier links through its home identifier only (the cookie): a forwarded
    contact id must not reach the contact through a shared cookie, nor the reverse. -#}
{%- set association_sources = var('identity_association_sources') or {} -%}
with

identifiers as (
    select * from {{ ref('int_identity__record_identifiers') }}
),

exclusions as (
    select * from {{ ref('int_identity__identifier_exclusions') }}
),

checked_identifiers as (
    select
        identifiers.record_key,
        identifiers.identifier_type,
        identifiers.identifier_value,
        exclusions.identifier_value is not null as is_excluded,
        {%- if association_sources %}
            case
                {%- for source_name, home_type in association_sources.items() %}
                    when identifiers.record_key like '{{ source_name }}:%'
                        then identifiers.identifier_type = '{{ home_type }}'
                {%- endfor %}
            end
        {%- else %}
            cast(null as boolean)
        {%- endif %} as is_association_home
    from identifiers
    left join exclusions
        on
            identifiers.identifier_type = exclusions.identifier_type
            and identifiers.identifier_value = exclusions.identifier_value
),

-- Association records with an excluded identifier keep only their home identifier.
cut_associations as (
    select distinct record_key
    from checked_identifiers
    where is_association_home is not null and is_excluded
),

usable_identifiers as (
    select
        checked_identifiers.record_key,
        checked_identifiers.identifier_type,
        checked_identifiers.identifier_value
    from checked_identifiers
    left join cut_associations
        on checked_identifiers.record_key = cut_associations.record_key
    where
        not checked_identifiers.is_excluded
        and (cut_associations.record_key is null or checked_identifiers.is_association_home)
),

anchored as (
    select
        record_key,
        min(record_key) over (
            partition by identifier_type, identifier_value
        ) as anchor_record_key,
        identifier_type,
        identifier_value
    from usable_identifiers
),

final as (
    select
        record_key,
        anchor_record_key,
        identifier_type,
        identifier_value
    from anchored
    where record_key <> anchor_record_key
)

select * from final

{#- Every identifier of every person, what activation needs to reach them on a channel:
    emails, phones, cookies, devices, loyalty cards, CRM and shop ids, and each source record
    key. Values are identity resolution's normalised forms (E.164 phones, lower-case emails). -#}
{%- set string = dbt.type_string() -%}
{%- set identifier_types = [
    'email', 'phone', 'cookie_id', 'device_id', 'loyalty_card_number', 'crm_contact_id',
    'shop_customer_id', 'record_key',
] -%}
{#- Identifiers a golden attribute chooses among; the others' primary is the latest seen. -#}
{%- set golden_types = ['email', 'phone', 'loyalty_card_number'] -%}
{%- set golden_type_list = "'" ~ golden_types | join("', '") ~ "'" -%}

with

person_records as (
    select * from {{ ref('int_customer_360__person_records') }}
),

lineage as (
    select * from {{ ref('dim_customer_attribute_lineage') }}
),

sightings as (
    {%- for identifier_type in identifier_types %}
        select
            person_id,
            cast('{{ identifier_type }}' as {{ string }}) as identifier_type,
            cast({{ identifier_type }} as {{ string }}) as identifier_value,
            source_name,
            record_seen_at
        from person_records
        where {{ identifier_type }} is not null
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

identifiers as (
    select
        person_id,
        identifier_type,
        identifier_value,
        min(record_seen_at) as first_seen_at,
        max(record_seen_at) as last_seen_at,
        count(*) as record_count
    from sightings
    group by person_id, identifier_type, identifier_value
),

identifier_sources as (
    select distinct
        person_id,
        identifier_type,
        identifier_value,
        source_name
    from sightings
),

source_lists as (
    select
        person_id,
        identifier_type,
        identifier_value,
        {{ sorted_string_list('source_name') }} as source_names
    from identifier_sources
    group by person_id, identifier_type, identifier_value
),

-- A family mailbox or a shared store tablet belongs to several persons: sending to it once
-- per person would reach the same inbox twice.
sharing as (
    select
        identifier_type,
        identifier_value,
        count(distinct person_id) as person_count
    from identifiers
    group by identifier_type, identifier_value
),

latest as (
    select
        person_id,
        identifier_type,
        identifier_value,
        row_number() over (
            partition by person_id, identifier_type
            order by last_seen_at desc nulls last, identifier_value asc nulls last
        ) as recency_rank
    from identifiers
),

final as (
    select
        cast(
            {{ generate_surrogate_key([
                'identifiers.person_id', 'identifiers.identifier_type',
                'identifiers.identifier_value',
            ]) }} as {{ string }}
        ) as customer_identity_id,
        cast(identifiers.person_id as {{ string }}) as person_id,
        cast(identifiers.identifier_type as {{ string }}) as identifier_type,
        cast(identifiers.identifier_value as {{ string }}) as identifier_value,
        cast(source_lists.source_names as {{ string }}) as source_names,
        cast(identifiers.record_count as bigint) as record_count,
        cast(identifiers.first_seen_at as timestamp) as first_seen_at,
        cast(identifiers.last_seen_at as timestamp) as last_seen_at,
        coalesce(
            case
                when identifiers.identifier_type in ({{ golden_type_list }})
                    then lineage.person_id is not null
                when identifiers.identifier_type = 'record_key' then false
                else latest.recency_rank = 1
            end,
            false
        ) as is_primary,
        sharing.person_count > 1 as is_shared,
        cast(sharing.person_count as bigint) as shared_person_count
    from identifiers
    inner join source_lists
        on
            identifiers.person_id = source_lists.person_id
            and identifiers.identifier_type = source_lists.identifier_type
            and identifiers.identifier_value = source_lists.identifier_value
    inner join sharing
        on
            identifiers.identifier_type = sharing.identifier_type
            and identifiers.identifier_value = sharing.identifier_value
    inner join latest
        on
            identifiers.person_id = latest.person_id
            and identifiers.identifier_type = latest.identifier_type
            and identifiers.identifier_value = latest.identifier_value
    left join lineage
        on
            identifiers.person_id = lineage.person_id
            and identifiers.identifier_type = lineage.attribute
            and identifiers.identifier_value = lineage.attribute_value
)

select * from final

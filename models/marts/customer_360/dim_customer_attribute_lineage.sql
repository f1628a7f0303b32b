{#- Survivorship, the one place it is decided: per person and attribute, the candidate that
    wins: a value identity resolution did not find shared by several people, then source
    priority (seed `customer_360_survivorship_rules`), then the most recent record, then the
    value most of the person's records agree on, then the smallest value. Blocklisted values
    (test emails, placeholder phones) never compete.
    `decided_by` names the first rule that set the winner apart from the best candidate with
    another value, or `single_value` when every candidate agrees.
    An address is one block: when a street address wins, postcode, city and country come from
    the same record (NULL if it lacks them, never a Marseille street with a Montpellier
    postcode); `decided_by` is then `address_record`. -#}
{%- set string = dbt.type_string() -%}
{%- set address_parts = "'postcode', 'city', 'country'" -%}
{%- set survivorship_order -%}
                is_shared_value asc nulls last,
                source_priority asc nulls last,
                candidate_seen_at desc nulls last,
                value_frequency desc nulls last,
                candidate_value_normalised asc nulls last,
                candidate_value asc nulls last,
                record_key asc nulls last
{%- endset %}

with

-- NULLs and blocklisted values never compete: a source that has no real value does not
-- block one that has.
candidates as (
    select
        *,
        identity_exclusion_reason is not null as is_shared_value
    from {{ ref('int_customer_360__attribute_candidates') }}
    where
        candidate_value is not null
        and coalesce(identity_exclusion_reason, '') <> 'blocklisted'
),

counted as (
    select
        *,
        count(*) over (
            partition by person_id, attribute, candidate_value_normalised
        ) as value_frequency,
        count(*) over (partition by person_id, attribute) as candidate_count
    from candidates
),

street_addresses as (
    select
        person_id,
        record_key,
        row_number() over (
            partition by person_id
            order by
                {{ survivorship_order }}
        ) as candidate_rank
    from counted
    where attribute = 'street_address'
),

address_records as (
    select
        person_id,
        record_key
    from street_addresses
    where candidate_rank = 1
),

-- The other address parts compete only within the record whose street address won.
eligible as (
    select
        counted.*,
        address_records.person_id is not null
        and counted.attribute in ({{ address_parts }}) as follows_address_record
    from counted
    left join address_records
        on counted.person_id = address_records.person_id
    where
        address_records.person_id is null
        or counted.attribute not in ({{ address_parts }})
        or counted.record_key = address_records.record_key
),

ranked as (
    select
        *,
        row_number() over (
            partition by person_id, attribute
            order by
                {{ survivorship_order }}
        ) as candidate_rank
    from eligible
),

winners as (
    select * from ranked
    where candidate_rank = 1
),

-- The best candidate whose value differs from the winner's: what the winner had to beat.
challengers as (
    select
        ranked.person_id,
        ranked.attribute,
        ranked.is_shared_value,
        ranked.source_priority,
        ranked.candidate_seen_at,
        ranked.value_frequency,
        row_number() over (
            partition by ranked.person_id, ranked.attribute
            order by ranked.candidate_rank asc nulls last
        ) as challenger_rank
    from ranked
    inner join winners
        on
            ranked.person_id = winners.person_id
            and ranked.attribute = winners.attribute
    where ranked.candidate_value_normalised <> winners.candidate_value_normalised
),

distinct_values as (
    select
        person_id,
        attribute,
        count(distinct candidate_value_normalised) as distinct_value_count
    from candidates
    group by person_id, attribute
),

decided as (
    select
        winners.person_id,
        winners.attribute,
        winners.candidate_value,
        winners.source_name,
        winners.source_record_id,
        winners.record_key,
        winners.source_priority,
        winners.candidate_seen_at,
        winners.value_frequency,
        winners.candidate_count,
        distinct_values.distinct_value_count,
        case
            when winners.follows_address_record then 'address_record'
            when challengers.person_id is null then 'single_value'
            when challengers.is_shared_value and not winners.is_shared_value
                then 'not_shared_value'
            when winners.source_priority < challengers.source_priority then 'source_priority'
            when
                winners.candidate_seen_at > challengers.candidate_seen_at
                or (
                    winners.candidate_seen_at is not null
                    and challengers.candidate_seen_at is null
                )
                then 'recency'
            when winners.value_frequency > challengers.value_frequency then 'frequency'
            else 'smallest_value'
        end as decided_by
    from winners
    inner join distinct_values
        on
            winners.person_id = distinct_values.person_id
            and winners.attribute = distinct_values.attribute
    left join challengers
        on
            winners.person_id = challengers.person_id
            and winners.attribute = challengers.attribute
            and challengers.challenger_rank = 1
),

final as (
    select
        cast(
            {{ generate_surrogate_key(['person_id', 'attribute']) }} as {{ string }}
        ) as attribute_lineage_id,
        cast(person_id as {{ string }}) as person_id,
        cast(attribute as {{ string }}) as attribute,  -- noqa: RF04
        cast(candidate_value as {{ string }}) as attribute_value,
        cast(source_name as {{ string }}) as source_name,
        cast(source_record_id as {{ string }}) as source_record_id,
        cast(record_key as {{ string }}) as record_key,
        cast(decided_by as {{ string }}) as decided_by,
        cast(source_priority as integer) as source_priority,
        cast(candidate_seen_at as timestamp) as value_seen_at,
        cast(value_frequency as bigint) as value_frequency,
        cast(candidate_count as bigint) as candidate_count,
        cast(distinct_value_count as bigint) as distinct_value_count
    from decided
)

select * from final

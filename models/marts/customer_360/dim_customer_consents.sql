{#- The current consent of every person on every marketing channel: the most recent explicit
    choice wins; on the same instant the source order of seed `customer_360_consent_sources`
    decides, then a refusal beats an opt-in. No choice at all means no consent. -#}
{%- set string = dbt.type_string() -%}
{%- set channels = ['email', 'sms', 'phone', 'postal', 'ads'] -%}

with

persons as (
    select person_id from {{ ref('int_customer_360__persons') }}
),

choices as (
    select * from {{ ref('int_customer_360__consent_choices') }}
),

source_order as (
    select * from {{ ref('customer_360_consent_sources') }}
),

channels as (
    {%- for channel in channels %}
        select cast('{{ channel }}' as {{ string }}) as channel
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

ranked as (
    select
        choices.*,
        row_number() over (
            partition by choices.person_id, choices.channel
            order by
                choices.chosen_at desc nulls last,
                source_order.tie_break_rank asc nulls last,
                cast(choices.is_consented as integer) asc nulls last,
                choices.source_record_id asc nulls last
        ) as choice_rank
    from choices
    left join source_order
        on choices.consent_source = source_order.consent_source
),

channel_summaries as (
    select
        person_id,
        channel,
        count(*) as choice_count,
        count(distinct is_consented) > 1 as has_conflicting_choices
    from choices
    group by person_id, channel
),

final as (
    select
        cast(
            {{ generate_surrogate_key(['persons.person_id', 'channels.channel']) }}
            as {{ string }}
        ) as customer_consent_id,
        cast(persons.person_id as {{ string }}) as person_id,
        cast(channels.channel as {{ string }}) as channel,
        coalesce(ranked.is_consented, false) as is_consented,
        ranked.person_id is not null as has_explicit_choice,
        cast(ranked.chosen_at as timestamp) as consented_at,
        cast(ranked.consent_source as {{ string }}) as consent_source,
        cast(ranked.source_record_id as {{ string }}) as consent_source_record_id,
        cast(coalesce(channel_summaries.choice_count, 0) as bigint) as choice_count,
        coalesce(channel_summaries.has_conflicting_choices, false) as has_conflicting_choices
    from persons
    cross join channels
    left join ranked
        on
            persons.person_id = ranked.person_id
            and channels.channel = ranked.channel
            and ranked.choice_rank = 1
    left join channel_summaries
        on
            persons.person_id = channel_summaries.person_id
            and channels.channel = channel_summaries.channel
)

select * from final

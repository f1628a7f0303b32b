{#- The golden record: one row per person, each attribute chosen by survivorship
    (`dim_customer_attribute_lineage` says which source and record won it and why), consent per
    channel, and the transactional and engagement traits. -#}
{%- set string = dbt.type_string() -%}
{%- set golden_strings = [
    'first_name', 'last_name', 'email', 'phone', 'street_address', 'postcode', 'city',
    'country', 'loyalty_card_number', 'home_store_id', 'preferred_language',
] -%}
{%- set channels = ['email', 'sms', 'phone', 'postal', 'ads'] -%}
{#- trait: type; counts are 0, not NULL, for a person without a traits row -#}
{%- set transactional_traits = {
    'orders_count': 'count', 'online_orders_count': 'count', 'store_orders_count': 'count',
    'revenue': 'decimal(18,2)', 'average_basket': 'decimal(18,2)',
    'first_order_at': 'timestamp', 'last_order_at': 'timestamp',
    'days_since_last_order': 'integer', 'purchase_frequency_days': 'double',
    'returns_count': 'count', 'return_rate': 'double',
    'abandoned_carts_count': 'count', 'abandoned_carts_value': 'decimal(18,2)',
    'favourite_category': string, 'preferred_payment_method': string,
    'average_review_rating': 'double', 'rfm_recency_score': 'integer',
    'rfm_frequency_score': 'integer', 'rfm_monetary_score': 'integer',
    'rfm_segment': string, 'historical_clv': 'decimal(18,2)',
} -%}
{%- set engagement_traits = {
    'web_sessions_7d': 'count', 'web_sessions_30d': 'count', 'web_sessions_90d': 'count',
    'page_views_30d': 'count', 'product_views_30d': 'count', 'last_visit_at': 'timestamp',
    'emails_sent': 'count', 'emails_opened': 'count', 'emails_clicked': 'count',
    'email_open_rate': 'double', 'email_click_rate': 'double', 'sms_sent': 'count',
    'sms_clicked': 'count', 'downloads_count': 'count', 'support_tickets_count': 'count',
    'open_support_tickets_count': 'count', 'last_support_ticket_status': string,
    'engaged_channels': string,
} -%}
{%- set trait_columns = [] -%}
{%- for trait, type in transactional_traits.items() -%}
    {%- do trait_columns.append(('transactional_traits', trait, type)) -%}
{%- endfor -%}
{%- for trait, type in engagement_traits.items() -%}
    {%- do trait_columns.append(('engagement_traits', trait, type)) -%}
{%- endfor -%}

with

persons as (
    select * from {{ ref('int_customer_360__persons') }}
),

lineage as (
    select * from {{ ref('dim_customer_attribute_lineage') }}
),

identities as (
    select * from {{ ref('dim_customer_identities') }}
),

consents as (
    select * from {{ ref('dim_customer_consents') }}
),

transactional_traits as (
    select * from {{ ref('int_customer_360__transactional_traits') }}
),

engagement_traits as (
    select * from {{ ref('int_customer_360__engagement_traits') }}
),

golden as (
    select
        person_id,
        {%- for attribute in golden_strings %}
            max(case when attribute = '{{ attribute }}' then attribute_value end)
                as {{ attribute }},
        {%- endfor %}
        max(case when attribute = 'date_of_birth' then attribute_value end)
            as date_of_birth
    from lineage
    group by person_id
),

email_lists as (
    select
        person_id,
        {{ sorted_string_list('identifier_value') }} as emails
    from identities
    where identifier_type = 'email'
    group by person_id
),

consent_flags as (
    select
        {%- for channel in channels %}
            max(case when channel = '{{ channel }}' and is_consented then 1 else 0 end) = 1
                as is_{{ channel }}_consented,
        {%- endfor %}
        person_id
    from consents
    group by person_id
),

-- The preferred channel: of the direct channels the person consents to, the one they engage
-- with most (email opens and clicks, SMS clicks); ties in the order email, SMS, postal, phone.
channel_scores as (
    select
        consents.person_id,
        consents.channel,
        case consents.channel
            when 'email'
                then
                    coalesce(engagement_traits.emails_opened, 0)
                    + coalesce(engagement_traits.emails_clicked, 0)
            when 'sms' then coalesce(engagement_traits.sms_clicked, 0)
            else 0
        end as engagement_score,
        case consents.channel
            when 'email' then 1 when 'sms' then 2 when 'postal' then 3 else 4
        end as channel_order
    from consents
    left join engagement_traits
        on consents.person_id = engagement_traits.person_id
    where consents.is_consented and consents.channel in ('email', 'sms', 'postal', 'phone')
),

preferred_channels as (
    select
        person_id,
        channel as preferred_channel,
        row_number() over (
            partition by person_id
            order by engagement_score desc nulls last, channel_order asc nulls last
        ) as channel_rank
    from channel_scores
),

final as (
    select
        cast(persons.person_id as {{ string }}) as person_id,
        {%- for attribute in golden_strings if attribute != 'preferred_language' %}
            cast(golden.{{ attribute }} as {{ string }}) as {{ attribute }},
        {%- endfor %}
        cast(golden.date_of_birth as date) as date_of_birth,
        cast(email_lists.emails as {{ string }}) as emails,
        cast(golden.preferred_language as {{ string }}) as preferred_language,
        cast(preferred_channels.preferred_channel as {{ string }}) as preferred_channel,
        {%- for channel in channels %}
            coalesce(consent_flags.is_{{ channel }}_consented, false)
                as is_{{ channel }}_consented,
        {%- endfor %}
        cast(persons.first_seen_at as timestamp) as first_seen_at,
        cast(persons.last_seen_at as timestamp) as last_seen_at,
        cast(persons.sources_present as {{ string }}) as sources_present,
        cast(persons.record_count as bigint) as record_count,
        persons.is_anonymous,
    {%- for relation, trait, type in trait_columns %}
        {%- if type == 'count' %}
            cast(coalesce({{ relation }}.{{ trait }}, 0) as bigint) as {{ trait }}
        {%- else %}
            cast({{ relation }}.{{ trait }} as {{ type }}) as {{ trait }}
        {%- endif %}{{ ',' if not loop.last }}
    {%- endfor %}
    from persons
    left join golden
        on persons.person_id = golden.person_id
    left join email_lists
        on persons.person_id = email_lists.person_id
    left join consent_flags
        on persons.person_id = consent_flags.person_id
    left join preferred_channels
        on
            persons.person_id = preferred_channels.person_id
            and preferred_channels.channel_rank = 1
    left join transactional_traits
        on persons.person_id = transactional_traits.person_id
    left join engagement_traits
        on persons.person_id = engagement_traits.person_id
)

select * from final

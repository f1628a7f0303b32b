{#- Every explicit consent choice a person made, per channel: CRM opt-ins (email, SMS, phone,
    postal), the shop's marketing opt-in (email), the web consent banner (ads) and ESP
    unsubscribes (email or SMS). A NULL flag is no choice and is left out. -#}
{%- set string = dbt.type_string() -%}
{%- set crm_channels = {
    'email': 'is_email_opted_in',
    'sms': 'is_sms_opted_in',
    'phone': 'is_phone_opted_in',
    'postal': 'is_postal_opted_in',
} -%}

with

person_records as (
    select
        record_key,
        person_id
    from {{ ref('int_customer_360__person_records') }}
),

contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

customers as (
    select * from {{ ref('stg_shop__customers') }}
),

banner_choices as (
    select * from {{ ref('stg_web__consent_choices') }}
),

message_events as (
    select * from {{ ref('stg_esp__message_events') }}
),

sends as (
    select * from {{ ref('stg_esp__sends') }}
),

choices as (
    {%- for channel, flag in crm_channels.items() %}
        select
            cast('crm_contact' as {{ string }}) as consent_source,
            cast('{{ channel }}' as {{ string }}) as channel,
            cast({{ dbt.concat(["'crm_contact:'", 'contact_id']) }} as {{ string }}) as record_key,
            cast(contact_id as {{ string }}) as source_record_id,
            {{ flag }} as is_consented,
            consent_updated_at as chosen_at
        from contacts
        where {{ flag }} is not null
        union all
    {%- endfor %}

    select
        cast('shop_customer' as {{ string }}) as consent_source,
        cast('email' as {{ string }}) as channel,
        cast({{ dbt.concat(["'shop_customer:'", 'source_record_key']) }} as {{ string }})
            as record_key,
        source_record_key as source_record_id,
        is_marketing_opted_in as is_consented,
        marketing_consent_updated_at as chosen_at
    from customers
    where is_marketing_opted_in is not null

    union all

    -- The banner's choice belongs to the cookie; the cookie's person made it.
    select
        cast('web_consent_banner' as {{ string }}) as consent_source,
        cast('ads' as {{ string }}) as channel,
        cast({{ dbt.concat(["'web_cookie:'", 'cookie_id']) }} as {{ string }}) as record_key,
        cast(event_id as {{ string }}) as source_record_id,
        has_ads_consent as is_consented,
        occurred_at as chosen_at
    from banner_choices
    where has_ads_consent is not null

    union all

    -- An unsubscribe withdraws consent on the channel of the message it came from.
    select
        cast('esp_unsubscribe' as {{ string }}) as consent_source,
        cast(sends.channel as {{ string }}) as channel,
        cast({{ dbt.concat(["'esp_send:'", 'sends.send_id']) }} as {{ string }}) as record_key,
        cast(message_events.message_event_id as {{ string }}) as source_record_id,
        false as is_consented,
        message_events.occurred_at as chosen_at
    from message_events
    inner join sends
        on message_events.send_id = sends.send_id
    where message_events.event_type = 'unsubscribe' and sends.channel in ('email', 'sms')
),

final as (
    select
        {{ generate_surrogate_key([
            'choices.channel', 'choices.consent_source', 'choices.source_record_id',
        ]) }} as consent_choice_id,
        person_records.person_id,
        choices.channel,
        choices.is_consented,
        choices.chosen_at,
        choices.consent_source,
        choices.source_record_id,
        choices.record_key
    from choices
    -- Each choice's identity record gives its person: the contact, the shop account, the
    -- cookie the banner was answered on, the send an unsubscribe came from.
    inner join person_records
        on choices.record_key = person_records.record_key
)

select * from final

{#- An interaction whose source row is itself an identity record (an order, a till sale, a
    send, a ticket, a review, a cart, a contact's or a shop account's consent) belongs to that
    record's person in the identity map. Returns the interactions where it does not. -#}
with

interactions as (
    select * from {{ ref('int_customer_360__interactions') }}
    where source_name in (
        'shop_order', 'pos_transaction', 'esp_send', 'support_ticket', 'shop_review',
        'shop_checkout', 'crm_contact', 'shop_customer'
    )
),

identity_map as (
    select * from {{ ref('customer_identity_map') }}
),

compared as (
    select
        interactions.interaction_id,
        interactions.person_id,
        identity_map.person_id as record_person_id
    from interactions
    left join identity_map
        on
            interactions.source_name = identity_map.source_name
            and interactions.source_record_id = identity_map.source_record_id
)

select * from compared
where record_person_id is null or person_id <> record_person_id

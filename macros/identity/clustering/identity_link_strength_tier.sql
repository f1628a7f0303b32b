{#- How much a link is trusted when a reviewer's `different` forces a cut (1 = strongest,
    cut last): a reviewer's `same`, then identifiers from the most to the least specific
    (CRM and shop ids, loyalty card, email, phone, device, cookie), then scored pairs. -#}
{% macro identity_link_strength_tier(link_type, linked_by) -%}
    case
        when {{ link_type }} = 'reviewed' then 1
        when {{ link_type }} = 'deterministic' then
            case {{ linked_by }}
                when 'crm_contact_id' then 2
                when 'shop_customer_id' then 2
                when 'loyalty_card_number' then 3
                when 'email' then 4
                when 'phone' then 5
                when 'device_id' then 6
                when 'cookie_id' then 7
                else 8
            end
        else 9
    end
{%- endmacro %}

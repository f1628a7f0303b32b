-- DEV STAND-IN for helper E's fct_campaign_history: its key and person_id only.
-- noqa: disable=all
select record_key as campaign_history_id, person_id from {{ ref('customer_identity_map') }} where source_name = 'esp_send'

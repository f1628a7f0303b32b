-- DEV STAND-IN for helper E's fct_customer_timeline: its key and person_id only.
-- noqa: disable=all
select record_key as timeline_event_id, person_id from {{ ref('customer_identity_map') }}

-- DEV STAND-IN for helper E's fct_order_lines: its key and person_id only.
-- noqa: disable=all
select record_key as order_line_id, record_key as order_id, person_id from {{ ref('customer_identity_map') }} where source_name in ('shop_order', 'pos_transaction')

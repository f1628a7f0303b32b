"""Customer-360 activity marts on a real build: orders, traits, timeline and campaign history
agree with the staged sources they come from."""

from __future__ import annotations

from .conftest import Warehouse


def test_every_staged_order_and_till_transaction_is_one_fct_orders_row(
    warehouse: Warehouse,
) -> None:
    staged = warehouse.query(
        """
        select 'web:' || cast(order_id as varchar) from staging.stg_shop__orders
        union all
        select 'store:' || transaction_id from staging.stg_pos__transactions
        """
    )
    orders = warehouse.query("select order_id from marts.fct_orders")
    assert len(orders) == len(staged) > 0
    assert sorted(orders) == sorted(staged)
    # The order dated 2099 that the fixture injects is quarantined, so it is not an order.
    assert warehouse.scalar("select count(*) from marts.fct_orders where ordered_at > now()") == 0


def test_order_lines_belong_to_orders_and_match_their_line_counts(warehouse: Warehouse) -> None:
    mismatches = warehouse.scalar(
        """
        select count(*)
        from marts.fct_orders as orders
        left join (
            select order_id, count(*) as lines from marts.fct_order_lines group by order_id
        ) as lines using (order_id)
        where orders.line_count != coalesce(lines.lines, 0)
        """
    )
    assert mismatches == 0
    staged_lines = warehouse.scalar(
        """
        select count(*) from staging.stg_shop__order_lines
        where order_id in (select order_id from staging.stg_shop__orders)
        """
    ) + warehouse.scalar(
        """
        select count(*) from staging.stg_pos__transaction_lines
        where transaction_id in (select transaction_id from staging.stg_pos__transactions)
        """
    )
    assert warehouse.scalar("select count(*) from marts.fct_order_lines") == staged_lines


def test_orders_count_per_person_is_its_orders(warehouse: Warehouse) -> None:
    persons = warehouse.scalar("select count(distinct person_id) from marts.customer_identity_map")
    traits = warehouse.scalar(
        "select count(*) from intermediate.int_customer_360__transactional_traits"
    )
    assert traits == persons
    differences = warehouse.query(
        """
        select traits.person_id, traits.orders_count, coalesce(orders.orders, 0)
        from intermediate.int_customer_360__transactional_traits as traits
        left join (
            select person_id, count(*) as orders from marts.fct_orders group by person_id
        ) as orders using (person_id)
        where traits.orders_count != coalesce(orders.orders, 0)
            or traits.online_orders_count + traits.store_orders_count != traits.orders_count
        """
    )
    assert differences == []
    revenue_gap = warehouse.scalar(
        """
        select abs(
            (select sum(revenue) from intermediate.int_customer_360__transactional_traits)
            - (select sum(total_amount_reporting) from marts.fct_orders
               where person_id is not null)
        )
        """
    )
    assert revenue_gap == 0


def test_rfm_scores_exist_exactly_for_customers_with_orders(warehouse: Warehouse) -> None:
    rows = warehouse.query(
        """
        select
            count(*) filter (where orders_count > 0 and rfm_recency_score is null),
            count(*) filter (where orders_count = 0 and rfm_segment is not null),
            count(*) filter (where rfm_monetary_score not between 1 and 5),
            count(distinct rfm_recency_score)
        from intermediate.int_customer_360__transactional_traits
        """
    )
    assert rows == [(0, 0, 0, 5)]
    # A more recent last order never scores lower on recency.
    inversions = warehouse.scalar(
        """
        select count(*)
        from intermediate.int_customer_360__transactional_traits as newer
        inner join intermediate.int_customer_360__transactional_traits as older
            on newer.days_since_last_order < older.days_since_last_order
        where newer.rfm_recency_score < older.rfm_recency_score
        """
    )
    assert inversions == 0


def test_email_rates_are_shares_of_sends(warehouse: Warehouse) -> None:
    rows = warehouse.query(
        """
        select
            count(*) filter (where email_open_rate not between 0 and 1),
            count(*) filter (where email_click_rate not between 0 and 1),
            count(*) filter (where emails_sent = 0 and email_open_rate is not null),
            count(*) filter (where emails_sent > 0
                and abs(email_open_rate - emails_opened / emails_sent) > 1e-9),
            sum(emails_sent) + sum(sms_sent)
        from intermediate.int_customer_360__engagement_traits
        """
    )
    sends_with_person = warehouse.scalar(
        """
        select count(*) from staging.stg_esp__sends as sends
        inner join marts.customer_identity_map as map
            on map.source_name = 'esp_send' and map.source_record_id = sends.send_id
        where coalesce(sends.channel, (
            select channel from staging.stg_esp__campaigns as campaigns
            where campaigns.campaign_id = sends.campaign_id
        )) in ('email', 'sms')
        """
    )
    assert rows == [(0, 0, 0, 0, sends_with_person)]


def test_timeline_is_one_row_per_interaction_in_time_order(warehouse: Warehouse) -> None:
    duplicates = warehouse.scalar(
        """
        select count(*) from (
            select person_id, interaction_id from marts.fct_customer_timeline
            group by all having count(*) > 1
        )
        """
    )
    assert duplicates == 0
    timeline = warehouse.query(
        """
        select person_id, occurred_at, interaction_id
        from marts.fct_customer_timeline
        order by person_id, occurred_at, interaction_id
        """
    )
    assert len({row[2] for row in timeline}) == len(timeline) > 0
    assert all(row[0] is not None and row[1] is not None for row in timeline)
    # One web visit per session, not per page view.
    visits = warehouse.scalar(
        "select count(*) from marts.fct_customer_timeline where interaction_type = 'web_visit'"
    )
    sessions = warehouse.scalar(
        """
        select count(distinct coalesce(session_id, 'event:' || event_id))
        from staging.stg_web__events
        where cookie_id in (
            select source_record_id from marts.customer_identity_map
            where source_name = 'web_cookie'
        )
        """
    )
    assert visits == sessions
    orders = warehouse.scalar(
        """
        select count(*) from marts.fct_customer_timeline
        where interaction_type in ('order', 'store_purchase')
        """
    )
    assert orders == warehouse.scalar(
        "select count(*) from marts.fct_orders where person_id is not null"
    )
    unknown = warehouse.scalar(
        """
        select count(*) from marts.fct_customer_timeline
        where person_id not in (select person_id from marts.dim_customers)
        """
    )
    assert unknown == 0


def test_campaign_history_adds_up_to_sends_and_orders(warehouse: Warehouse) -> None:
    sends, opens, clicks = warehouse.query(
        """
        select sum(sends), sum(opens), sum(clicks)
        from marts.fct_campaign_history where campaign_type in ('email', 'sms')
        """
    )[0]
    assert (sends, opens, clicks) == warehouse.query(
        """
        select count(*), count(*) filter (where is_opened), count(*) filter (where is_clicked)
        from intermediate.int_customer_360__message_sends
        where person_id is not null and campaign_id is not null
        """
    )[0]
    # A person cannot convert more orders for one campaign than they placed.
    over = warehouse.scalar(
        """
        select count(*)
        from marts.fct_campaign_history as history
        inner join intermediate.int_customer_360__transactional_traits as traits
            using (person_id)
        where history.conversions > traits.orders_count
            or (history.conversions > 0) != (history.first_conversion_at is not null)
            or history.first_touch_at > history.last_touch_at
        """
    )
    assert over == 0
    assert (
        warehouse.scalar("select count(distinct campaign_type) from marts.fct_campaign_history")
        == 3
    )


# What dim_customers joins (the common customer-360 brief): the trait models keep these names.
TRANSACTIONAL_TRAITS = [
    "person_id", "orders_count", "online_orders_count", "store_orders_count", "revenue",
    "average_basket", "first_order_at", "last_order_at", "days_since_last_order",
    "purchase_frequency_days", "returns_count", "return_rate", "abandoned_carts_count",
    "abandoned_carts_value", "favourite_category", "preferred_payment_method",
    "average_review_rating", "rfm_recency_score", "rfm_frequency_score", "rfm_monetary_score",
    "rfm_segment", "historical_clv",
]  # fmt: skip
ENGAGEMENT_TRAITS = [
    "person_id", "web_sessions_7d", "web_sessions_30d", "web_sessions_90d", "page_views_30d",
    "product_views_30d", "last_visit_at", "emails_sent", "emails_opened", "emails_clicked",
    "email_open_rate", "email_click_rate", "sms_sent", "sms_clicked", "downloads_count",
    "support_tickets_count", "open_support_tickets_count", "last_support_ticket_status",
    "engaged_channels",
]  # fmt: skip


def test_trait_models_keep_the_columns_dim_customers_joins(warehouse: Warehouse) -> None:
    for model, expected in [
        ("int_customer_360__transactional_traits", TRANSACTIONAL_TRAITS),
        ("int_customer_360__engagement_traits", ENGAGEMENT_TRAITS),
    ]:
        columns = warehouse.query(
            """
            select column_name from information_schema.columns
            where table_schema = 'intermediate' and table_name = ?
            order by ordinal_position
            """,
            [model],
        )
        assert [name for (name,) in columns] == expected, model

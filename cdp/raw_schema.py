"""The raw tables an Airbyte sync lands, as the generator writes them.

One schema per Airbyte connection. Every table is in Airbyte Destinations V2 "final table"
shape: the typed source columns listed here, then the four `_airbyte_*` columns. Sources that
Airbyte reads from files (the store tills' CSV exports) arrive as text only, so their staging
models must parse them.

This module is the contract between the generator (`cdp.generator`) and the dbt sources
(`models/staging/*/_*__sources.yml`); `tests/python/test_project_conventions.py` keeps
the two in line.
"""

from __future__ import annotations

from dataclasses import dataclass

AIRBYTE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("_airbyte_raw_id", "UUID"),
    ("_airbyte_extracted_at", "TIMESTAMP WITH TIME ZONE"),
    ("_airbyte_meta", "JSON"),
    ("_airbyte_generation_id", "BIGINT"),
)

TRUTH_SCHEMA = "cdp_truth"

# Airbyte sync modes: append streams add rows at every sync; overwrite streams are replaced by
# the last sync's full copy, in a new `_airbyte_generation_id`.
INCREMENTAL_APPEND = "incremental_append"
FULL_REFRESH_OVERWRITE = "full_refresh_overwrite"


@dataclass(frozen=True)
class RawTable:
    schema: str
    name: str
    primary_key: tuple[str, ...]
    cursor: str | None
    columns: tuple[tuple[str, str], ...]
    sync_mode: str = INCREMENTAL_APPEND

    @property
    def qualified_name(self) -> str:
        return f"{self.schema}.{self.name}"

    @property
    def all_columns(self) -> tuple[tuple[str, str], ...]:
        return self.columns + AIRBYTE_COLUMNS


def _table(
    schema: str,
    name: str,
    primary_key: tuple[str, ...],
    cursor: str | None,
    columns: list[tuple[str, str]],
    sync_mode: str = INCREMENTAL_APPEND,
) -> RawTable:
    return RawTable(schema, name, primary_key, cursor, tuple(columns), sync_mode)


RAW_TABLES: tuple[RawTable, ...] = (
    # CRM: append-mode history, one version per change, cursor updated_at.
    _table(
        "raw_crm",
        "contacts",
        ("contact_id",),
        "updated_at",
        [
            ("contact_id", "VARCHAR"),
            ("first_name", "VARCHAR"),
            ("last_name", "VARCHAR"),
            ("email", "VARCHAR"),
            ("phone", "VARCHAR"),
            ("street_address", "VARCHAR"),
            ("postcode", "VARCHAR"),
            ("city", "VARCHAR"),
            ("country_code", "VARCHAR"),
            ("birth_date", "VARCHAR"),  # free text in the CRM: may be malformed
            ("loyalty_card_number", "VARCHAR"),
            ("home_store_id", "VARCHAR"),
            ("preferred_language", "VARCHAR"),
            ("email_opt_in", "BOOLEAN"),
            ("sms_opt_in", "BOOLEAN"),
            ("phone_opt_in", "BOOLEAN"),
            ("postal_opt_in", "BOOLEAN"),
            ("consent_updated_at", "TIMESTAMP"),
            ("created_at", "TIMESTAMP"),
            ("updated_at", "TIMESTAMP"),
            ("is_deleted", "BOOLEAN"),
        ],
    ),
    # Web shop (Shopify-like API): typed columns.
    _table(
        "raw_shop",
        "customers",
        ("customer_id",),
        "updated_at",
        [
            ("customer_id", "BIGINT"),
            ("email", "VARCHAR"),
            ("first_name", "VARCHAR"),
            ("last_name", "VARCHAR"),
            ("phone", "VARCHAR"),
            ("accepts_marketing", "BOOLEAN"),
            ("accepts_marketing_updated_at", "TIMESTAMP"),
            ("default_street_address", "VARCHAR"),
            ("default_postcode", "VARCHAR"),
            ("default_city", "VARCHAR"),
            ("default_country_code", "VARCHAR"),
            ("account_state", "VARCHAR"),
            ("created_at", "TIMESTAMP"),
            ("updated_at", "TIMESTAMP"),
        ],
    ),
    _table(
        "raw_shop",
        "orders",
        ("order_id",),
        "updated_at",
        [
            ("order_id", "BIGINT"),
            ("customer_id", "BIGINT"),
            ("email", "VARCHAR"),
            ("cart_token", "VARCHAR"),
            ("financial_status", "VARCHAR"),
            ("payment_method", "VARCHAR"),
            ("currency", "VARCHAR"),
            ("subtotal_price", "DECIMAL(12,2)"),
            ("shipping_price", "DECIMAL(12,2)"),
            ("total_price", "DECIMAL(12,2)"),
            ("shipping_postcode", "VARCHAR"),
            ("shipping_city", "VARCHAR"),
            ("shipping_country_code", "VARCHAR"),
            ("created_at", "TIMESTAMP"),
            ("updated_at", "TIMESTAMP"),
        ],
    ),
    _table(
        "raw_shop",
        "order_lines",
        ("order_line_id",),
        None,
        [
            ("order_line_id", "BIGINT"),
            ("order_id", "BIGINT"),
            ("product_id", "BIGINT"),
            ("quantity", "INTEGER"),
            ("unit_price", "DECIMAL(12,2)"),
            ("discount_amount", "DECIMAL(12,2)"),
        ],
    ),
    _table(
        "raw_shop",
        "refunds",
        ("refund_id",),
        None,
        [
            ("refund_id", "BIGINT"),
            ("order_id", "BIGINT"),
            ("refund_reason", "VARCHAR"),
            ("refunded_amount", "DECIMAL(12,2)"),
            ("is_restocked", "BOOLEAN"),
            ("created_at", "TIMESTAMP"),
        ],
    ),
    _table(
        "raw_shop",
        "abandoned_checkouts",
        ("checkout_id",),
        "updated_at",
        [
            ("checkout_id", "BIGINT"),
            ("customer_id", "BIGINT"),
            ("email", "VARCHAR"),
            ("cart_token", "VARCHAR"),
            ("line_items_count", "INTEGER"),
            ("total_price", "DECIMAL(12,2)"),
            ("currency", "VARCHAR"),
            ("created_at", "TIMESTAMP"),
            ("updated_at", "TIMESTAMP"),
        ],
    ),
    _table(
        "raw_shop",
        "products",
        ("product_id",),
        "updated_at",
        [
            ("product_id", "BIGINT"),
            ("title", "VARCHAR"),
            ("category", "VARCHAR"),
            ("brand", "VARCHAR"),
            ("price", "DECIMAL(12,2)"),
            ("created_at", "TIMESTAMP"),
            ("updated_at", "TIMESTAMP"),
        ],
        FULL_REFRESH_OVERWRITE,
    ),
    _table(
        "raw_shop",
        "reviews",
        ("review_id",),
        None,
        [
            ("review_id", "BIGINT"),
            ("product_id", "BIGINT"),
            ("customer_id", "BIGINT"),
            ("reviewer_email", "VARCHAR"),
            ("rating", "INTEGER"),
            ("created_at", "TIMESTAMP"),
        ],
    ),
    # Store tills: nightly CSV exports read by Airbyte's file source, so every column is text.
    _table(
        "raw_pos",
        "stores",
        ("store_id",),
        None,
        [
            ("store_id", "VARCHAR"),
            ("store_name", "VARCHAR"),
            ("city", "VARCHAR"),
            ("postcode", "VARCHAR"),
            ("country_code", "VARCHAR"),
            ("opened_on", "VARCHAR"),
        ],
        FULL_REFRESH_OVERWRITE,
    ),
    _table(
        "raw_pos",
        "transactions",
        ("transaction_id",),
        None,
        [
            ("transaction_id", "VARCHAR"),
            ("store_id", "VARCHAR"),
            ("till_device_id", "VARCHAR"),
            ("transaction_at", "VARCHAR"),
            ("loyalty_card_number", "VARCHAR"),
            ("receipt_email", "VARCHAR"),
            ("payment_method", "VARCHAR"),
            ("total_amount", "VARCHAR"),
            ("currency", "VARCHAR"),
        ],
    ),
    _table(
        "raw_pos",
        "transaction_lines",
        ("transaction_id", "line_number"),
        None,
        [
            ("transaction_id", "VARCHAR"),
            ("line_number", "VARCHAR"),
            ("product_id", "VARCHAR"),
            ("quantity", "VARCHAR"),
            ("unit_price", "VARCHAR"),
        ],
    ),
    # First-party web tracking (cookies).
    _table(
        "raw_web",
        "events",
        ("event_id",),
        None,
        [
            ("event_id", "VARCHAR"),
            ("cookie_id", "VARCHAR"),
            ("device_id", "VARCHAR"),
            ("session_id", "VARCHAR"),
            ("event_type", "VARCHAR"),
            ("page_path", "VARCHAR"),
            ("query_string", "VARCHAR"),
            ("product_id", "BIGINT"),
            ("referrer", "VARCHAR"),
            ("user_agent", "VARCHAR"),
            ("occurred_at", "TIMESTAMP"),
        ],
    ),
    _table(
        "raw_web",
        "identifies",
        ("event_id",),
        None,
        [
            ("event_id", "VARCHAR"),
            ("cookie_id", "VARCHAR"),
            ("device_id", "VARCHAR"),
            ("customer_id", "BIGINT"),
            ("email", "VARCHAR"),
            ("occurred_at", "TIMESTAMP"),
        ],
    ),
    _table(
        "raw_web",
        "consent_choices",
        ("event_id",),
        None,
        [
            ("event_id", "VARCHAR"),
            ("cookie_id", "VARCHAR"),
            ("device_id", "VARCHAR"),
            ("analytics_consent", "BOOLEAN"),
            ("ads_consent", "BOOLEAN"),
            ("occurred_at", "TIMESTAMP"),
        ],
    ),
    # Email/SMS tool.
    _table(
        "raw_esp",
        "campaigns",
        ("campaign_id",),
        None,
        [
            ("campaign_id", "VARCHAR"),
            ("campaign_name", "VARCHAR"),
            ("channel", "VARCHAR"),
            ("subject", "VARCHAR"),
            ("scheduled_at", "TIMESTAMP"),
        ],
        FULL_REFRESH_OVERWRITE,
    ),
    _table(
        "raw_esp",
        "sends",
        ("send_id",),
        None,
        [
            ("send_id", "VARCHAR"),
            ("campaign_id", "VARCHAR"),
            ("channel", "VARCHAR"),
            ("email", "VARCHAR"),
            ("phone", "VARCHAR"),
            ("crm_contact_id", "VARCHAR"),
            ("sent_at", "TIMESTAMP"),
        ],
    ),
    _table(
        "raw_esp",
        "message_events",
        ("event_id",),
        None,
        [
            ("event_id", "VARCHAR"),
            ("send_id", "VARCHAR"),
            ("event_type", "VARCHAR"),
            ("clicked_url", "VARCHAR"),
            ("occurred_at", "TIMESTAMP"),
        ],
    ),
    # Ad platforms: impressions aggregated per cookie, campaign and day.
    _table(
        "raw_ads",
        "exposures",
        ("exposure_id",),
        None,
        [
            ("exposure_id", "VARCHAR"),
            ("platform", "VARCHAR"),
            ("ad_campaign_id", "VARCHAR"),
            ("cookie_id", "VARCHAR"),
            ("exposure_date", "DATE"),
            ("impressions", "INTEGER"),
            ("clicks", "INTEGER"),
        ],
    ),
    # Customer service.
    _table(
        "raw_support",
        "tickets",
        ("ticket_id",),
        "updated_at",
        [
            ("ticket_id", "BIGINT"),
            ("requester_email", "VARCHAR"),
            ("requester_phone", "VARCHAR"),
            ("requester_name", "VARCHAR"),
            ("channel", "VARCHAR"),
            ("category", "VARCHAR"),
            ("status", "VARCHAR"),
            ("created_at", "TIMESTAMP"),
            ("updated_at", "TIMESTAMP"),
        ],
    ),
    # Accounts receivable: unpaid invoices (bad payers).
    _table(
        "raw_billing",
        "unpaid_invoices",
        ("invoice_id",),
        "updated_at",
        [
            ("invoice_id", "VARCHAR"),
            ("crm_contact_id", "VARCHAR"),
            ("shop_customer_id", "BIGINT"),
            ("customer_email", "VARCHAR"),
            ("amount_due", "DECIMAL(12,2)"),
            ("currency", "VARCHAR"),
            ("due_date", "DATE"),
            ("collection_status", "VARCHAR"),
            ("updated_at", "TIMESTAMP"),
        ],
    ),
)

# Ground truth for evaluation: which real person each source record belongs to. No model reads it.
TRUTH_TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "persons": (
        ("person_id", "BIGINT"),
        ("household_id", "BIGINT"),
        ("first_name", "VARCHAR"),
        ("last_name", "VARCHAR"),
        ("email", "VARCHAR"),
        ("phone", "VARCHAR"),
        ("birth_date", "DATE"),
        ("is_test_account", "BOOLEAN"),
        # The household landline in E.164 (a person's records may carry it instead of `phone`).
        ("landline_phone", "VARCHAR"),
    ),
    "record_persons": (
        ("source_table", "VARCHAR"),  # e.g. 'raw_crm.contacts'
        ("source_record_id", "VARCHAR"),  # the table's primary key as text
        ("person_id", "BIGINT"),
    ),
    "cookie_persons": (
        ("cookie_id", "VARCHAR"),
        ("device_id", "VARCHAR"),
        ("person_id", "BIGINT"),
        ("is_shared_device", "BOOLEAN"),
    ),
}


def raw_table(qualified_name: str) -> RawTable:
    for table in RAW_TABLES:
        if table.qualified_name == qualified_name:
            return table
    raise KeyError(f"unknown raw table {qualified_name!r}")

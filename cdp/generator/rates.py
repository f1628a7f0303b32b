"""The generator's rates in one place (the distribution table is made from them).

The generator reads the shares and probabilities below (persons.py, noise.py, airbyte.py,
world.py, runner.py and every module of sources/); `make generator-rates` (`python -m
cdp.generator.rates_table > docs/generator_rates.md`) writes the table that shows them, and
tests/python/test_generator_rates.py fails when that file is out of date, so the code and its
description cannot disagree.

Noise mixes are (kind, share) pairs; noise.py maps the kinds to its codes, in this order (the
order of the draws).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PopulationRates:
    """Person-level draws (persons.py): households, contact details, which systems know them."""

    # Share of persons living in households of 1, 2, 3, 4 persons (30% share a household).
    household_person_shares: tuple[tuple[int, float], ...] = (
        (1, 0.70),
        (2, 0.17),
        (3, 0.08),
        (4, 0.05),
    )
    member_shares_last_name: float = 0.75
    landline_in_household: float = 0.35
    landline_alone: float = 0.15
    family_email: float = 0.2  # households with a family address
    family_email_use: float = 0.6  # each member (the head always) uses it
    test_accounts_min: int = 3
    profiles_per_test_account: int = 25_000
    household_moves: float = 0.08
    female: float = 0.5
    age_mean: int = 44
    age_sd: int = 15
    age_min: int = 18
    age_max: int = 92
    email_changed: float = 0.07
    # Email local-part patterns and their weights (first.last, firstlast, f.last, first.lastYY,
    # last.first, first_last, firstL42, firstlast123).
    email_pattern_weights: tuple[float, ...] = (0.38, 0.10, 0.10, 0.12, 0.05, 0.05, 0.10, 0.10)
    mobile: float = 0.92
    in_crm: float = 0.70
    duplicate_contact: float = 0.03  # of all persons
    loyalty: float = 0.50  # of CRM contacts
    in_shop: float = 0.55
    web_of_shop_customers: float = 0.95
    web_of_others: float = 0.51
    store_of_loyalty_members: float = 0.95
    store_of_others: float = 0.41
    in_support: float = 0.10
    bad_payer_known: float = 0.024  # in the CRM or the shop
    bad_payer_other: float = 0.008
    contacts_created_before_window: float = 0.65
    contacts_history_years: float = 6.0
    customers_created_before_window: float = 0.60
    customers_history_years: float = 5.0
    home_store_without_loyalty: float = 0.2  # of CRM contacts without a card
    consent_changed: float = 0.15
    email_opt_in: float = 0.62
    sms_opt_in: float = 0.35
    phone_opt_in: float = 0.20
    postal_opt_in: float = 0.45


@dataclass(frozen=True)
class ShopRates:
    """The web shop (sources/shop.py): accounts, orders and their lines, refunds, reviews."""

    customer_versions: float = 0.3  # accounts edited once more
    orders_per_customer: float = 2.0  # Poisson mean, times the account's age share
    guest_visitors: float = 0.25  # of web visitors without an account
    guest_extra_orders: float = 0.3  # guests order 1 + Poisson(this)
    account_guest_checkout: float = 0.08
    first_order_at_sign_up: float = 0.8  # of accounts opened in the window
    line_count_shares: tuple[float, ...] = (0.5, 0.27, 0.15, 0.08)  # 1, 2, 3, 4 lines
    refunded: float = 0.08
    partial_refund: float = 0.4  # of refunds
    reviewed: float = 0.10
    malformed_rating: float = 0.005
    checkouts_per_customer: float = 0.8  # Poisson mean, times the account's age share
    checkouts_per_visitor: float = 0.25  # Poisson mean, web visitors without an account
    checkout_email_only: float = 0.5  # of checkouts without an account
    products: int = 1200
    repriced_products: float = 0.25


@dataclass(frozen=True)
class CrmRates:
    """The store CRM (sources/crm.py): versions, duplicate contacts, bad cells, deletions."""

    # Extra versions of a contact: 0, 1, 2, 3 (besides one per move, email change, consent flip).
    extra_version_shares: tuple[float, ...] = (0.45, 0.30, 0.15, 0.10)
    # Duplicate contacts are re-keyed by staff at a till: nicknames and typos are the rule.
    duplicate_first_name_nickname: float = 0.35
    duplicate_first_name_typo: float = 0.2
    duplicate_last_name_typo: float = 0.25
    duplicate_email_missing: float = 0.45
    birth_date_missing: float = 0.02
    birth_date_malformed: float = 0.005
    deleted: float = 0.004
    swapped_names: float = 0.01  # first and last name swapped (duplicates: below)
    duplicate_swapped_names: float = 0.08
    email_noise_scale: float = 1.5  # times NoiseRates.email: staff key addresses in


@dataclass(frozen=True)
class PosRates:
    """Store tills (sources/pos.py): visits, receipts and the exports' malformed cells."""

    tills_per_store: int = 3
    extra_visits: float = 0.6  # transactions: 1 + Poisson(this)
    home_store: float = 0.75  # else a store of the person's country
    line_count_shares: tuple[float, ...] = (0.55, 0.25, 0.12, 0.08)  # 1, 2, 3, 4 lines
    single_quantity: float = 0.85  # else 2 or 3
    card_on_receipt: float = 0.7  # of a loyalty member's receipts
    card_spaces: float = 0.01
    receipt_email: float = 0.25
    receipt_email_noise: tuple[tuple[str, float], ...] = (
        ("typo", 0.025),
        ("case", 0.05),
        ("spaces", 0.03),
        ("test", 0.02),
    )
    payment_methods: tuple[tuple[str, float], ...] = (
        ("card", 0.68),
        ("cash", 0.20),
        ("gift_card", 0.04),
        ("cheque", 0.02),
        ("mobile", 0.06),
    )
    # Malformed exports, as cut-offs of one uniform draw: ids 'N/A' below the first, empty
    # below the second; dates unparseable below the first, empty below the second.
    malformed_id_cutoffs: tuple[float, float] = (0.0012, 0.002)
    malformed_date_cutoffs: tuple[float, float] = (0.003, 0.004)
    decimal_comma: float = 0.015


@dataclass(frozen=True)
class WebRates:
    """First-party web tracking (sources/web.py): devices, cookies, sessions, logins, consent."""

    device_types: tuple[tuple[str, float], ...] = (
        ("mobile", 0.55),
        ("desktop", 0.35),
        ("tablet", 0.10),
    )
    device_count_shares: tuple[float, ...] = (0.5, 0.35, 0.15)  # 1, 2, 3 devices
    cookie_count_shares: tuple[float, ...] = (0.7, 0.3)  # 1, 2 cookies per device
    cookie_life_days: float = 240  # Exp(this)
    extra_sessions: float = 0.9  # per cookie: 1 + Poisson(this)
    event_continue: float = 0.32  # events per session: Geometric(this)
    event_type_shares: tuple[float, ...] = (0.55, 0.33, 0.12)  # page, product, add to cart
    event_gap_seconds: float = 50  # Exp(this) between a session's events
    tagged_landing: float = 0.25  # sessions arriving from a tagged link
    store_tablet: float = 0.04  # of store shoppers, once on a shared tablet
    tablets_per_store: int = 2
    anonymous_cookie_life_days: float = 10
    anonymous_extra_sessions: float = 0.3
    anonymous_event_continue: float = 0.45
    login: float = 0.6  # of shop customers' cookies
    login_on_tablet: float = 0.8
    second_login: float = 0.35  # on a personal device
    signup: float = 0.10  # of other CRM persons' cookies
    identify_email_noise: tuple[tuple[str, float], ...] = (("case", 0.02), ("typo", 0.004))
    consent_choice: float = 0.92  # cookies that answer the banner
    consent_change: float = 0.1  # of those, change their mind later
    analytics_consent: float = 0.72
    ads_with_analytics: float = 0.75
    ads_without_analytics: float = 0.1
    landing_cookie_tries: int = 3  # tries to find the clicker's cookie alive at a landing


@dataclass(frozen=True)
class AdsRates:
    """Ad platforms' daily reports (sources/ads.py), for cookies that accepted ads."""

    exposures_per_cookie: float = 4.5  # Poisson(this) rows over the cookie life
    impressions_p: float = 0.4  # impressions per row: Geometric(this), at most the max
    impressions_max: int = 10
    click: float = 0.06


@dataclass(frozen=True)
class EspRates:
    """The email/SMS tool (sources/esp.py): campaigns, sends, message events, forwards."""

    campaigns: int = 208  # over the window, the last on the day before as_of
    email_campaigns: float = 0.8  # the others are SMS
    email_sends_per_opted_in: float = 5.5
    sms_sends_per_opted_in: float = 2.5
    # Sends drawn per kept send: the draws made while the contact was opted out are dropped.
    draws_per_send: float = 1.3
    send_spread_hours: int = 3  # sends go out over this long after the scheduled time
    known_contact: float = 0.95  # sends carrying the CRM contact id
    duplicate_contact_synced: float = 0.15  # of persons with a duplicate contact
    send_email_noise: tuple[tuple[str, float], ...] = (("case", 0.01),)
    bounce: float = 0.02  # of emails
    open: float = 0.25  # of emails not bounced
    opens_p: float = 0.6  # opens per opened email: Geometric(this)
    click_of_opened: float = 0.16
    sms_click: float = 0.03
    email_unsubscribe: float = 0.005
    sms_unsubscribe: float = 0.004
    # Delays after the send: bounces min + U(span) minutes, opens Exp(mean) hours, clicks
    # min + Exp(mean) hours.
    bounce_delay_min_minutes: int = 1
    bounce_delay_span_minutes: int = 4
    open_delay_mean_hours: float = 10
    click_delay_min_hours: float = 0.2
    click_delay_mean_hours: float = 8
    # Forwards: opened emails passed on and clicked by someone else, a household member (when
    # the sender lives with someone) or a colleague; a few go viral, clicked by many.
    forward_of_opened: float = 0.05
    forward_to_household: float = 0.45
    viral_of_forwards: float = 0.03
    viral_min: int = 5
    viral_max: int = 30
    forward_delay_min_hours: float = 1  # a forwarded click: this + Exp(mean) hours after
    forward_delay_mean_hours: float = 30


@dataclass(frozen=True)
class SupportRates:
    """Customer service tickets (sources/support.py), one row per status change."""

    ticket_count_shares: tuple[float, ...] = (0.7, 0.3)  # 1, 2 tickets
    channels: tuple[tuple[str, float], ...] = (("email", 0.5), ("phone", 0.25), ("chat", 0.25))
    # Status paths (one version per status) and their weights.
    status_paths: tuple[tuple[tuple[str, ...], float], ...] = (
        (("open",), 0.10),
        (("open", "pending"), 0.15),
        (("open", "pending", "solved"), 0.15),
        (("open", "solved"), 0.20),
        (("open", "solved", "closed"), 0.40),
    )
    # requester_name layouts, in the order support.py's SQL reads them.
    name_layouts: tuple[tuple[str, float], ...] = (
        ("First Last", 0.6),
        ("LAST First", 0.2),
        ("First", 0.08),
        ("F. Last", 0.05),
        ("missing", 0.07),
    )
    email_on_phone: float = 0.4  # requester email on phone tickets
    email_otherwise: float = 0.97
    phone_off_phone_channel: float = 0.2  # requester phone on email and chat tickets
    status_gap_min_days: float = 0.5  # each status change min + U(span) days after the last
    status_gap_span_days: float = 3.5


@dataclass(frozen=True)
class BillingRates:
    """Accounts receivable's unpaid invoices (sources/billing.py)."""

    invoice_count_shares: tuple[float, ...] = (0.7, 0.3)  # 1, 2 invoices
    # Collection status paths (one version per status) and their weights.
    status_paths: tuple[tuple[tuple[str, ...], float], ...] = (
        (("overdue",), 0.35),
        (("overdue", "in_collection"), 0.30),
        (("overdue", "paid"), 0.20),
        (("in_collection", "paid"), 0.15),
    )
    crm_contact_id: float = 0.85  # of CRM persons' invoices
    shop_customer_id: float = 0.7  # of shop customers' invoices
    email: float = 0.75  # always when neither id is known
    email_noise: tuple[tuple[str, float], ...] = (("case", 0.05), ("typo", 0.01))
    amount_min_cents: int = 3000  # amount due: this + Exp(mean)
    amount_mean_cents: int = 30000


@dataclass(frozen=True)
class NoiseRates:
    """How records garble identities (noise.py): typical shares per record and field, which
    sources scale to their own data-entry quality."""

    first_name: tuple[tuple[str, float], ...] = (
        ("typo", 0.02),
        ("nickname", 0.03),
        ("accents", 0.04),
        ("upper", 0.04),
        ("lower", 0.015),
        ("spaces", 0.015),
        ("missing", 0.005),
    )
    last_name: tuple[tuple[str, float], ...] = (
        ("typo", 0.02),
        ("accents", 0.04),
        ("upper", 0.12),
        ("lower", 0.015),
        ("spaces", 0.015),
        ("missing", 0.005),
    )
    email: tuple[tuple[str, float], ...] = (
        ("typo", 0.015),
        ("case", 0.04),
        ("spaces", 0.02),
        ("missing", 0.03),
        ("test", 0.003),
        ("empty", 0.005),
    )
    # Format mixes: people type their number however they like in forms, tills keep it raw.
    phone_formats_typed: tuple[tuple[str, float], ...] = (
        ("spaced", 0.35),
        ("e164", 0.15),
        ("national", 0.3),
        ("intl_trunk", 0.05),
        ("dotted", 0.07),
        ("intl_spaced", 0.05),
        ("double_zero", 0.02),
        ("test", 0.01),
    )
    phone_formats_normalised: tuple[tuple[str, float], ...] = (
        ("e164", 0.97),
        ("national", 0.025),
        ("test", 0.005),
    )


@dataclass(frozen=True)
class AirbyteRates:
    """What Airbyte adds to the rows (airbyte.py, world.impossible_times)."""

    history_days: int = 730  # activity spans the two years before as_of
    last_sync_before_as_of_minutes: int = 25
    sync_duration_minutes: int = 10  # rows of one sync are extracted over this long
    duplicate: float = 0.005  # re-extracted in a later sync (append streams)
    duplicate_delay_p: float = 0.5  # that sync is Geometric(this) syncs later
    late_events: float = 0.01  # extracted some days late (event streams)
    late_ads: float = 0.03
    late_shop_orders: float = 0.002
    late_min_days: int = 2
    late_max_days: int = 14
    meta_field: float = 0.003  # a non-key field NULLED (or rarely TRUNCATED)
    meta_key: float = 0.0005  # the primary key NULLED
    truncated: float = 0.1  # of field changes on long text columns
    truncated_length: int = 12
    impossible_timestamps: float = 0.001  # of orders' and events' times
    # Which impossible time, by cut-offs of one uniform draw: a time in the far-future year,
    # some days ahead, the epoch year's first instant, else a time in the last-century year.
    impossible_kind_cutoffs: tuple[float, float, float] = (0.4, 0.6, 0.8)
    impossible_years: tuple[int, int, int] = (2099, 1970, 1999)  # far future, epoch, last century
    impossible_ahead_min_days: int = 3
    impossible_ahead_span_days: int = 60


POPULATION = PopulationRates()
CRM = CrmRates()
SHOP = ShopRates()
POS = PosRates()
WEB = WebRates()
ADS = AdsRates()
ESP = EspRates()
SUPPORT = SupportRates()
BILLING = BillingRates()
NOISE = NoiseRates()
AIRBYTE = AirbyteRates()
ANONYMOUS_VISITORS_PER_PROFILE = 0.28  # ~15% of all cookies belong to nobody we know

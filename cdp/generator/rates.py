"""The generator's rates in one place (the distribution table is made from them).

The generator reads the shares and probabilities below (persons.py, sources/crm.py,
sources/shop.py, runner.py); `make generator-rates` (`python -m cdp.generator.rates_table >
docs/generator_rates.md`) writes the table that shows them, and
tests/python/test_generator_rates.py fails when that file is out of date, so the code and its
description cannot disagree.

Figures of the table that still live in the code of a source module (sources/pos.py, web.py,
esp.py, support.py, billing.py, ads.py, noise.py, airbyte.py: the store visits, web, logins,
consent, ads, email / SMS, forwards, tickets, invoices, record noise and Airbyte rows) are
still written as text in rates_table.py; they are the next ones to move into a dataclass here.
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


POPULATION = PopulationRates()
CRM = CrmRates()
SHOP = ShopRates()
ANONYMOUS_VISITORS_PER_PROFILE = 0.28  # ~15% of all cookies belong to nobody we know

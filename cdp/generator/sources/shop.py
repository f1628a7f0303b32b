"""raw_shop.*: the Shopify-like web shop (customers, orders, lines, refunds, checkouts, reviews)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cdp.generator import noise
from cdp.generator import reference as ref
from cdp.generator.airbyte import DAY, MINUTE, YEAR
from cdp.generator.persons import Population
from cdp.generator.rates import AIRBYTE, SHOP
from cdp.generator.world import (
    Chunk,
    World,
    address_at,
    counts_from,
    draw,
    email_at,
    expand,
    impossible_times,
    noisy_names,
    phone_sql,
    sql_list,
    sql_pick,
    version_times,
)
from cdp.raw_schema import raw_table

CUSTOMERS = raw_table("raw_shop.customers")
ORDERS = raw_table("raw_shop.orders")
ORDER_LINES = raw_table("raw_shop.order_lines")
REFUNDS = raw_table("raw_shop.refunds")
CHECKOUTS = raw_table("raw_shop.abandoned_checkouts")
PRODUCTS = raw_table("raw_shop.products")
REVIEWS = raw_table("raw_shop.reviews")

FIRST_PRODUCT_ID = 100_001
FIRST_ORDER_ID = 5_000_000_001
FIRST_LINE_ID = 20_000_000_001
FIRST_REFUND_ID = 300_000_001
FIRST_CHECKOUT_ID = 40_000_000_001
FIRST_REVIEW_ID = 700_001

PAYMENT_METHODS = (
    ("card", 0.55),
    ("paypal", 0.20),
    ("gift_card", 0.05),
    ("klarna", 0.08),
    ("apple_pay", 0.12),
)
ACCOUNT_STATES = (("enabled", 0.85), ("disabled", 0.07), ("invited", 0.05), ("declined", 0.03))
STATUSES = ("pending", "paid", "refunded", "partially_refunded")
RATINGS = ((5, 0.45), (4, 0.30), (3, 0.12), (2, 0.06), (1, 0.07))
MALFORMED_RATINGS = np.array([0, 6, -1, 10])
CUSTOMER_EMAIL_RATES = {noise.EMAIL_TYPO: 0.006, noise.EMAIL_CASE: 0.02, noise.EMAIL_TEST: 0.002}
ORDER_EMAIL_RATES = {
    noise.EMAIL_TYPO: 0.008,
    noise.EMAIL_CASE: 0.03,
    noise.EMAIL_SPACES: 0.005,
    noise.EMAIL_TEST: 0.003,
}


def currency_sql(country_sql: str, u_sql: str) -> str:
    return (
        f"CASE WHEN {country_sql} = 'CH' AND {u_sql} < 0.7 THEN 'CHF' "
        f"WHEN {country_sql} = 'GB' AND {u_sql} < 0.5 THEN 'GBP' ELSE 'EUR' END"
    )


def generate_products(world: World) -> None:
    """The catalogue: 1,200 products, a quarter repriced once since they were created."""
    rng = world.rng("products")
    n = SHOP.products
    category = rng.choice(
        len(ref.PRODUCT_CATEGORIES), size=n, p=[0.15, 0.15, 0.25, 0.12, 0.2, 0.13]
    )
    low = np.array([c[2][0] for c in ref.PRODUCT_CATEGORIES])[category]
    high = np.array([c[2][1] for c in ref.PRODUCT_CATEGORIES])[category]
    # Prices like 129.90 or 59.00.
    price = (low + rng.random(n) * (high - low)).astype(np.int64) * 100 + np.where(
        rng.random(n) < 0.7, 90, 0
    )
    world.product_price_cents = price
    world.product_weights = rng.permutation(ref.zipf_weights(n, 1.0, 10.0))
    noun_count = np.array([len(c[1]) for c in ref.PRODUCT_CATEGORIES])[category]
    repriced = rng.random(n) < SHOP.repriced_products
    created = world.clock.uniform(
        rng, n, world.clock.start_us - 3 * YEAR, world.clock.end_us - 30 * DAY
    )
    record, _, updated = version_times(rng, world.clock, created, repriced.astype(np.int64))
    first = np.ones(len(record), dtype=bool)
    first[1:] = record[1:] != record[:-1]
    new_price = price * np.where(rng.random(n) < 0.5, 90, 110) // 100 // 10 * 10
    frame = {
        "product_id": FIRST_PRODUCT_ID + record,
        "category": category[record],
        "noun": (rng.random(n) * noun_count).astype(np.int64)[record],
        "adjective": rng.integers(0, len(ref.PRODUCT_ADJECTIVES), n)[record],
        "variant": rng.integers(0, len(ref.PRODUCT_VARIANTS), n)[record],
        "brand": rng.choice(len(ref.BRANDS), size=n, p=ref.zipf_weights(len(ref.BRANDS), 1.0, 1.0))[
            record
        ],
        "price": np.where(first, price[record], new_price[record]),
        "created": created[record],
        "updated": updated,
    }
    nouns = " ".join(
        f"WHEN {i} THEN {sql_list(c[1])}[f.noun + 1]" for i, c in enumerate(ref.PRODUCT_CATEGORIES)
    )
    exprs = {
        "product_id": "f.product_id",
        "title": f"CASE f.category {nouns} END || ' ' || "
        f"{sql_pick(ref.PRODUCT_ADJECTIVES, 'f.adjective')} || ' ' || "
        f"{sql_pick(ref.PRODUCT_VARIANTS, 'f.variant')}",
        "category": sql_pick([c[0] for c in ref.PRODUCT_CATEGORIES], "f.category"),
        "brand": sql_pick(ref.BRANDS, "f.brand"),
        "price": "cents_decimal(f.price)",
        "created_at": "make_timestamp(f.created)",
        "updated_at": "make_timestamp(f.updated)",
    }
    # Full refresh: the table holds today's catalogue, repriced products at their new price.
    world.writer.write(PRODUCTS, frame, exprs, rng=rng, available_us=updated, versions_of=record)


def _account_share(world: World, people: Population) -> np.ndarray:
    """Time each account existed in the window, relative to the average (about 0.8 window).

    Activity counts scale with it, so new accounts do not pile their orders up before as_of.
    """
    clock = world.clock
    window = clock.end_us - clock.start_us
    active = (clock.end_us - np.maximum(people.customer_created_us, clock.start_us)) / window
    return np.clip(active, 0.0, 1.0) / 0.8


def _customers(world: World, chunk: Chunk, rng: np.random.Generator) -> None:
    people = chunk.people
    who = np.flatnonzero(people.in_shop)
    n = len(who)
    created = people.customer_created_us[who]
    forced = [people.email_changed_us[who], people.moved_us[who]]
    record, _, updated = version_times(
        rng, world.clock, created, (rng.random(n) < SHOP.customer_versions).astype(np.int64), forced
    )
    marketing = rng.random(n) < 0.5
    marketing_changed = rng.random(n) < 0.2
    first = np.ones(len(record), dtype=bool)
    first[1:] = record[1:] != record[:-1]
    # A later version may flip the marketing consent.
    accepts = marketing[record] ^ (marketing_changed[record] & ~first)
    marketing_at = np.where(marketing_changed[record] & ~first, updated, created[record])
    has_address = rng.random(n) < 0.85
    frame = {
        "person_id": people.person_id[who][record],
        "customer_id": people.customer_id[who][record],
        "created": created[record],
        "updated": updated,
        "swap": (rng.random(n) < 0.005)[record],
        "fn_kind": noise.draw_kinds(rng, n, noise.NAME_RATES, 0.6)[record],
        "fn_u": rng.random(n)[record],
        "ln_kind": noise.draw_kinds(rng, n, noise.LAST_NAME_RATES, 0.6)[record],
        "ln_u": rng.random(n)[record],
        "email_kind": noise.draw_kinds(rng, n, CUSTOMER_EMAIL_RATES)[record],
        "email_u": rng.random(n)[record],
        "phone_source": np.where(rng.random(n) < 0.4, 1, 0)[record],
        "phone_kind": noise.draw_formats(rng, n, noise.PHONE_FORMATS_NORMALISED)[record],
        "phone_u": rng.random(n)[record],
        "accepts": accepts,
        "marketing_at": marketing_at,
        "has_address": has_address[record] | ~first,
        "state": draw(rng, ACCOUNT_STATES, n)[record],
    }
    first_name, last_name = noisy_names()
    exprs = {
        "customer_id": "f.customer_id",
        "email": f"email_noise({email_at('f.updated')}, f.email_kind, f.email_u)",
        "first_name": first_name,
        "last_name": last_name,
        "phone": phone_sql(
            "f.phone_source", "f.phone_kind", "f.phone_u", has_country_sql="f.has_address"
        ),
        "accepts_marketing": "f.accepts",
        "accepts_marketing_updated_at": "make_timestamp(f.marketing_at)",
        "default_street_address": f"CASE WHEN f.has_address THEN "
        f"{address_at('f.updated', 'street_address')} END",
        "default_postcode": f"CASE WHEN f.has_address THEN "
        f"{address_at('f.updated', 'postcode')} END",
        "default_city": f"CASE WHEN f.has_address THEN {address_at('f.updated', 'city')} END",
        "default_country_code": "CASE WHEN f.has_address THEN p.country_code END",
        "account_state": sql_pick([s for s, _ in ACCOUNT_STATES], "f.state"),
        "created_at": "make_timestamp(f.created)",
        "updated_at": "make_timestamp(f.updated)",
    }
    world.writer.write(
        CUSTOMERS,
        frame,
        exprs,
        rng=rng,
        available_us=updated,
        join_persons=True,
        truth_key="f.customer_id::VARCHAR",
        versions_of=record,
    )


def generate(world: World, chunk: Chunk) -> None:
    rng = world.rng("shop", chunk.number)
    _customers(world, chunk, rng)
    _orders(world, chunk, rng)
    _checkouts(world, chunk, rng)


@dataclass(frozen=True)
class _Orders:
    """One entry per order of the chunk: who placed it, when, and what it holds."""

    who: np.ndarray  # person row in the chunk
    order_id: np.ndarray
    guest: np.ndarray  # checked out without the account (or has none)
    created: np.ndarray
    n_lines: np.ndarray
    line_order: np.ndarray  # per line: its order
    product: np.ndarray  # per line: row of the catalogue
    subtotal: np.ndarray
    shipping: np.ndarray

    def __len__(self) -> int:
        return len(self.who)


@dataclass(frozen=True)
class _StatusHistory:
    """pending -> paid, paid -> (partially) refunded: versions of each order."""

    refunded: np.ndarray  # per order
    partial: np.ndarray  # per order
    refund_at: np.ndarray  # per order
    record: np.ndarray  # per version: its order
    status: np.ndarray  # per version: index into STATUSES
    updated: np.ndarray  # per version


def _orders(world: World, chunk: Chunk, rng: np.random.Generator) -> None:
    """raw_shop.orders, order_lines, refunds and reviews; the draws are made in this order."""
    who, order_rank = _order_counts(world, chunk.people, rng)
    if len(who) == 0:
        return
    orders, quantity, unit, discount = _draw_orders(world, chunk.people, rng, who, order_rank)
    history = _status_history(world, rng, orders.created)
    _write_orders(world, chunk.people, rng, orders, history)
    _write_order_lines(world, chunk.people, rng, orders, quantity, unit, discount)
    _write_refunds(world, chunk.people, rng, orders, history)
    _write_reviews(world, chunk.people, rng, orders)


def _order_counts(
    world: World, people: Population, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Account holders order Poisson(2 x account age share) times; a quarter of other web
    visitors order as guests. (person row, rank of the order) per order."""
    n_people = len(people)
    guest_only = people.on_web & ~people.in_shop & (rng.random(n_people) < SHOP.guest_visitors)
    n_orders = np.where(
        people.in_shop,
        rng.poisson(SHOP.orders_per_customer * _account_share(world, people)),
        np.where(guest_only, 1 + rng.poisson(SHOP.guest_extra_orders, n_people), 0),
    )
    return expand(n_orders)


def _draw_orders(
    world: World,
    people: Population,
    rng: np.random.Generator,
    who: np.ndarray,
    order_rank: np.ndarray,
) -> tuple[_Orders, np.ndarray, np.ndarray, np.ndarray]:
    """Orders, their times and lines, and the amounts from the lines; also each line's
    quantity, unit price and discount (cents)."""
    clock = world.clock
    n = len(who)
    order_id = world.take_ids("order", n, FIRST_ORDER_ID)
    has_account = people.in_shop[who]
    # Some account holders check out as guests.
    guest = ~has_account | (rng.random(n) < SHOP.account_guest_checkout)
    account_created = people.customer_created_us[who]
    start = np.where(has_account, np.maximum(account_created, clock.start_us), clock.start_us)
    created = clock.uniform(rng, n, start, clock.end_us)
    # Most accounts are opened to place an order: new customers' first order comes right after.
    first_order = (
        has_account
        & (order_rank == 0)
        & (account_created >= clock.start_us)
        & (rng.random(n) < SHOP.first_order_at_sign_up)
    )
    created = np.where(
        first_order,
        np.minimum(account_created + (rng.random(n) * 20 * MINUTE).astype(np.int64), clock.end_us),
        created,
    )

    # Lines, then order amounts from them.
    n_lines = counts_from(rng, SHOP.line_count_shares, n)
    line_order, _ = expand(n_lines)
    n_line_rows = len(line_order)
    product = rng.choice(len(world.product_weights), size=n_line_rows, p=world.product_weights)
    quantity = np.where(rng.random(n_line_rows) < 0.82, 1, rng.integers(2, 5, n_line_rows))
    unit = world.product_price_cents[product]
    discount = np.where(
        rng.random(n_line_rows) < 0.15,
        unit * quantity * rng.integers(10, 21, n_line_rows) // 100,
        0,
    )
    subtotal = np.bincount(line_order, weights=unit * quantity - discount, minlength=n).astype(
        np.int64
    )
    shipping = np.where(subtotal >= 5000, 0, np.where(rng.random(n) < 0.6, 490, 690))
    orders = _Orders(
        who, order_id, guest, created, n_lines, line_order, product, subtotal, shipping
    )
    return orders, quantity, unit, discount


def _status_history(world: World, rng: np.random.Generator, created: np.ndarray) -> _StatusHistory:
    clock = world.clock
    n = len(created)
    refunded = rng.random(n) < SHOP.refunded
    partial = refunded & (rng.random(n) < SHOP.partial_refund)
    still_pending = ~refunded & (rng.random(n) < 0.03)
    two_step_payment = ~refunded & ~still_pending & (rng.random(n) < 0.5)
    refund_at = np.minimum(
        created + ((2 + rng.random(n) * 28) * DAY).astype(np.int64), clock.end_us
    )
    # Cards clear within minutes; transfers and pay-later within days.
    payment_delay = np.where(
        rng.random(n) < 0.7,
        (5 + rng.random(n) * 115) * MINUTE,
        (1 + rng.random(n) * 71) * 60 * MINUTE,
    ).astype(np.int64)
    paid_at = np.minimum(created + payment_delay, clock.end_us)
    n_versions = 1 + (refunded | two_step_payment)
    record, version = expand(n_versions)
    second = version == 1
    status = np.select(
        [
            still_pending[record],
            two_step_payment[record] & ~second,
            refunded[record] & second & partial[record],
            refunded[record] & second,
        ],
        [0, 0, 3, 2],
        1,
    )
    updated = np.select(
        [second & refunded[record], second], [refund_at[record], paid_at[record]], created[record]
    )
    return _StatusHistory(refunded, partial, refund_at, record, status, updated)


def _write_orders(
    world: World,
    people: Population,
    rng: np.random.Generator,
    orders: _Orders,
    history: _StatusHistory,
) -> None:
    n, record = len(orders), history.record
    corrupted_created = impossible_times(rng, orders.created)
    currency_u = rng.random(n)
    frame = {
        "person_id": people.person_id[orders.who][record],
        "order_id": orders.order_id[record],
        "guest": orders.guest[record],
        "email_kind": noise.draw_kinds(rng, n, ORDER_EMAIL_RATES, 1.0)[record],
        "email_u": rng.random(n)[record],
        "status": history.status,
        "payment": draw(rng, PAYMENT_METHODS, n)[record],
        "currency_u": currency_u[record],
        "subtotal": orders.subtotal[record],
        "shipping": orders.shipping[record],
        "no_shipping_address": (rng.random(n) < 0.05)[record],
        "created": orders.created[record],
        "created_shown": corrupted_created[record],
        "updated": history.updated,
    }
    # Guest checkouts type their email by hand: more test addresses there.
    guest_test = orders.guest[record] & (rng.random(len(record)) < 0.01)
    frame["email_kind"] = np.where(guest_test, noise.EMAIL_TEST, frame["email_kind"])
    exprs = {
        "order_id": "f.order_id",
        "customer_id": "CASE WHEN f.guest THEN NULL ELSE p.customer_id END",
        "email": f"email_noise({email_at('f.created')}, f.email_kind, f.email_u)",
        "cart_token": "md5('cart:' || f.order_id::VARCHAR)",
        "financial_status": sql_pick(STATUSES, "f.status"),
        "payment_method": sql_pick([m for m, _ in PAYMENT_METHODS], "f.payment"),
        "currency": currency_sql("p.country_code", "f.currency_u"),
        "subtotal_price": "cents_decimal(f.subtotal)",
        "shipping_price": "cents_decimal(f.shipping)",
        "total_price": "cents_decimal(f.subtotal + f.shipping)",
        "shipping_postcode": f"CASE WHEN NOT f.no_shipping_address THEN "
        f"{address_at('f.created', 'postcode')} END",
        "shipping_city": f"CASE WHEN NOT f.no_shipping_address THEN "
        f"{address_at('f.created', 'city')} END",
        "shipping_country_code": "CASE WHEN NOT f.no_shipping_address THEN p.country_code END",
        "created_at": "make_timestamp(f.created_shown)",
        "updated_at": "make_timestamp(f.updated)",
    }
    world.writer.write(
        ORDERS,
        frame,
        exprs,
        rng=rng,
        available_us=history.updated,
        join_persons=True,
        late_rate=AIRBYTE.late_shop_orders,
        truth_key="f.order_id::VARCHAR",
        versions_of=record,
    )


def _write_order_lines(
    world: World,
    people: Population,
    rng: np.random.Generator,
    orders: _Orders,
    quantity: np.ndarray,
    unit: np.ndarray,
    discount: np.ndarray,
) -> None:
    line_order = orders.line_order
    line_id = world.take_ids("order_line", len(line_order), FIRST_LINE_ID)
    line_frame = {
        "person_id": people.person_id[orders.who][line_order],
        "line_id": line_id,
        "order_id": orders.order_id[line_order],
        "product_id": FIRST_PRODUCT_ID + orders.product,
        "quantity": quantity,
        "unit": unit,
        "discount": discount,
    }
    world.writer.write(
        ORDER_LINES,
        line_frame,
        {
            "order_line_id": "f.line_id",
            "order_id": "f.order_id",
            "product_id": "f.product_id",
            "quantity": "f.quantity",
            "unit_price": "cents_decimal(f.unit)",
            "discount_amount": "cents_decimal(f.discount)",
        },
        rng=rng,
        available_us=orders.created[line_order],
        truth_key="f.line_id::VARCHAR",
    )


def _write_refunds(
    world: World,
    people: Population,
    rng: np.random.Generator,
    orders: _Orders,
    history: _StatusHistory,
) -> None:
    refund_rows = np.flatnonzero(history.refunded)
    total = orders.subtotal + orders.shipping
    amount = np.where(history.partial, total * rng.integers(20, 61, len(orders)) // 100, total)
    refund_frame = {
        "person_id": people.person_id[orders.who][refund_rows],
        "refund_id": world.take_ids("refund", len(refund_rows), FIRST_REFUND_ID),
        "order_id": orders.order_id[refund_rows],
        "reason": draw(rng, ref.REFUND_REASONS, len(refund_rows)),
        "amount": amount[refund_rows],
        "restocked": rng.random(len(refund_rows)) < 0.6,
        "created": history.refund_at[refund_rows],
    }
    world.writer.write(
        REFUNDS,
        refund_frame,
        {
            "refund_id": "f.refund_id",
            "order_id": "f.order_id",
            "refund_reason": sql_pick([r for r, _ in ref.REFUND_REASONS], "f.reason"),
            "refunded_amount": "cents_decimal(f.amount)",
            "is_restocked": "f.restocked",
            "created_at": "make_timestamp(f.created)",
        },
        rng=rng,
        available_us=history.refund_at[refund_rows],
        truth_key="f.refund_id::VARCHAR",
    )


def _write_reviews(
    world: World, people: Population, rng: np.random.Generator, orders: _Orders
) -> None:
    """~10% of orders, on the order's first product, some weeks later."""
    n = len(orders)
    first_line = np.cumsum(orders.n_lines) - orders.n_lines
    review_at = orders.created + ((5 + rng.random(n) * 40) * DAY).astype(np.int64)
    reviewed = np.flatnonzero((rng.random(n) < SHOP.reviewed) & (review_at < world.clock.end_us))
    r = len(reviewed)
    rating = np.array([v for v, _ in RATINGS])[draw(rng, RATINGS, r)]
    rating = np.where(
        rng.random(r) < SHOP.malformed_rating, MALFORMED_RATINGS[rng.integers(0, 4, r)], rating
    )
    review_frame = {
        "person_id": people.person_id[orders.who][reviewed],
        "review_id": world.take_ids("review", r, FIRST_REVIEW_ID),
        "product_id": FIRST_PRODUCT_ID + orders.product[first_line[reviewed]],
        "guest": orders.guest[reviewed],
        "email_u": rng.random(r),
        "email_kind": noise.draw_kinds(rng, r, ORDER_EMAIL_RATES),
        "rating": rating,
        "created": review_at[reviewed],
    }
    world.writer.write(
        REVIEWS,
        review_frame,
        {
            "review_id": "f.review_id",
            "product_id": "f.product_id",
            "customer_id": "CASE WHEN f.guest THEN NULL ELSE p.customer_id END",
            "reviewer_email": f"CASE WHEN f.email_u < 0.1 THEN NULL ELSE email_noise("
            f"{email_at('f.created')}, f.email_kind, f.email_u) END",
            "rating": "f.rating",
            "created_at": "make_timestamp(f.created)",
        },
        rng=rng,
        available_us=review_at[reviewed],
        join_persons=True,
        truth_key="f.review_id::VARCHAR",
    )


def _checkouts(world: World, chunk: Chunk, rng: np.random.Generator) -> None:
    clock, people = world.clock, chunk.people
    n_people = len(people)
    counts = np.where(
        people.in_shop,
        rng.poisson(SHOP.checkouts_per_customer * _account_share(world, people)),
        np.where(people.on_web, rng.poisson(SHOP.checkouts_per_visitor, n_people), 0),
    )
    who, _ = expand(counts)
    n = len(who)
    if n == 0:
        return
    has_account = people.in_shop[who]
    # Without an account: half typed an email before leaving, half are only a cart token.
    kind = np.where(has_account, 0, np.where(rng.random(n) < SHOP.checkout_email_only, 1, 2))
    start = np.where(
        has_account, np.maximum(people.customer_created_us[who], clock.start_us), clock.start_us
    )
    created = clock.uniform(rng, n, start, clock.end_us)
    record, _, updated = version_times(rng, clock, created, (rng.random(n) < 0.4).astype(np.int64))
    checkout_id = world.take_ids("checkout", n, FIRST_CHECKOUT_ID)
    items = counts_from(rng, [0.45, 0.25, 0.15, 0.1, 0.05], n)
    frame = {
        "person_id": people.person_id[who][record],
        "checkout_id": checkout_id[record],
        "kind": kind[record],
        "email_kind": noise.draw_kinds(rng, n, ORDER_EMAIL_RATES)[record],
        "email_u": rng.random(n)[record],
        "items": items[record],
        "total": (items * (1500 + rng.random(n) * 25000)).astype(np.int64)[record],
        "currency_u": rng.random(n)[record],
        "created": created[record],
        "updated": updated,
    }
    exprs = {
        "checkout_id": "f.checkout_id",
        "customer_id": "CASE WHEN f.kind = 0 THEN p.customer_id END",
        "email": f"CASE WHEN f.kind < 2 THEN email_noise({email_at('f.created')}, "
        f"f.email_kind, f.email_u) END",
        "cart_token": "md5('checkout:' || f.checkout_id::VARCHAR)",
        "line_items_count": "f.items",
        "total_price": "cents_decimal(f.total)",
        "currency": currency_sql("p.country_code", "f.currency_u"),
        "created_at": "make_timestamp(f.created)",
        "updated_at": "make_timestamp(f.updated)",
    }
    world.writer.write(
        CHECKOUTS,
        frame,
        exprs,
        rng=rng,
        available_us=updated,
        join_persons=True,
        truth_key="f.checkout_id::VARCHAR",
        versions_of=record,
    )

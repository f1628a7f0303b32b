"""raw_shop.*: the Shopify-like web shop (customers, orders, lines, refunds, checkouts, reviews)."""

from __future__ import annotations

import numpy as np

from cdp.generator import noise
from cdp.generator import reference as ref
from cdp.generator.airbyte import DAY, MINUTE, YEAR
from cdp.generator.persons import Population
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

N_PRODUCTS = 1200
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
    n = N_PRODUCTS
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
    repriced = rng.random(n) < 0.25
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
        rng, world.clock, created, (rng.random(n) < 0.3).astype(np.int64), forced
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


def _orders(world: World, chunk: Chunk, rng: np.random.Generator) -> None:
    clock, people = world.clock, chunk.people
    n_people = len(people)
    # Account holders order Poisson(2) times; a quarter of other web visitors order as guests.
    guest_only = people.on_web & ~people.in_shop & (rng.random(n_people) < 0.25)
    n_orders = np.where(
        people.in_shop,
        rng.poisson(2.0 * _account_share(world, people)),
        np.where(guest_only, 1 + rng.poisson(0.3, n_people), 0),
    )
    who, order_rank = expand(n_orders)
    n = len(who)
    if n == 0:
        return
    order_id = world.take_ids("order", n, FIRST_ORDER_ID)
    has_account = people.in_shop[who]
    guest = ~has_account | (rng.random(n) < 0.08)  # some account holders check out as guests
    account_created = people.customer_created_us[who]
    start = np.where(has_account, np.maximum(account_created, clock.start_us), clock.start_us)
    created = clock.uniform(rng, n, start, clock.end_us)
    # Most accounts are opened to place an order: new customers' first order comes right after.
    first_order = (
        has_account
        & (order_rank == 0)
        & (account_created >= clock.start_us)
        & (rng.random(n) < 0.8)
    )
    created = np.where(
        first_order,
        np.minimum(account_created + (rng.random(n) * 20 * MINUTE).astype(np.int64), clock.end_us),
        created,
    )

    # Lines, then order amounts from them.
    n_lines = counts_from(rng, [0.5, 0.27, 0.15, 0.08], n)
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

    # Status history: pending -> paid, paid -> (partially) refunded.
    refunded = rng.random(n) < 0.08
    partial = refunded & (rng.random(n) < 0.4)
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
    corrupted_created = impossible_times(rng, created)

    currency_u = rng.random(n)
    frame = {
        "person_id": people.person_id[who][record],
        "order_id": order_id[record],
        "guest": guest[record],
        "email_kind": noise.draw_kinds(rng, n, ORDER_EMAIL_RATES, 1.0)[record],
        "email_u": rng.random(n)[record],
        "status": status,
        "payment": draw(rng, PAYMENT_METHODS, n)[record],
        "currency_u": currency_u[record],
        "subtotal": subtotal[record],
        "shipping": shipping[record],
        "no_shipping_address": (rng.random(n) < 0.05)[record],
        "created": created[record],
        "created_shown": corrupted_created[record],
        "updated": updated,
    }
    # Guest checkouts type their email by hand: more test addresses there.
    guest_test = guest[record] & (rng.random(len(record)) < 0.01)
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
        available_us=updated,
        join_persons=True,
        late_rate=0.002,
        truth_key="f.order_id::VARCHAR",
        versions_of=record,
    )

    line_id = world.take_ids("order_line", n_line_rows, FIRST_LINE_ID)
    line_frame = {
        "person_id": people.person_id[who][line_order],
        "line_id": line_id,
        "order_id": order_id[line_order],
        "product_id": FIRST_PRODUCT_ID + product,
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
        available_us=created[line_order],
        truth_key="f.line_id::VARCHAR",
    )

    refund_rows = np.flatnonzero(refunded)
    total = subtotal + shipping
    amount = np.where(partial, total * rng.integers(20, 61, n) // 100, total)
    refund_frame = {
        "person_id": people.person_id[who][refund_rows],
        "refund_id": world.take_ids("refund", len(refund_rows), FIRST_REFUND_ID),
        "order_id": order_id[refund_rows],
        "reason": draw(rng, ref.REFUND_REASONS, len(refund_rows)),
        "amount": amount[refund_rows],
        "restocked": rng.random(len(refund_rows)) < 0.6,
        "created": refund_at[refund_rows],
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
        available_us=refund_at[refund_rows],
        truth_key="f.refund_id::VARCHAR",
    )

    # Reviews: ~10% of orders, on the order's first product, some weeks later.
    first_line = np.cumsum(n_lines) - n_lines
    review_at = created + ((5 + rng.random(n) * 40) * DAY).astype(np.int64)
    reviewed = np.flatnonzero((rng.random(n) < 0.10) & (review_at < clock.end_us))
    r = len(reviewed)
    rating = np.array([v for v, _ in RATINGS])[draw(rng, RATINGS, r)]
    rating = np.where(rng.random(r) < 0.005, MALFORMED_RATINGS[rng.integers(0, 4, r)], rating)
    review_frame = {
        "person_id": people.person_id[who][reviewed],
        "review_id": world.take_ids("review", r, FIRST_REVIEW_ID),
        "product_id": FIRST_PRODUCT_ID + product[first_line[reviewed]],
        "guest": guest[reviewed],
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
        rng.poisson(0.8 * _account_share(world, people)),
        np.where(people.on_web, rng.poisson(0.25, n_people), 0),
    )
    who, _ = expand(counts)
    n = len(who)
    if n == 0:
        return
    has_account = people.in_shop[who]
    # Without an account: half typed an email before leaving, half are only a cart token.
    kind = np.where(has_account, 0, np.where(rng.random(n) < 0.5, 1, 2))
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

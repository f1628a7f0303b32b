"""raw_pos.*: store tills' nightly CSV exports, read by Airbyte's file source (all text)."""

from __future__ import annotations

import numpy as np

from cdp.generator import noise
from cdp.generator import reference as ref
from cdp.generator.airbyte import HOUR, MINUTE, SECOND
from cdp.generator.rates import AIRBYTE, POS
from cdp.generator.sources.shop import FIRST_PRODUCT_ID
from cdp.generator.world import (
    Chunk,
    World,
    counts_from,
    draw,
    email_at,
    expand,
    sql_list,
)
from cdp.raw_schema import raw_table

STORES = raw_table("raw_pos.stores")
TRANSACTIONS = raw_table("raw_pos.transactions")
LINES = raw_table("raw_pos.transaction_lines")

TILLS_PER_STORE = POS.tills_per_store
PAYMENT_METHODS = POS.payment_methods
RECEIPT_EMAIL_RATES = noise.coded(noise.EMAIL_KINDS, POS.receipt_email_noise)


def store_id_sql(index_sql: str) -> str:
    return f"'S' || lpad((({index_sql}) + 1)::VARCHAR, 3, '0')"


def generate_stores(world: World) -> None:
    rng = world.rng("stores")
    n = len(ref.STORES)
    index = np.arange(n)
    # Two stores were keyed by hand in the export: one date in French format, one empty.
    opened_format = np.zeros(n, dtype=np.int64)
    opened_format[rng.choice(n, size=2, replace=False)] = [1, 2]
    frame = {
        "store": index,
        "opened_format": opened_format,
        "opened_day": rng.integers(1, 28, n),
        "opened_month": rng.integers(1, 13, n),
    }
    years = "[" + ", ".join(str(s[4]) for s in ref.STORES) + "]"
    opened = f"make_date({years}[f.store + 1], f.opened_month, f.opened_day)"
    exprs = {
        "store_id": store_id_sql("f.store"),
        "store_name": f"'Maison Lune ' || {sql_list([s[0] for s in ref.STORES])}[f.store + 1]",
        "city": f"{sql_list([s[1] for s in ref.STORES])}[f.store + 1]",
        "postcode": f"{sql_list([s[2] for s in ref.STORES])}[f.store + 1]",
        "country_code": f"{sql_list([s[3] for s in ref.STORES])}[f.store + 1]",
        "opened_on": f"CASE f.opened_format WHEN 1 THEN strftime({opened}, '%d/%m/%Y') "
        f"WHEN 2 THEN '' ELSE strftime({opened}, '%Y-%m-%d') END",
    }
    available = np.full(n, world.clock.start_us, dtype=np.int64)
    world.writer.write(STORES, frame, exprs, rng=rng, available_us=available)


def _store_for(world: World, chunk: Chunk, rng: np.random.Generator, who: np.ndarray) -> np.ndarray:
    """Home store most of the time, else a store of the person's country (France if none)."""
    people = chunk.people
    store_country = np.array([s[3] for s in ref.STORES])
    country_codes = [c[0] for c in ref.COUNTRIES]
    store = np.zeros(len(who), dtype=np.int64)
    for g, code in enumerate(country_codes):
        options = np.flatnonzero(store_country == code)
        if len(options) == 0:
            options = np.flatnonzero(store_country == "FR")
        rows = np.flatnonzero(people.country[who] == g)
        weights = ref.zipf_weights(len(options), 0.6, 3.0)
        store[rows] = options[rng.choice(len(options), size=len(rows), p=weights)]
    home = people.home_store[who]
    return np.where((home >= 0) & (rng.random(len(who)) < POS.home_store), home, store)


def generate(world: World, chunk: Chunk) -> None:
    rng = world.rng("pos", chunk.number)
    clock, people = world.clock, chunk.people
    visits = np.where(people.in_pos, 1 + rng.poisson(POS.extra_visits, len(people)), 0)
    who, _ = expand(visits)
    n = len(who)
    if n == 0:
        return
    number = world.take_ids("pos_transaction", n)
    store = _store_for(world, chunk, rng, who)
    # Opening hours: a day in the window, 09:30-19:30 (till clocks are local, exported naive).
    day_start = clock.uniform(rng, n) // (24 * HOUR) * (24 * HOUR)
    at = day_start + 9 * HOUR + 30 * MINUTE + (rng.random(n) * 10 * HOUR).astype(np.int64)
    at = np.minimum(at, clock.end_us) // SECOND * SECOND

    n_lines = counts_from(rng, POS.line_count_shares, n)
    line_tx, line_rank = expand(n_lines)
    m = len(line_tx)
    product = rng.choice(len(world.product_weights), size=m, p=world.product_weights)
    quantity = np.where(rng.random(m) < POS.single_quantity, 1, rng.integers(2, 4, m))
    unit = world.product_price_cents[product]
    total = np.bincount(line_tx, weights=unit * quantity, minlength=n).astype(np.int64)

    # Malformed exports: unusable ids, unparseable dates, French decimal commas.
    id_u = rng.random(n)
    at_u = rng.random(n)
    frame = {
        "person_id": people.person_id[who],
        "number": number,
        "store": store,
        "till": rng.integers(1, TILLS_PER_STORE + 1, n),
        "at": at,
        "bad_id": np.select([id_u < cutoff for cutoff in POS.malformed_id_cutoffs], [1, 2], 0),
        "bad_at": np.select([at_u < cutoff for cutoff in POS.malformed_date_cutoffs], [1, 2], 0),
        "card": people.has_loyalty[who] & (rng.random(n) < POS.card_on_receipt),
        "card_spaces": rng.random(n) < POS.card_spaces,
        "receipt": rng.random(n) < POS.receipt_email,
        "email_kind": noise.draw_kinds(rng, n, RECEIPT_EMAIL_RATES),
        "email_u": rng.random(n),
        "payment": draw(rng, PAYMENT_METHODS, n),
        "total": total,
        "comma": rng.random(n) < POS.decimal_comma,
    }
    tx_id = f"{store_id_sql('f.store')} || '-' || lpad(f.number::VARCHAR, 9, '0')"
    exprs = {
        "transaction_id": f"CASE f.bad_id WHEN 1 THEN 'N/A' WHEN 2 THEN '' ELSE {tx_id} END",
        "store_id": store_id_sql("f.store"),
        "till_device_id": f"'TILL-' || {store_id_sql('f.store')} || '-' || "
        f"lpad(f.till::VARCHAR, 2, '0')",
        "transaction_at": "CASE f.bad_at WHEN 1 THEN '2024-13-45 25:61:00' WHEN 2 THEN '' "
        "ELSE strftime(make_timestamp(f.at), '%Y-%m-%d %H:%M:%S') END",
        "loyalty_card_number": "CASE WHEN NOT f.card THEN NULL WHEN f.card_spaces "
        "THEN ' ' || p.loyalty_card_number || ' ' "
        "ELSE p.loyalty_card_number END",
        "receipt_email": f"CASE WHEN f.receipt THEN email_noise({email_at('f.at')}, "
        f"f.email_kind, f.email_u) END",
        "payment_method": sql_list([m for m, _ in PAYMENT_METHODS]) + "[f.payment + 1]",
        "total_amount": "CASE WHEN f.comma THEN replace(cents_text(f.total), '.', ',') "
        "ELSE cents_text(f.total) END",
        "currency": f"CASE WHEN {sql_list([s[3] for s in ref.STORES])}[f.store + 1] = 'CH' "
        f"THEN 'CHF' ELSE 'EUR' END",
    }
    world.writer.write(
        TRANSACTIONS,
        frame,
        exprs,
        rng=rng,
        available_us=at,
        join_persons=True,
        late_rate=AIRBYTE.late_events,
        truth_key=tx_id,
        truth_where="f.bad_id = 0",
    )

    line_frame = {
        "person_id": people.person_id[who][line_tx],
        "number": number[line_tx],
        "store": store[line_tx],
        "line": line_rank + 1,
        "product_id": FIRST_PRODUCT_ID + product,
        "quantity": quantity,
        "unit": unit,
        "comma": rng.random(m) < POS.decimal_comma,
    }
    line_exprs = {
        "transaction_id": tx_id,
        "line_number": "f.line::VARCHAR",
        "product_id": "f.product_id::VARCHAR",
        "quantity": "f.quantity::VARCHAR",
        "unit_price": "CASE WHEN f.comma THEN replace(cents_text(f.unit), '.', ',') "
        "ELSE cents_text(f.unit) END",
    }
    world.writer.write(
        LINES,
        line_frame,
        line_exprs,
        rng=rng,
        available_us=at[line_tx],
        late_rate=AIRBYTE.late_events,
        truth_key=f"{tx_id} || '-' || f.line::VARCHAR",
    )

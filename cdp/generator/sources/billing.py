"""raw_billing.unpaid_invoices: accounts receivable's bad payers, one row per status change."""

from __future__ import annotations

import numpy as np

from cdp.generator import noise
from cdp.generator.airbyte import DAY
from cdp.generator.rates import BILLING
from cdp.generator.sources.crm import contact_id_sql
from cdp.generator.world import Chunk, World, counts_from, draw, email_at, expand, sql_pick
from cdp.raw_schema import raw_table

INVOICES = raw_table("raw_billing.unpaid_invoices")
STATUSES = ("overdue", "in_collection", "paid")
PATHS: tuple[tuple[tuple[int, ...], float], ...] = tuple(
    (tuple(STATUSES.index(status) for status in path), weight)
    for path, weight in BILLING.status_paths
)
EMAIL_RATES = noise.coded(noise.EMAIL_KINDS, BILLING.email_noise)


def generate(world: World, chunk: Chunk) -> None:
    rng = world.rng("billing", chunk.number)
    clock, people = world.clock, chunk.people
    counts = np.where(
        people.bad_payer, counts_from(rng, BILLING.invoice_count_shares, len(people)), 0
    )
    who, _ = expand(counts)
    n = len(who)
    if n == 0:
        return
    invoice_no = world.take_ids("invoice", n)
    due = clock.uniform(rng, n, clock.start_us, clock.end_us - 10 * DAY) // DAY * DAY
    path = draw(rng, PATHS, n)
    path_len = np.array([len(p) for p, _ in PATHS])[path]
    record, step = expand(path_len)
    statuses = np.array([p + (0,) * (2 - len(p)) for p, _ in PATHS])
    status = statuses[path[record], step]
    first_update = due + ((1 + rng.random(n) * 29) * DAY).astype(np.int64)
    second_update = first_update + ((15 + rng.random(n) * 45) * DAY).astype(np.int64)
    updated = np.where(
        step == 0, np.minimum(first_update[record], clock.end_us), second_update[record]
    )
    keep = updated <= clock.end_us
    record, status, updated = record[keep], status[keep], updated[keep]
    frame = {
        "person_id": people.person_id[who][record],
        "invoice_no": invoice_no[record],
        "contact_no": np.where(
            people.in_crm[who] & (rng.random(n) < BILLING.crm_contact_id), people.contact_no[who], 0
        )[record],
        "customer_id": np.where(
            people.in_shop[who] & (rng.random(n) < BILLING.shop_customer_id),
            people.customer_id[who],
            0,
        )[record],
        "has_email": (rng.random(n) < BILLING.email)[record],
        "email_kind": noise.draw_kinds(rng, n, EMAIL_RATES)[record],
        "email_u": rng.random(n)[record],
        "amount": (BILLING.amount_min_cents + rng.exponential(BILLING.amount_mean_cents, n)).astype(
            np.int64
        )[record],
        "due": due[record],
        "status": status,
        "updated": updated,
    }
    # Persons known to neither the CRM nor the shop are billed by email.
    frame["has_email"] |= (frame["contact_no"] == 0) & (frame["customer_id"] == 0)
    invoice_id = "'INV-' || lpad(f.invoice_no::VARCHAR, 8, '0')"
    exprs = {
        "invoice_id": invoice_id,
        "crm_contact_id": f"CASE WHEN f.contact_no > 0 THEN {contact_id_sql('f.contact_no')} END",
        "shop_customer_id": "nullif(f.customer_id, 0)",
        "customer_email": f"CASE WHEN f.has_email THEN email_noise({email_at('f.due')}, "
        f"f.email_kind, f.email_u) END",
        "amount_due": "cents_decimal(f.amount)",
        "currency": "CASE WHEN p.country_code = 'CH' THEN 'CHF' ELSE 'EUR' END",
        "due_date": "make_timestamp(f.due)::DATE",
        "collection_status": sql_pick(STATUSES, "f.status"),
        "updated_at": "make_timestamp(f.updated)",
    }
    world.writer.write(
        INVOICES,
        frame,
        exprs,
        rng=rng,
        available_us=updated,
        join_persons=True,
        truth_key=invoice_id,
        versions_of=record,
    )

"""raw_support.tickets: customer service tickets, one row per status change."""

from __future__ import annotations

import numpy as np

from cdp.generator import noise
from cdp.generator import reference as ref
from cdp.generator.airbyte import DAY
from cdp.generator.rates import SUPPORT
from cdp.generator.world import (
    Chunk,
    World,
    counts_from,
    draw,
    email_at,
    expand,
    phone_sql,
    sql_pick,
)
from cdp.raw_schema import raw_table

TICKETS = raw_table("raw_support.tickets")
FIRST_TICKET_ID = 100_001
CHANNELS = SUPPORT.channels
STATUSES = ("open", "pending", "solved", "closed")
# Status paths (at most 3 versions) as status indices, and their weights.
PATHS: tuple[tuple[tuple[int, ...], float], ...] = tuple(
    (tuple(STATUSES.index(status) for status in path), weight)
    for path, weight in SUPPORT.status_paths
)
# requester_name layouts: "First Last", "LAST First", "First", "F. Last", missing.
NAME_LAYOUTS = SUPPORT.name_layouts


def generate(world: World, chunk: Chunk) -> None:
    rng = world.rng("support", chunk.number)
    clock, people = world.clock, chunk.people
    counts = np.where(
        people.in_support, counts_from(rng, SUPPORT.ticket_count_shares, len(people)), 0
    )
    who, _ = expand(counts)
    n = len(who)
    if n == 0:
        return
    ticket_id = world.take_ids("ticket", n, FIRST_TICKET_ID)
    created = clock.uniform(rng, n, clock.start_us, clock.end_us - DAY)
    path = draw(rng, PATHS, n)
    path_len = np.array([len(p) for p, _ in PATHS])[path]
    record, step = expand(path_len)
    statuses = np.zeros((len(PATHS), 3), dtype=np.int64)
    for i, (p, _) in enumerate(PATHS):
        statuses[i, : len(p)] = p
    status = statuses[path[record], step]
    # Each status change some days after the previous one; changes after as_of never happened.
    gap_days = SUPPORT.status_gap_min_days + rng.random(len(record)) * SUPPORT.status_gap_span_days
    gaps = np.where(step == 0, 0, (gap_days * DAY).astype(np.int64))
    cumulative = np.cumsum(gaps)
    first_row = np.cumsum(path_len) - path_len
    updated = created[record] + cumulative - cumulative[first_row][record]
    keep = updated <= clock.end_us
    record, status, updated = record[keep], status[keep], updated[keep]

    channel = draw(rng, CHANNELS, n)
    phone_channel = channel == 1
    layout = draw(rng, NAME_LAYOUTS, n)
    frame = {
        "person_id": people.person_id[who][record],
        "ticket_id": ticket_id[record],
        "channel": channel[record],
        "has_email": np.where(
            phone_channel,
            rng.random(n) < SUPPORT.email_on_phone,
            rng.random(n) < SUPPORT.email_otherwise,
        )[record],
        "email_kind": noise.draw_kinds(rng, n, noise.EMAIL_RATES)[record],
        "email_u": rng.random(n)[record],
        "phone_source": np.where(
            phone_channel | (rng.random(n) < SUPPORT.phone_off_phone_channel),
            np.where(people.has_mobile[who], 1, 2),
            0,
        )[record],
        "phone_kind": noise.draw_formats(rng, n, noise.PHONE_FORMATS_TYPED)[record],
        "phone_u": rng.random(n)[record],
        "layout": layout[record],
        "fn_kind": noise.draw_kinds(rng, n, noise.NAME_RATES)[record],
        "fn_u": rng.random(n)[record],
        "category": draw(rng, ref.TICKET_CATEGORIES, n)[record],
        "status": status,
        "created": created[record],
        "updated": updated,
    }
    first = "name_noise(p.first_name, p.first_nickname, p.first_accented, f.fn_kind, f.fn_u)"
    requester_name = (
        f"CASE f.layout WHEN 0 THEN {first} || ' ' || p.last_name "
        f"WHEN 1 THEN upper(p.last_name) || ' ' || {first} WHEN 2 THEN {first} "
        f"WHEN 3 THEN left(p.first_name, 1) || '. ' || p.last_name END"
    )
    exprs = {
        "ticket_id": "f.ticket_id",
        "requester_email": f"CASE WHEN f.has_email THEN email_noise({email_at('f.created')}, "
        f"f.email_kind, f.email_u) END",
        "requester_phone": phone_sql(
            "f.phone_source", "f.phone_kind", "f.phone_u", has_country_sql="FALSE"
        ),
        "requester_name": requester_name,
        "channel": sql_pick([c for c, _ in CHANNELS], "f.channel"),
        "category": sql_pick([c for c, _ in ref.TICKET_CATEGORIES], "f.category"),
        "status": sql_pick(STATUSES, "f.status"),
        "created_at": "make_timestamp(f.created)",
        "updated_at": "make_timestamp(f.updated)",
    }
    world.writer.write(
        TICKETS,
        frame,
        exprs,
        rng=rng,
        available_us=updated,
        join_persons=True,
        truth_key="f.ticket_id::VARCHAR",
        versions_of=record,
    )

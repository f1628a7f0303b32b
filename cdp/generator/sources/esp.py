"""raw_esp.*: the email/SMS tool (campaigns, sends, opens/clicks/bounces/unsubscribes)."""

from __future__ import annotations

import numpy as np

from cdp.generator import noise
from cdp.generator import reference as ref
from cdp.generator.airbyte import DAY, HOUR, MINUTE, SECOND
from cdp.generator.persons import Population
from cdp.generator.rates import AIRBYTE, ESP
from cdp.generator.sources import web
from cdp.generator.sources.crm import contact_id_sql
from cdp.generator.world import (
    Chunk,
    World,
    email_at,
    expand,
    impossible_times,
    sql_list,
    sql_pick,
)
from cdp.raw_schema import raw_table

CAMPAIGNS = raw_table("raw_esp.campaigns")
SENDS = raw_table("raw_esp.sends")
MESSAGE_EVENTS = raw_table("raw_esp.message_events")

N_CAMPAIGNS = ESP.campaigns
EVENT_TYPES = ("open", "click", "bounce", "unsubscribe")
LANDING_PATHS = (
    "",
    "category/mattresses",
    "category/bedding",
    "products/100042",
    "stores",
    "account",
)


def campaign_id_sql(index_sql: str) -> str:
    return f"'CMP-' || lpad((({index_sql}) + 1)::VARCHAR, 3, '0')"


def generate_campaigns(world: World) -> None:
    """Campaigns spread over the window, most by email; scheduled dates drive the sends.

    The last one went out on the day before as_of, so the sends stream is fresh.
    """
    rng = world.rng("campaigns")
    clock = world.clock
    n = N_CAMPAIGNS
    last_slot = clock.end_us - 20 * HOUR
    spacing = (last_slot - clock.start_us) // n
    slots = (
        last_slot
        - (n - 1 - np.arange(n)) * spacing
        - (rng.random(n) * spacing // 2).astype(np.int64)
    )
    scheduled = slots // HOUR * HOUR  # on the hour
    is_email = rng.random(n) < ESP.email_campaigns
    world.campaign_scheduled_us = scheduled.astype(np.int64)
    world.campaign_is_email = is_email
    frame = {
        "campaign": np.arange(n),
        "email": is_email,
        "scheduled": scheduled.astype(np.int64),
        "theme": np.where(
            is_email,
            rng.integers(0, len(ref.EMAIL_CAMPAIGN_THEMES), n),
            rng.integers(0, len(ref.SMS_CAMPAIGN_THEMES), n),
        ),
    }
    month = f"{sql_list(ref.FRENCH_MONTHS)}[month(make_timestamp(f.scheduled))]"
    exprs = {
        "campaign_id": campaign_id_sql("f.campaign"),
        "campaign_name": f"CASE WHEN f.email THEN "
        f"{sql_pick([t for t, _ in ref.EMAIL_CAMPAIGN_THEMES], 'f.theme')} "
        f"ELSE {sql_pick(ref.SMS_CAMPAIGN_THEMES, 'f.theme')} END "
        f"|| ' ' || {month} || ' ' || year(make_timestamp(f.scheduled))",
        "channel": "CASE WHEN f.email THEN 'email' ELSE 'sms' END",
        "subject": f"CASE WHEN f.email THEN "
        f"{sql_pick([s for _, s in ref.EMAIL_CAMPAIGN_THEMES], 'f.theme')} END",
        "scheduled_at": "make_timestamp(f.scheduled)",
    }
    available = np.maximum(scheduled - 7 * DAY, clock.start_us).astype(np.int64)
    world.writer.write(CAMPAIGNS, frame, exprs, rng=rng, available_us=available)


def generate(world: World, chunk: Chunk) -> None:
    rng = world.rng("esp", chunk.number)
    clock, people = world.clock, chunk.people
    n_people = len(people)
    email_campaigns = np.flatnonzero(world.campaign_is_email)
    sms_campaigns = np.flatnonzero(~world.campaign_is_email)
    # Draw sends per CRM contact and channel, keep those allowed at send time.
    email_count = np.where(
        people.in_crm & ~people.is_test,
        rng.poisson(ESP.email_sends_per_opted_in * ESP.draws_per_send, n_people),
        0,
    )
    sms_count = np.where(
        people.in_crm & people.has_mobile & ~people.is_test,
        rng.poisson(ESP.sms_sends_per_opted_in * ESP.draws_per_send, n_people),
        0,
    )
    e_who, _ = expand(email_count)
    s_who, _ = expand(sms_count)
    who = np.concatenate([e_who, s_who])
    is_email = np.concatenate([np.ones(len(e_who), bool), np.zeros(len(s_who), bool)])
    campaign = np.concatenate(
        [
            email_campaigns[rng.integers(0, len(email_campaigns), len(e_who))],
            sms_campaigns[rng.integers(0, len(sms_campaigns), len(s_who))],
        ]
    )
    sent = world.campaign_scheduled_us[campaign] + (
        rng.random(len(who)) * ESP.send_spread_hours * HOUR
    ).astype(np.int64)
    allowed = np.where(
        is_email, people.email_opted_in_at(sent, who), people.sms_opted_in_at(sent, who)
    )
    allowed &= sent > people.contact_created_us[who]
    # One send per contact and campaign.
    key = who.astype(np.int64) * N_CAMPAIGNS + campaign
    _, first_of_key = np.unique(key, return_index=True)
    unique = np.zeros(len(who), dtype=bool)
    unique[first_of_key] = True
    keep = np.flatnonzero(allowed & unique & (sent <= clock.end_us))
    who, is_email, campaign, sent = who[keep], is_email[keep], campaign[keep], sent[keep]
    n = len(who)
    if n == 0:
        return
    send_no = world.take_ids("send", n)
    # The ESP mostly knows the CRM id; some persons' duplicate contact was synced instead.
    use_dup = people.has_dup_contact[who] & (rng.random(n) < ESP.duplicate_contact_synced)
    contact_no = np.where(
        rng.random(n) < ESP.known_contact,
        np.where(use_dup, people.dup_contact_no[who], people.contact_no[who]),
        0,
    )
    frame = {
        "person_id": people.person_id[who],
        "send_no": send_no,
        "campaign": campaign,
        "email": is_email,
        "contact_no": contact_no,
        "sent": sent,
        "email_kind": noise.draw_kinds(
            rng, n, noise.coded(noise.EMAIL_KINDS, ESP.send_email_noise)
        ),
        "email_u": rng.random(n),
    }
    send_id = "'SND-' || lpad(f.send_no::VARCHAR, 10, '0')"
    exprs = {
        "send_id": send_id,
        "campaign_id": campaign_id_sql("f.campaign"),
        "channel": "CASE WHEN f.email THEN 'email' ELSE 'sms' END",
        "email": f"CASE WHEN f.email THEN email_noise({email_at('f.sent')}, f.email_kind, "
        f"f.email_u) END",
        "phone": "CASE WHEN NOT f.email THEN '+' || p.calling_code || "
        "lpad(p.mobile_nsn::VARCHAR, 9, '0') END",
        "crm_contact_id": f"CASE WHEN f.contact_no > 0 THEN {contact_id_sql('f.contact_no')} END",
        "sent_at": "make_timestamp(f.sent)",
    }
    world.writer.write(
        SENDS, frame, exprs, rng=rng, available_us=sent, join_persons=True, truth_key=send_id
    )
    _message_events(world, rng, people, who, send_no, campaign, is_email, contact_no, sent)


def _forward_recipients(
    rng: np.random.Generator, people: Population, sender: np.ndarray
) -> np.ndarray:
    """Per forwarded click, the chunk row of who clicked: a household member (when the sender
    lives with someone) or a colleague, i.e. anyone else on the web."""
    n = len(sender)
    household = people.household_id
    first = np.searchsorted(household, household[sender], side="left")
    size = np.searchsorted(household, household[sender], side="right") - first
    # Another member: the sender's rank shifted by 1..size-1 within the household.
    shift = 1 + (rng.random(n) * np.maximum(size - 1, 1)).astype(np.int64)
    member = first + (sender - first + shift) % np.maximum(size, 1)
    on_web = np.flatnonzero(people.on_web)
    if len(on_web) == 0:
        return np.full(n, -1, dtype=np.int64)
    colleague = on_web[rng.integers(0, len(on_web), n)]
    use_member = (size > 1) & (rng.random(n) < ESP.forward_to_household)
    recipient = np.where(use_member, member, colleague)
    return np.where(recipient == sender, -1, recipient)


def _message_events(
    world: World,
    rng: np.random.Generator,
    people: Population,
    who: np.ndarray,
    send_no: np.ndarray,
    campaign: np.ndarray,
    is_email: np.ndarray,
    contact_no: np.ndarray,
    sent: np.ndarray,
) -> None:
    n = len(send_no)
    u = rng.random(n)
    bounced = is_email & (u < ESP.bounce)
    opens = np.where(
        is_email & ~bounced & (rng.random(n) < ESP.open), rng.geometric(ESP.opens_p, n), 0
    )
    clicked = ~bounced & (
        rng.random(n)
        < np.where(is_email, np.where(opens > 0, ESP.click_of_opened, 0.0), ESP.sms_click)
    )
    unsubscribed = ~bounced & (
        rng.random(n) < np.where(is_email, ESP.email_unsubscribe, ESP.sms_unsubscribe)
    )
    counts = {
        0: opens,
        1: clicked.astype(np.int64),
        2: bounced.astype(np.int64),
        3: unsubscribed.astype(np.int64),
    }
    parts_send, parts_type = [], []
    for event_type, count in counts.items():
        send, _ = expand(count)
        parts_send.append(send)
        parts_type.append(np.full(len(send), event_type))
    # Forwarded emails: opened, passed on, and clicked by others; the link keeps the
    # sender's contact id and the ESP counts the click on the sender's send.
    forwarded = (opens > 0) & (rng.random(n) < ESP.forward_of_opened)
    viral = rng.random(n) < ESP.viral_of_forwards
    recipients = np.where(
        forwarded, np.where(viral, rng.integers(ESP.viral_min, ESP.viral_max + 1, n), 1), 0
    )
    forward_send, _ = expand(recipients)
    forward_clicker = _forward_recipients(rng, people, who[forward_send])
    keep_forward = forward_clicker >= 0
    forward_send, forward_clicker = forward_send[keep_forward], forward_clicker[keep_forward]
    parts_send.append(forward_send)
    parts_type.append(np.full(len(forward_send), 1))
    send = np.concatenate(parts_send)
    event_type = np.concatenate(parts_type)
    clicker = np.concatenate([who[np.concatenate(parts_send[:-1])], forward_clicker])
    is_forward = np.arange(len(send)) >= len(send) - len(forward_send)
    m = len(send)
    delay = np.select(
        [event_type == 2, is_forward, event_type == 1],
        [
            (ESP.bounce_delay_min_minutes + rng.random(m) * ESP.bounce_delay_span_minutes) * MINUTE,
            (rng.exponential(ESP.forward_delay_mean_hours, m) + ESP.forward_delay_min_hours) * HOUR,
            (rng.exponential(ESP.click_delay_mean_hours, m) + ESP.click_delay_min_hours) * HOUR,
        ],
        rng.exponential(ESP.open_delay_mean_hours, m) * HOUR,
    ).astype(np.int64)
    at = sent[send] + delay
    keep = at <= world.clock.end_us
    send, event_type, at, clicker = send[keep], event_type[keep], at[keep], clicker[keep]
    m = len(send)
    frame = {
        "person_id": people.person_id[clicker],  # who acted (the forwardee on a forward)
        "event_no": world.take_ids("message_event", m),
        "send_no": send_no[send],
        "event_type": event_type,
        "campaign": campaign[send],
        "email": is_email[send],
        "contact_no": contact_no[send],
        "path": rng.integers(0, len(LANDING_PATHS), m),
        "at": impossible_times(rng, at),
    }
    key = "'MEV-' || lpad(f.event_no::VARCHAR, 11, '0')"
    query = (
        "CASE WHEN f.email THEN 'utm_source=email&utm_medium=email' "
        "ELSE 'utm_source=sms&utm_medium=sms' END || '&utm_campaign=' || "
        f"{campaign_id_sql('f.campaign')} || CASE WHEN f.contact_no > 0 "
        f"THEN '&cid=' || {contact_id_sql('f.contact_no')} ELSE '' END"
    )
    exprs = {
        "event_id": key,
        "send_id": "'SND-' || lpad(f.send_no::VARCHAR, 10, '0')",
        "event_type": sql_pick(EVENT_TYPES, "f.event_type"),
        "clicked_url": f"CASE WHEN f.event_type = 1 THEN 'https://{ref.RETAILER_DOMAIN}/' || "
        f"{sql_pick(LANDING_PATHS, 'f.path')} || '?' || {query} END",
        "occurred_at": "make_timestamp(f.at)",
    }
    world.writer.write(
        MESSAGE_EVENTS,
        frame,
        exprs,
        rng=rng,
        available_us=at,
        late_rate=AIRBYTE.late_events,
        truth_key=key,
    )
    # The click's landing page view, on a cookie of whoever clicked (if one was alive then).
    cookies = world.chunk_cookies
    click = np.flatnonzero(event_type == 1)
    if cookies is None or len(click) == 0:
        return
    landed_at = at[click] + ((1 + rng.random(len(click)) * 5) * SECOND).astype(np.int64)
    cookie = web.alive_cookies(rng, cookies, clicker[click], landed_at)
    landed = cookie >= 0
    click, cookie, landed_at = click[landed], cookie[landed], landed_at[landed]
    web.write_landings(
        world,
        rng,
        cookies,
        cookie,
        landed_at,
        {name: frame[name][click] for name in ("campaign", "email", "contact_no", "path")},
        f"'/' || {sql_pick(LANDING_PATHS, 'f.path')}",
        query,
    )

"""raw_web.*: first-party tracking of cookies (events, logins, consent choices).

Known persons browse on 1-3 devices with 1-2 cookies each; some use a shared store tablet once
(a fresh cookie on a device many people share). Anonymous visitors are persons beyond the
profiles (ids > N) with one cookie and nothing else. `cdp_truth.cookie_persons` maps every cookie.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from cdp.generator import noise
from cdp.generator import reference as ref
from cdp.generator.airbyte import DAY, MINUTE, SECOND
from cdp.generator.ids import uuid_parts
from cdp.generator.persons import Population
from cdp.generator.rates import AIRBYTE, WEB
from cdp.generator.sources import ads
from cdp.generator.sources.cookies import COOKIE_ID_SQL, DEVICE_ID_SQL, Cookies
from cdp.generator.sources.shop import FIRST_PRODUCT_ID
from cdp.generator.world import (
    Chunk,
    World,
    counts_from,
    draw,
    email_at,
    expand,
    impossible_times,
    last_of_group,
    sql_list,
    sql_pick,
)
from cdp.raw_schema import raw_table

EVENTS = raw_table("raw_web.events")
IDENTIFIES = raw_table("raw_web.identifies")
CONSENTS = raw_table("raw_web.consent_choices")

DEVICE_TYPES = WEB.device_types
USER_AGENTS = [ua for kind, _ in DEVICE_TYPES for ua in ref.USER_AGENTS[kind]]
UA_OFFSET = np.cumsum([0] + [len(ref.USER_AGENTS[k]) for k, _ in DEVICE_TYPES])[:-1]
UA_COUNT = np.array([len(ref.USER_AGENTS[k]) for k, _ in DEVICE_TYPES])
TABLET_UA = USER_AGENTS[UA_OFFSET[2]]  # store tablets are iPads
EVENT_TYPES = ("page_view", "product_view", "add_to_cart")
SEARCH_PAGE = [p for p, _ in ref.STATIC_PAGES].index("/search")
TABLETS_PER_STORE = WEB.tablets_per_store
EVENT_ID_SQL = "uuid_of(f.event_hi, f.event_lo)::VARCHAR"
IDENTIFY_EMAIL_RATES = noise.coded(noise.EMAIL_KINDS, WEB.identify_email_noise)


def _cookie_lives(
    world: World, rng: np.random.Generator, n: int, mean_days: float
) -> tuple[np.ndarray, np.ndarray]:
    """Cookies appear uniformly over the window and live exp(mean) days (maybe past as_of)."""
    start = world.clock.uniform(rng, n)
    return start, start + (rng.exponential(mean_days, n) * DAY).astype(np.int64)


def _known_cookies(world: World, chunk: Chunk, rng: np.random.Generator) -> Cookies:
    people = chunk.people
    n_devices = np.where(people.on_web, counts_from(rng, WEB.device_count_shares, len(people)), 0)
    device_person, _ = expand(n_devices)
    d = len(device_person)
    device_no = world.take_ids("device", d)
    device_type = draw(rng, DEVICE_TYPES, d)
    device_ua = UA_OFFSET[device_type] + (rng.random(d) * UA_COUNT[device_type]).astype(np.int64)
    cookie_device, _ = expand(counts_from(rng, WEB.cookie_count_shares, d))
    c = len(cookie_device)
    start, end = _cookie_lives(world, rng, c, WEB.cookie_life_days)
    personal = Cookies(
        person_id=people.person_id[device_person[cookie_device]],
        person_row=device_person[cookie_device],
        cookie_no=world.take_ids("cookie", c),
        device_no=device_no[cookie_device],
        tablet_store=np.full(c, -1),
        tablet_no=np.zeros(c, dtype=np.int64),
        user_agent=device_ua[cookie_device],
        start_us=start,
        end_us=end,
    )
    # Store shoppers sometimes browse (and log in) on a shared tablet: a fresh kiosk cookie.
    tablet_person = np.flatnonzero(people.in_pos & (rng.random(len(people)) < WEB.store_tablet))
    t = len(tablet_person)
    home = people.home_store[tablet_person]
    store = np.where(home >= 0, home, rng.integers(0, len(ref.STORES), t))
    t_start = world.clock.uniform(rng, t)
    tablets = Cookies(
        person_id=people.person_id[tablet_person],
        person_row=tablet_person,
        cookie_no=world.take_ids("cookie", t),
        device_no=np.zeros(t, dtype=np.int64),
        tablet_store=store,
        tablet_no=rng.integers(1, TABLETS_PER_STORE + 1, t),
        user_agent=np.full(t, UA_OFFSET[2]),
        start_us=t_start,
        end_us=t_start + 30 * MINUTE,
    )
    return Cookies.concat([personal, tablets])


def generate(world: World, chunk: Chunk) -> None:
    """Cookies, events, logins, consents and ad exposures of the chunk's persons."""
    rng = world.rng("web", chunk.number)
    cookies = _known_cookies(world, chunk, rng)
    people = chunk.people
    sessions = np.where(
        cookies.tablet_store >= 0, 1, 1 + rng.poisson(WEB.extra_sessions, len(cookies))
    )
    _events(world, rng, cookies, sessions, WEB.event_continue)
    world.chunk_cookies = cookies  # email and SMS clicks land on them (esp runs next)
    _identifies(world, rng, cookies, people)
    ads_consent = _consents(world, rng, cookies)
    ads.generate(world, rng, cookies, ads_consent)
    _cookie_truth(world, cookies)


def generate_anonymous(world: World, number: int, first_person_id: int, count: int) -> None:
    """Visitors no system knows: one cookie each, a few page views."""
    rng = world.rng("web-anonymous", number)
    d = count
    device_type = draw(rng, DEVICE_TYPES, d)
    start, end = _cookie_lives(world, rng, d, WEB.anonymous_cookie_life_days)
    cookies = Cookies(
        person_id=np.arange(first_person_id, first_person_id + d, dtype=np.int64),
        person_row=np.full(d, -1),
        cookie_no=world.take_ids("cookie", d),
        device_no=world.take_ids("device", d),
        tablet_store=np.full(d, -1),
        tablet_no=np.zeros(d, dtype=np.int64),
        user_agent=UA_OFFSET[device_type]
        + (rng.random(d) * UA_COUNT[device_type]).astype(np.int64),
        start_us=start,
        end_us=end,
    )
    _events(
        world,
        rng,
        cookies,
        1 + rng.poisson(WEB.anonymous_extra_sessions, d),
        WEB.anonymous_event_continue,
    )
    ads.generate(world, rng, cookies, _consents(world, rng, cookies))
    _cookie_truth(world, cookies)
    world.con.execute(f"""
        INSERT INTO cdp_truth.persons
        SELECT range, NULL, NULL, NULL, NULL, NULL, NULL, FALSE, NULL
        FROM range({first_person_id}, {first_person_id + d})
    """)


def _events(
    world: World,
    rng: np.random.Generator,
    cookies: Cookies,
    sessions: np.ndarray,
    continue_p: float,
) -> None:
    clock = world.clock
    # The first session starts the cookie; later ones fall anywhere in its life, and those
    # after the end of the window have not happened yet.
    session_cookie, session_rank = expand(sessions)
    session_start = np.where(
        session_rank == 0,
        cookies.start_us[session_cookie],
        clock.uniform(
            rng,
            len(session_cookie),
            cookies.start_us[session_cookie],
            cookies.end_us[session_cookie],
        ),
    )
    happened = session_start <= clock.end_us
    session_cookie, session_start = session_cookie[happened], session_start[happened]
    s = len(session_cookie)
    session_hi, session_lo = uuid_parts(world.seed, "session", world.take_ids("session", s))
    # A quarter of sessions arrive from a tagged link (email and SMS clicks are written by
    # `write_landings`, from the ESP's clicks).
    landing = (rng.random(s) < WEB.tagged_landing).astype(np.int64)

    per_session = rng.geometric(continue_p, s)
    event_session, rank = expand(per_session)
    n = len(event_session)
    gaps = np.where(
        rank == 0, 0, (rng.exponential(WEB.event_gap_seconds, n) * SECOND).astype(np.int64)
    )
    cumulative = np.cumsum(gaps)  # gaps are 0 on each session's first event
    offsets = cumulative - cumulative[np.cumsum(per_session) - per_session][event_session]
    occurred = np.minimum(session_start[event_session] + offsets, clock.end_us)
    cookie = session_cookie[event_session]
    first = rank == 0
    event_type = np.where(first, 0, rng.choice(3, size=n, p=WEB.event_type_shares))
    page = draw(rng, ref.STATIC_PAGES, n)
    query = np.where(first, landing[event_session], 0)
    query = np.where((event_type == 0) & (page == SEARCH_PAGE), 3, query)
    frame = {
        **cookies.columns(world, cookie),
        **world.new_uuids("web_event", n, "event"),
        "session_hi": session_hi[event_session],
        "session_lo": session_lo[event_session],
        "event_type": event_type,
        "page": page,
        "product": FIRST_PRODUCT_ID
        + rng.choice(len(world.product_weights), size=n, p=world.product_weights),
        "query": query,
        "utm": rng.integers(0, len(ref.UTM_TAGS), n),
        "utm_digit": rng.integers(1, 6, n),
        "term": rng.integers(0, len(ref.SEARCH_TERMS), n),
        "referrer": np.where(first, draw(rng, ref.REFERRERS, n), -1),
        "user_agent": cookies.user_agent[cookie],
        "occurred": impossible_times(rng, occurred),
    }
    exprs = {
        "event_id": EVENT_ID_SQL,
        "cookie_id": COOKIE_ID_SQL,
        "device_id": DEVICE_ID_SQL,
        "session_id": "uuid_of(f.session_hi, f.session_lo)::VARCHAR",
        "event_type": sql_pick(EVENT_TYPES, "f.event_type"),
        "page_path": f"CASE WHEN f.event_type = 0 THEN "
        f"{sql_pick([p for p, _ in ref.STATIC_PAGES], 'f.page')} "
        f"ELSE '/products/' || f.product::VARCHAR END",
        "query_string": f"CASE f.query WHEN 1 THEN {sql_pick(ref.UTM_TAGS, 'f.utm')} "
        f"|| f.utm_digit::VARCHAR "
        f"WHEN 3 THEN 'q=' || replace({sql_pick(ref.SEARCH_TERMS, 'f.term')}, "
        f"' ', '+') END",
        "product_id": "CASE WHEN f.event_type > 0 THEN f.product END",
        "referrer": f"CASE WHEN f.referrer < 0 THEN 'https://{ref.RETAILER_DOMAIN}/' "
        f"ELSE nullif({sql_pick([r for r, _ in ref.REFERRERS], 'f.referrer')}, '') "
        f"END",
        "user_agent": f"{sql_list(USER_AGENTS)}[f.user_agent + 1]",
        "occurred_at": "make_timestamp(f.occurred)",
    }
    world.writer.write(
        EVENTS,
        frame,
        exprs,
        rng=rng,
        available_us=occurred,
        late_rate=AIRBYTE.late_events,
        truth_key=EVENT_ID_SQL,
    )


def alive_cookies(
    rng: np.random.Generator, cookies: Cookies, person_row: np.ndarray, at_us: np.ndarray
) -> np.ndarray:
    """Per (person row, time): one of the person's own cookies alive then, or -1 (no cookie:
    not on the web, or browsing on a device whose cookie we never see). Tablets never count."""
    personal = np.flatnonzero(cookies.tablet_store < 0)
    order = personal[np.argsort(cookies.person_row[personal], kind="stable")]
    owners = cookies.person_row[order]
    first = np.searchsorted(owners, person_row, side="left")
    count = np.searchsorted(owners, person_row, side="right") - first
    chosen = np.full(len(person_row), -1, dtype=np.int64)
    if len(order) == 0:
        return chosen
    for _ in range(WEB.landing_cookie_tries):  # random tries among the person's cookies
        offset = (rng.random(len(person_row)) * count).astype(np.int64)
        pick = order[np.minimum(first + offset, len(order) - 1)]
        alive = (count > 0) & (cookies.start_us[pick] <= at_us) & (at_us <= cookies.end_us[pick])
        chosen = np.where((chosen < 0) & alive, pick, chosen)
    return chosen


def write_landings(
    world: World,
    rng: np.random.Generator,
    cookies: Cookies,
    cookie: np.ndarray,
    occurred: np.ndarray,
    columns: dict[str, np.ndarray],
    page_path_sql: str,
    query_string_sql: str,
) -> None:
    """Landing page views of tagged links (an email or SMS click): one new session each, on
    `cookie` at `occurred`; `columns` are extra frame columns the two SQL expressions read."""
    n = len(cookie)
    if n == 0:
        return
    frame = {
        **cookies.columns(world, cookie),
        **world.new_uuids("web_event", n, "event"),
        **world.new_uuids("session", n, "session"),
        **columns,
        "user_agent": cookies.user_agent[cookie],
        "occurred": impossible_times(rng, occurred),
    }
    exprs = {
        "event_id": EVENT_ID_SQL,
        "cookie_id": COOKIE_ID_SQL,
        "device_id": DEVICE_ID_SQL,
        "session_id": "uuid_of(f.session_hi, f.session_lo)::VARCHAR",
        "event_type": "'page_view'",
        "page_path": page_path_sql,
        "query_string": query_string_sql,
        "product_id": "CAST(NULL AS BIGINT)",
        "referrer": "CAST(NULL AS VARCHAR)",
        "user_agent": f"{sql_list(USER_AGENTS)}[f.user_agent + 1]",
        "occurred_at": "make_timestamp(f.occurred)",
    }
    world.writer.write(
        EVENTS,
        frame,
        exprs,
        rng=rng,
        available_us=occurred,
        late_rate=AIRBYTE.late_events,
        truth_key=EVENT_ID_SQL,
    )


def _identifies(
    world: World, rng: np.random.Generator, cookies: Cookies, people: Population
) -> None:
    """Logins (shop customer id + email) and newsletter sign-ups (email only)."""
    rows = cookies.person_row
    tablet = cookies.tablet_store >= 0
    in_shop = people.in_shop[rows]
    c = len(cookies)
    login = in_shop & (rng.random(c) < np.where(tablet, WEB.login_on_tablet, WEB.login))
    signup = ~in_shop & people.in_crm[rows] & (rng.random(c) < WEB.signup)
    count = np.where(
        login, 1 + (~tablet & (rng.random(c) < WEB.second_login)), signup.astype(np.int64)
    )
    cookie, _ = expand(count)
    n = len(cookie)
    start = np.where(
        login[cookie],
        np.maximum(cookies.start_us[cookie], people.customer_created_us[rows[cookie]]),
        cookies.start_us[cookie],
    )
    # Logins need the account to exist already, and cannot be in the future.
    at = world.clock.uniform(rng, n, start, cookies.end_us[cookie])
    keep = (start <= cookies.end_us[cookie]) & (at <= world.clock.end_us)
    cookie, at = cookie[keep], at[keep]
    n = len(cookie)
    frame = {
        **cookies.columns(world, cookie),
        **world.new_uuids("identify", n, "event"),
        "customer_id": np.where(login[cookie], people.customer_id[rows[cookie]], 0),
        "email_kind": noise.draw_kinds(rng, n, IDENTIFY_EMAIL_RATES),
        "email_u": rng.random(n),
        "at": at,
    }
    exprs = {
        "event_id": EVENT_ID_SQL,
        "cookie_id": COOKIE_ID_SQL,
        "device_id": DEVICE_ID_SQL,
        "customer_id": "nullif(f.customer_id, 0)",
        "email": f"email_noise({email_at('f.at')}, f.email_kind, f.email_u)",
        "occurred_at": "make_timestamp(f.at)",
    }
    world.writer.write(
        IDENTIFIES,
        frame,
        exprs,
        rng=rng,
        available_us=at,
        join_persons=True,
        late_rate=AIRBYTE.late_events,
        truth_key=EVENT_ID_SQL,
    )


def _consents(world: World, rng: np.random.Generator, cookies: Cookies) -> np.ndarray:
    """Banner choices (~1 per cookie, some change their mind); returns final ads consent."""
    c = len(cookies)
    count = np.where(
        rng.random(c) < WEB.consent_choice, 1 + (rng.random(c) < WEB.consent_change), 0
    )
    cookie, rank = expand(count)
    n = len(cookie)
    analytics = rng.random(c) < WEB.analytics_consent
    ads_first = np.where(
        analytics,
        rng.random(c) < WEB.ads_with_analytics,
        rng.random(c) < WEB.ads_without_analytics,
    )
    changed = rank == 1
    ads_choice = ads_first[cookie] ^ changed
    at = np.where(
        changed,
        world.clock.uniform(rng, n, cookies.start_us[cookie] + MINUTE, cookies.end_us[cookie]),
        cookies.start_us[cookie] + (rng.random(n) * 20 * SECOND).astype(np.int64),
    )
    happened = at <= world.clock.end_us
    cookie, ads_choice, at = cookie[happened], ads_choice[happened], at[happened]
    n = len(cookie)
    frame = {
        **cookies.columns(world, cookie),
        **world.new_uuids("consent", n, "event"),
        "analytics": analytics[cookie],
        "ads": ads_choice,
        "at": at,
    }
    exprs = {
        "event_id": EVENT_ID_SQL,
        "cookie_id": COOKIE_ID_SQL,
        "device_id": DEVICE_ID_SQL,
        "analytics_consent": "f.analytics",
        "ads_consent": "f.ads",
        "occurred_at": "make_timestamp(f.at)",
    }
    world.writer.write(
        CONSENTS,
        frame,
        exprs,
        rng=rng,
        available_us=at,
        late_rate=AIRBYTE.late_events,
        truth_key=EVENT_ID_SQL,
    )
    final = np.zeros(c, dtype=bool)
    last = last_of_group(cookie)  # the later choice wins
    final[cookie[last]] = ads_choice[last]
    return final


def _cookie_truth(world: World, cookies: Cookies) -> None:
    frame = pa.table({**cookies.columns(world, np.arange(len(cookies)))})
    world.con.register("_frame", frame)
    try:
        world.writer.write_truth(
            "cookie_persons",
            f"SELECT {COOKIE_ID_SQL}, {DEVICE_ID_SQL}, f.person_id, "
            f"f.tablet_store >= 0 FROM _frame AS f",
        )
    finally:
        world.con.unregister("_frame")

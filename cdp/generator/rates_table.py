"""docs/generator_rates.md: the generator's distribution table, made from cdp/generator/rates.py.

python -m cdp.generator.rates_table > docs/generator_rates.md      # or: make generator-rates
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from cdp.generator import reference as ref
from cdp.generator.rates import (
    ADS,
    AIRBYTE,
    ANONYMOUS_VISITORS_PER_PROFILE,
    BILLING,
    CRM,
    ESP,
    NOISE,
    POPULATION,
    POS,
    SHOP,
    SUPPORT,
    WEB,
)


def _pct(share: float) -> str:
    """0.7 -> "70%", 0.024 -> "2.4%"."""
    return f"{share * 100:.3g}%"


def _about(share: float) -> str:
    """A share derived from several rates, to two figures: 0.5994 -> "60%"."""
    return f"{share * 100:.2g}%"


def _shares(shares: Sequence[float]) -> str:
    """(0.5, 0.27, 0.15, 0.08) -> "50/27/15/8%"."""
    return "/".join(f"{share * 100:.3g}" for share in shares) + "%"


def _mix(mix: Sequence[tuple[str, float]]) -> str:
    """(("typo", 0.02), ("case", 0.04)) -> "typo 2%, case 4%"."""
    return ", ".join(f"{kind} {_pct(share)}" for kind, share in mix)


def _span(counts: Sequence[int]) -> str:
    """(1, 3, 2) -> "1-3"; (2, 2) -> "2"."""
    low, high = min(counts), max(counts)
    return f"{low}" if low == high else f"{low}-{high}"


def _cutoff_shares(cutoffs: Sequence[float]) -> list[float]:
    """Cut-offs of one uniform draw as the shares of each outcome: (0.4, 0.6) -> 40/20/40%."""
    bounds = [0.0, *cutoffs, 1.0]
    return [high - low for low, high in pairwise(bounds)]


def _countries() -> str:
    shares = sorted(((share, code) for code, share, _, _ in ref.COUNTRIES), reverse=True)
    return ", ".join(f"{code} {_pct(share)}" for share, code in shares)


def _in_order(values: Sequence[str]) -> list[str]:
    """The distinct values, in order of first appearance."""
    return list(dict.fromkeys(values))


def _test_junk_range() -> str:
    """Lowest and highest share of the test addresses and numbers among the noise mixes."""
    mixes = (
        NOISE.email,
        NOISE.phone_formats_typed,
        NOISE.phone_formats_normalised,
        POS.receipt_email_noise,
        WEB.identify_email_noise,
        ESP.send_email_noise,
        BILLING.email_noise,
    )
    tests = [share for mix in mixes for kind, share in mix if kind == "test"]
    return f"{min(tests) * 100:.3g}-{_pct(max(tests))}"


def _rows() -> list[tuple[str, str]]:
    return [
        ("Countries", _countries()),
        (
            "Names",
            f"{_pct(ref.FRENCH_LAST_NAME_SHARE)} French (Zipf over {len(ref.FRENCH_FEMALE)} "
            f"female + {len(ref.FRENCH_MALE)} male first names, {len(ref.FRENCH_LAST_NAMES)} "
            f"last names, accents, hyphens), {_pct(ref.INTERNATIONAL_LAST_NAME_SHARE)} "
            "international",
        ),
        *_person_rows(),
        *_crm_and_shop_rows(),
        *_store_and_web_rows(),
        *_messaging_rows(),
        *_back_office_rows(),
        *_mess_rows(),
    ]


def _person_rows() -> list[tuple[str, str]]:
    p = POPULATION
    households = dict(p.household_person_shares)
    sizes = sorted(households)
    no_trunk = [code for code, _, _, _ in ref.COUNTRIES if ref.PHONE_TRUNK_PREFIX[code] == ""]
    return [
        (
            "Households",
            f"{_pct(households[sizes[0]])} alone, {_pct(households[sizes[1]])} of persons in "
            f"{sizes[1]}-person, "
            + ", ".join(f"{_pct(households[size])} in {size}-" for size in sizes[2:-1])
            + f", {_pct(households[sizes[-1]])} in {sizes[-1]}-person households: same "
            f"address, {_pct(p.member_shares_last_name)} same last name, landline in "
            f"{_pct(p.landline_in_household)} ({_pct(p.landline_alone)} of singles), family email "
            f"in {_pct(p.family_email)} (each member uses it with p {p.family_email_use})",
        ),
        (
            "Age",
            f"{_pct(p.female)} women; Normal({p.age_mean}, {p.age_sd}) kept within "
            f"{p.age_min}-{p.age_max}",
        ),
        (
            "Emails",
            f"unique personal address ({len(p.email_pattern_weights)} local-part patterns, "
            f"country-weighted domains); {_pct(p.email_changed)} changed it during the window "
            "(old one on older records)",
        ),
        (
            "Phones",
            f"{_pct(p.mobile)} have a unique mobile; formats mixed per record (`06 12 34 56 78`, "
            "`+33612345678`, `0612345678`, `+33 (0)6 ...`, dotted, `0033...`), a trunk 0 only "
            f"where the country dials one (none in {', '.join(no_trunk)}); Italian landlines "
            "begin with their own 0 (`+39 (0)6 ...` keeps it)",
        ),
        (
            "Moves",
            f"{_pct(p.household_moves)} of households move once in the window (old address before)",
        ),
        (
            "Consents",
            f"opted in to email {_pct(p.email_opt_in)}, SMS {_pct(p.sms_opt_in)}, phone "
            f"{_pct(p.phone_opt_in)}, post {_pct(p.postal_opt_in)}; {_pct(p.consent_changed)} "
            "flip one of them during the window",
        ),
        (
            "Test accounts",
            f"max({p.test_accounts_min}, N/{p.profiles_per_test_account:,}) persons "
            f'`is_test_account` ("{" ".join(ref.TEST_NAMES[0])}", {ref.TEST_EMAILS[0]}, '
            f"{ref.TEST_PHONES[0]}); the same junk emails/phones on {_test_junk_range()} of "
            "other persons' records",
        ),
        (
            "Anonymous visitors",
            f"{ANONYMOUS_VISITORS_PER_PROFILE} x N extra persons (ids > N): one cookie living "
            f"Exp({WEB.anonymous_cookie_life_days:g} days), "
            f"1 + Poisson({WEB.anonymous_extra_sessions}) sessions, "
            f"Geometric({WEB.anonymous_event_continue}) events per session, nothing else",
        ),
    ]


def _crm_and_shop_rows() -> list[tuple[str, str]]:
    p, s = POPULATION, SHOP
    extra_versions = ",".join(str(count) for count in range(len(CRM.extra_version_shares)))
    return [
        (
            "CRM contacts",
            f"{_pct(p.in_crm)} of persons ({_pct(p.contacts_created_before_window)} created in "
            f"the {p.contacts_history_years:g} years before the window); 1 + {{{extra_versions}}} "
            f"({_shares(CRM.extra_version_shares)}) versions plus one per move / email change / "
            f"consent flip; {_pct(p.duplicate_contact)} of persons have a duplicate contact "
            f"(nickname {_pct(CRM.duplicate_first_name_nickname)}, typo "
            f"{CRM.duplicate_first_name_typo * 100:.3g}-{_pct(CRM.duplicate_last_name_typo)}, no "
            f"email {_pct(CRM.duplicate_email_missing)}); loyalty card for {_pct(p.loyalty)} of "
            f"contacts (home store for {_pct(p.home_store_without_loyalty)} of the others); "
            f"birth date missing {_pct(CRM.birth_date_missing)}, malformed "
            f"{_pct(CRM.birth_date_malformed)}; {_pct(CRM.deleted)} deleted",
        ),
        (
            "Shop customers",
            f"{_pct(p.in_shop)} of persons ({_pct(p.web_of_shop_customers)} of them browse the "
            f"web; {_pct(p.customers_created_before_window)} signed up in the "
            f"{p.customers_history_years:g} years before the window); one version, a second for "
            f"{_pct(s.customer_versions)} (+ moves / email changes)",
        ),
        (
            "Orders",
            f"Poisson({s.orders_per_customer:g} x account age share) per customer (first order "
            f"at sign-up for {_pct(s.first_order_at_sign_up)} of new accounts), "
            f"{_pct(s.guest_visitors)} of other web visitors order as guests (1 + "
            f"Poisson({s.guest_extra_orders})); {_pct(s.account_guest_checkout)} of orders paid "
            f"as guest; 1-{len(s.line_count_shares)} lines ({_shares(s.line_count_shares)}); "
            f"refunds {_pct(s.refunded)} ({_pct(s.partial_refund)} partial); reviews "
            f"{_pct(s.reviewed)} ({_pct(s.malformed_rating)} malformed ratings)",
        ),
        (
            "Abandoned checkouts",
            f"Poisson({s.checkouts_per_customer} x account age share) per customer; "
            f"Poisson({s.checkouts_per_visitor}) per other web visitor, "
            + (
                "half email only, half cart token only"
                if s.checkout_email_only == 0.5
                else f"{_pct(s.checkout_email_only)} email only, the others cart token only"
            ),
        ),
        (
            "Products / stores / campaigns",
            f"{s.products:,} products ({len(ref.PRODUCT_CATEGORIES)} categories, Zipf "
            f"popularity, {_pct(s.repriced_products)} repriced); {len(ref.STORES)} stores "
            f"(S001-S{len(ref.STORES):03d}, {POS.tills_per_store} tills, "
            f"{WEB.tablets_per_store} tablets each); {ESP.campaigns} campaigns (about "
            f"{ESP.campaigns * 7 / AIRBYTE.history_days:.2g} a week, "
            f"{_pct(ESP.email_campaigns)} email, the last on the day before as_of); all three "
            "are full-refresh streams",
        ),
    ]


def _store_and_web_rows() -> list[tuple[str, str]]:
    p, w = POPULATION, WEB
    loyalty = p.in_crm * p.loyalty
    in_store = loyalty * p.store_of_loyalty_members + (1 - loyalty) * p.store_of_others
    on_web = p.in_shop * p.web_of_shop_customers + (1 - p.in_shop) * p.web_of_others
    id_na, id_bad = POS.malformed_id_cutoffs
    date_unparseable, date_bad = POS.malformed_date_cutoffs
    platforms = _in_order([platform for _, platform in ref.AD_CAMPAIGNS])
    return [
        (
            "Store visits",
            f"{_about(in_store)} of persons ({_pct(p.store_of_loyalty_members)} of loyalty "
            f"members, {_pct(p.store_of_others)} of others), 1 + Poisson({POS.extra_visits}) "
            f"transactions ({_pct(POS.home_store)} at the home store), "
            f"1-{len(POS.line_count_shares)} lines ({_shares(POS.line_count_shares)}); card on "
            f"{_pct(POS.card_on_receipt)} of a member's receipts, receipt email "
            f"{_pct(POS.receipt_email)}; malformed ids {_pct(id_bad)} ({_pct(id_na)} `N/A`), "
            f"dates {_pct(date_bad)} ({_pct(date_unparseable)} unparseable, "
            f"{_pct(date_bad - date_unparseable)} empty), decimal commas "
            f"{_pct(POS.decimal_comma)}",
        ),
        (
            "Web",
            f"{_about(on_web)} of persons ({_pct(p.web_of_others)} of those without a shop "
            f"account); 1-{len(w.device_count_shares)} devices "
            f"({_shares(w.device_count_shares)}: {_mix(w.device_types)}), "
            f"1-{len(w.cookie_count_shares)} cookies each ({_shares(w.cookie_count_shares)}), "
            f"cookie life Exp({w.cookie_life_days:g} days); 1 + Poisson({w.extra_sessions}) "
            f"sessions per cookie, Geometric({w.event_continue}) events per session "
            f"(page/product/cart {_shares(w.event_type_shares)}, Exp({w.event_gap_seconds:g} s) "
            f"apart), {_pct(w.tagged_landing)} arriving from a tagged link (email and SMS "
            f"landings come from the ESP's clicks, below); {_pct(w.store_tablet)} of store "
            "shoppers use a shared store tablet once",
        ),
        (
            "Logins / sign-ups",
            f"{_pct(w.login)} of shop customers' cookies ({_pct(w.login_on_tablet)} on tablets) "
            f"log in, {_pct(w.second_login)} of those on their own devices twice; "
            f"{_pct(w.signup)} of other CRM persons' cookies sign up with an email",
        ),
        (
            "Consent banner",
            f"{_pct(w.consent_choice)} of cookies choose ({_pct(w.consent_change)} change their "
            f"mind later): analytics {_pct(w.analytics_consent)}, ads "
            f"{_pct(w.ads_with_analytics)} of those ({_pct(w.ads_without_analytics)} otherwise)",
        ),
        (
            "Ad exposures",
            f"cookies that accept ads: Poisson({ADS.exposures_per_cookie}) rows over the cookie "
            f"life, Geometric({ADS.impressions_p}) impressions (at most {ADS.impressions_max}), "
            f"a click on {_pct(ADS.click)}; {len(ref.AD_CAMPAIGNS)} campaigns "
            f"({', '.join(platforms)})",
        ),
    ]


def _messaging_rows() -> list[tuple[str, str]]:
    e = ESP
    opened = (1 - e.bounce) * e.open
    bounce_min = e.bounce_delay_min_minutes
    return [
        (
            "Email / SMS",
            f"contacts opted in: Poisson({e.email_sends_per_opted_in * e.draws_per_send:.3g}) "
            f"email and Poisson({e.sms_sends_per_opted_in * e.draws_per_send:.3g}) SMS draws, "
            f"kept when opted in at send time (about {e.email_sends_per_opted_in:g} email sends "
            f"per opted-in contact); bounces {_pct(e.bounce)} of emails, opens "
            f"{_pct(e.open)} of the others (Geometric({e.opens_p}) times), clicks "
            f"{_pct(e.click_of_opened)} of opened emails (about "
            f"{_about(opened * e.click_of_opened)} of emails) and {_pct(e.sms_click)} of SMS, "
            "unsubscribes "
            f"{_pct(e.email_unsubscribe)} (SMS {_pct(e.sms_unsubscribe)}); sends go out within "
            f"{e.send_spread_hours} h of the campaign's time, bounces {bounce_min}-"
            f"{bounce_min + e.bounce_delay_span_minutes} min after, opens "
            f"Exp({e.open_delay_mean_hours:g} h), clicks {e.click_delay_min_hours:g} h + "
            f"Exp({e.click_delay_mean_hours:g} h); links carry `utm_*` "
            f"and, when the ESP knows the contact ({_pct(e.known_contact)} of sends), "
            "`cid=<crm_contact_id>`; each click's landing page view (same path and query "
            "string, a new session) is written on one of the clicker's own cookies alive then "
            f"({WEB.landing_cookie_tries} tries; none: no web event)",
        ),
        (
            "Forwarded emails",
            f"{_pct(e.forward_of_opened)} of opened emails (about "
            f"{_about(opened * e.forward_of_opened)} of emails) are forwarded and clicked by "
            "someone else with the sender's `cid`: a household member "
            f"({_pct(e.forward_to_household)} when the sender lives with someone) or a "
            f"colleague (anyone on the web), {_pct(e.viral_of_forwards)} of forwards go viral "
            f"({e.viral_min}-{e.viral_max} people); {e.forward_delay_min_hours:g} h + "
            f"Exp({e.forward_delay_mean_hours:g} h) after the send; the ESP counts the click on "
            "the sender's send, the landing view goes on the clicker's cookie, and the truth "
            "keeps the cookie's real owner",
        ),
    ]


def _back_office_rows() -> list[tuple[str, str]]:
    support_paths = [path for path, _ in SUPPORT.status_paths]
    billing_paths = [path for path, _ in BILLING.status_paths]
    return [
        (
            "Support tickets",
            f"{_pct(POPULATION.in_support)} of persons, 1-{len(SUPPORT.ticket_count_shares)} "
            f"tickets ({_shares(SUPPORT.ticket_count_shares)}; {_mix(SUPPORT.channels)}), "
            f"{'/'.join(_in_order([s for path in support_paths for s in path]))} paths of "
            f"{_span([len(path) for path in support_paths])} versions, each "
            f"{SUPPORT.status_gap_min_days:g}-"
            f"{SUPPORT.status_gap_min_days + SUPPORT.status_gap_span_days:g} days after the last",
        ),
        (
            "Unpaid invoices",
            f"{_pct(POPULATION.bad_payer_known)} of CRM/shop persons, "
            f"{_pct(POPULATION.bad_payer_other)} of others; "
            f"1-{len(BILLING.invoice_count_shares)} invoices "
            f"({_shares(BILLING.invoice_count_shares)}), "
            f"{_span([len(path) for path in billing_paths])} versions "
            f"({'/'.join(_in_order([s for path in billing_paths for s in path]))})",
        ),
    ]


def _mess_rows() -> list[tuple[str, str]]:
    a = AIRBYTE
    future_year, epoch_year, last_century_year = a.impossible_years
    first_names = _mix(NOISE.first_name)
    emails = _mix(NOISE.email)
    return [
        (
            "Record noise",
            f"first names: {first_names}; last names: {_mix(NOISE.last_name)}; swapped names "
            f"{_pct(CRM.swapped_names)}; emails: {emails} (CRM x{CRM.email_noise_scale:g}; "
            "tills and guests more)",
        ),
        (
            "Airbyte",
            f"daily syncs, the last {a.last_sync_before_as_of_minutes} min before as_of; "
            "full-refresh streams hold the last sync only, `_airbyte_generation_id` = sync "
            "number, append streams generation 1; re-extracted duplicates "
            f"{_pct(a.duplicate)}; late events {_pct(a.late_events)} "
            f"({a.late_min_days}-{a.late_max_days} days, ads {_pct(a.late_ads)}, shop orders "
            f"{_pct(a.late_shop_orders)}); `_airbyte_meta` field NULLED {_pct(a.meta_field)} "
            f"({_pct(a.truncated)} of long text TRUNCATED), key NULLED {_pct(a.meta_key)}; "
            f"impossible timestamps {_pct(a.impossible_timestamps)} of orders/events "
            f"({_shares(_cutoff_shares(a.impossible_kind_cutoffs))}: {future_year}, "
            f"+{a.impossible_ahead_min_days}-"
            f"{a.impossible_ahead_min_days + a.impossible_ahead_span_days} days, {epoch_year}, "
            f"{last_century_year}); "
            "versions replaced before the next sync are never extracted",
        ),
    ]


def distribution_table() -> str:
    """docs/generator_rates.md: the distribution table, in markdown."""
    lines = [
        "# What the synthetic data generator draws",
        "",
        "Written by `make generator-rates` (`python -m cdp.generator.rates_table`) from the",
        "rates in cdp/generator/rates.py and cdp/generator/reference.py; do not edit by hand.",
        "`cdp generate --profiles N --seed S --as-of T` gives the same rows for the same",
        "(N, S, T).",
        "",
        "Distributions (per person unless stated; N = profiles):",
        "",
        "| What | Distribution |",
        "|---|---|",
    ]
    lines += [f"| {what} | {distribution} |" for what, distribution in _rows()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(distribution_table(), end="")

"""docs/generator_rates.md: the generator's distribution table, made from cdp/generator/rates.py.

python -m cdp.generator.rates_table > docs/generator_rates.md      # or: make generator-rates
"""

from __future__ import annotations

from cdp.generator import reference as ref
from cdp.generator.rates import ANONYMOUS_VISITORS_PER_PROFILE, CRM, POPULATION, SHOP


def _pct(share: float) -> str:
    """0.7 -> "70%", 0.024 -> "2.4%"."""
    return f"{share * 100:.3g}%"


def _shares(shares: tuple[float, ...]) -> str:
    """(0.5, 0.27, 0.15, 0.08) -> "50/27/15/8%"."""
    return "/".join(f"{share * 100:.3g}" for share in shares) + "%"


def _countries() -> str:
    shares = sorted(((share, code) for code, share, _, _ in ref.COUNTRIES), reverse=True)
    return ", ".join(f"{code} {_pct(share)}" for share, code in shares)


def _rows() -> list[tuple[str, str]]:
    p, s = POPULATION, SHOP
    households = dict(p.household_person_shares)
    return [
        ("Countries", _countries()),
        (
            "Names",
            f"{_pct(ref.FRENCH_LAST_NAME_SHARE)} French (Zipf over ~70 female + ~70 male first "
            f"names, ~200 last names, accents, hyphens), {_pct(ref.INTERNATIONAL_LAST_NAME_SHARE)} "
            "international",
        ),
        (
            "Households",
            f"{_pct(households[1])} alone, {_pct(households[2])} of persons in 2-person, "
            f"{_pct(households[3])} in 3-, {_pct(households[4])} in 4-person households: same "
            f"address, {_pct(p.member_shares_last_name)} same last name, landline in "
            f"{_pct(p.landline_in_household)} ({_pct(p.landline_alone)} of singles), family email "
            f"in {_pct(p.family_email)} (each member uses it with p {p.family_email_use})",
        ),
        ("Age", f"Normal({p.age_mean}, {p.age_sd}) kept within {p.age_min}-{p.age_max}"),
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
            "where the country dials one (none in Spain, Italy, Luxembourg); Italian landlines "
            "begin with their own 0 (`+39 (0)6 ...` keeps it)",
        ),
        (
            "Moves",
            f"{_pct(p.household_moves)} of households move once in the window (old address before)",
        ),
        (
            "Test accounts",
            f"max({p.test_accounts_min}, N/{p.profiles_per_test_account:,}) persons "
            '`is_test_account` ("Test Test", test@test.com, 0000000000); the same junk '
            "emails/phones on 0.3-2% of other persons' records",
        ),
        (
            "Anonymous visitors",
            f"{ANONYMOUS_VISITORS_PER_PROFILE} x N extra persons (ids > N): one cookie, "
            "1 + Poisson(0.3) sessions, nothing else",
        ),
        (
            "CRM contacts",
            f"{_pct(p.in_crm)} of persons; 1 + {{0,1,2,3}} ({_shares(CRM.extra_version_shares)}) "
            "versions plus one per move / email change / consent flip; "
            f"{_pct(p.duplicate_contact)} of persons have a duplicate contact (nickname "
            f"{_pct(CRM.duplicate_first_name_nickname)}, typo "
            f"{CRM.duplicate_first_name_typo * 100:.3g}-{_pct(CRM.duplicate_last_name_typo)}, no "
            f"email {_pct(CRM.duplicate_email_missing)}); loyalty card for {_pct(p.loyalty)} of "
            f"contacts; birth date missing {_pct(CRM.birth_date_missing)}, malformed "
            f"{_pct(CRM.birth_date_malformed)}; {_pct(CRM.deleted)} deleted",
        ),
        (
            "Shop customers",
            f"{_pct(p.in_shop)} of persons ({_pct(p.web_of_shop_customers)} of them browse the "
            "web); 1-2 versions (+ moves / email changes)",
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
            "(S001-S040, 3 tills, 2 tablets each); 208 campaigns (two a week, 80% email, the "
            "last on the day before as_of); all three are full-refresh streams",
        ),
        (
            "Store visits",
            f"60% of persons ({_pct(p.store_of_loyalty_members)} of loyalty members), 1 + "
            "Poisson(0.6) transactions, 1-4 lines; card on 70% of a member's receipts, receipt "
            "email 25%; malformed ids 0.2%, dates 0.4% (0.3% unparseable, 0.1% empty), decimal "
            "commas 1.5%",
        ),
        (
            "Web",
            "75% of persons; 1-3 devices (50/35/15%), 1-2 cookies each (70/30%), cookie life "
            "Exp(240 days); 1 + Poisson(0.9) sessions per cookie, Geometric(0.32) events per "
            "session, 25% arriving from a tagged link (email and SMS landings come from the "
            "ESP's clicks, below); 4% of store shoppers use a shared store tablet once",
        ),
        (
            "Logins / sign-ups",
            "60% of shop customers' cookies (80% on tablets) log in 1-2 times; 10% of other CRM "
            "persons' cookies sign up with an email",
        ),
        (
            "Consent banner",
            "92% of cookies choose (10% change their mind later): analytics 72%, ads 75% of "
            "those (10% otherwise)",
        ),
        (
            "Ad exposures",
            "cookies that accept ads: Poisson(4.5) rows over the cookie life; 20 campaigns "
            "(meta, google, criteo)",
        ),
        (
            "Email / SMS",
            "contacts opted in: Poisson(7.15) email and Poisson(3.25) SMS draws, kept when opted "
            "in at send time (about 5.5 email sends per opted-in contact); opens 25% of emails, "
            "clicks 4%, bounces 2%, unsubscribes 0.5%; links carry `utm_*` and, when the ESP "
            "knows the contact (95% of sends), `cid=<crm_contact_id>`; each click's landing page "
            "view (same path and query string, a new session) is written on one of the clicker's "
            "own cookies alive then (3 tries; none: no web event)",
        ),
        (
            "Forwarded emails",
            "5% of opened emails (about 1.2% of emails) are forwarded and clicked by someone else "
            "with the sender's `cid`: a household member (45% when the sender lives with "
            "someone) or a colleague (anyone on the web), 3% of forwards go viral (5-30 people); "
            "1 h + Exp(30 h) after the send; the ESP counts the click on the sender's send, the "
            "landing view goes on the clicker's cookie, and the truth keeps the cookie's real "
            "owner",
        ),
        (
            "Support tickets",
            f"{_pct(p.in_support)} of persons, 1-2 tickets, open/pending/solved/closed paths of "
            "1-3 versions",
        ),
        (
            "Unpaid invoices",
            f"{_pct(p.bad_payer_known)} of CRM/shop persons, {_pct(p.bad_payer_other)} of "
            "others; 1-2 invoices, 1-2 versions",
        ),
        (
            "Record noise",
            "first names: typo 2%, nickname 3%, accents 4%, upper 4%, lower 1.5%, spaces 1.5%, "
            "missing 0.5%; swapped names 1%; emails: typo 1.5%, case 4%, spaces 2%, missing 3%, "
            "test 0.3% (CRM x1.5; tills and guests more)",
        ),
        (
            "Airbyte",
            "daily syncs, the last 25 min before as_of; full-refresh streams hold the last sync "
            "only, `_airbyte_generation_id` = sync number, append streams generation 1; "
            "re-extracted duplicates 0.5%; late events 1% (2-14 days, ads 3%); `_airbyte_meta` "
            "field NULLED 0.3% (10% of long text TRUNCATED), key NULLED 0.05%; impossible "
            "timestamps 0.1% of orders/events (2099, +3-60 days, 1970, 1999); versions replaced "
            "before the next sync are never extracted",
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

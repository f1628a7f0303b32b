"""The true persons behind the records: identity, household, address, and which systems know them.

`build_population` draws everything person-level once (a few arrays of N elements, cheap even at
millions) so that every source can reference the same contact ids, customer ids, loyalty cards
and emails while being generated chunk by chunk. Strings live in the DuckDB temporary table
`pop` (one row per person, joined by `person_id`); numpy keeps the flags and times.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Self

import duckdb
import numpy as np
import pyarrow as pa

from cdp.generator import reference as ref
from cdp.generator.airbyte import DAY, YEAR, SyncClock
from cdp.generator.rates import POPULATION
from cdp.generator.reference import TEST_EMAILS, TEST_NAMES

NEVER = np.iinfo(np.int64).max  # "no such event" for per-person event times

# Multipliers for the digit scrambles that give unique phone and card numbers (coprime with 10).
_MOBILE_MULT, _LANDLINE_MULT, _CARD_MULT = 7_368_787, 5_102_903, 91_367_421_013
MOBILE_PREFIX = {
    "FR": (6, 7),
    "BE": (4,),
    "CH": (7,),
    "LU": (6,),
    "DE": (1,),
    "ES": (6,),
    "IT": (3,),
    "GB": (7,),
}


@dataclass
class Population:
    """Person-level facts as numpy arrays, index i is person_id i + 1 (slices keep ids)."""

    person_id: np.ndarray
    household_id: np.ndarray
    is_test: np.ndarray
    country: np.ndarray  # index into reference.COUNTRIES
    has_mobile: np.ndarray
    has_landline: np.ndarray
    email_changed_us: np.ndarray  # NEVER when the person kept one email
    moved_us: np.ndarray  # NEVER when the household never moved
    # CRM
    in_crm: np.ndarray
    contact_no: np.ndarray  # 0 when not in the CRM
    contact_created_us: np.ndarray
    has_dup_contact: np.ndarray
    dup_contact_no: np.ndarray
    dup_created_us: np.ndarray
    has_loyalty: np.ndarray
    home_store: np.ndarray  # index into reference.STORES, -1 when none
    email_opt_in: np.ndarray
    sms_opt_in: np.ndarray
    phone_opt_in: np.ndarray
    postal_opt_in: np.ndarray
    consent_changed_us: np.ndarray  # when one consent flipped (NEVER if none)
    consent_flipped: np.ndarray  # 0 email, 1 sms, 2 phone, 3 postal
    # Web shop
    in_shop: np.ndarray
    customer_id: np.ndarray  # 0 when no shop account
    customer_created_us: np.ndarray
    # Other channels
    in_pos: np.ndarray
    on_web: np.ndarray
    in_support: np.ndarray
    bad_payer: np.ndarray

    def __len__(self) -> int:
        return len(self.person_id)

    def slice(self, lo: int, hi: int) -> Self:
        return replace(self, **{f.name: getattr(self, f.name)[lo:hi] for f in fields(self)})

    def email_opted_in_at(self, ts_us: np.ndarray, idx: np.ndarray) -> np.ndarray:
        """Email consent of person `idx` at each time (CRM consent flips once at most)."""
        flipped = (self.consent_flipped[idx] == 0) & (ts_us >= self.consent_changed_us[idx])
        return self.email_opt_in[idx] ^ flipped

    def sms_opted_in_at(self, ts_us: np.ndarray, idx: np.ndarray) -> np.ndarray:
        flipped = (self.consent_flipped[idx] == 1) & (ts_us >= self.consent_changed_us[idx])
        return self.sms_opt_in[idx] ^ flipped


def _households(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Household head index and member rank per person (members are consecutive persons)."""
    shares = POPULATION.household_person_shares
    sizes_all = np.fromiter((size for size, _ in shares), dtype=np.int64)
    group_p = np.fromiter((share for _, share in shares), dtype=np.float64) / sizes_all
    sizes = rng.choice(sizes_all, size=n, p=group_p / group_p.sum())
    ends = np.cumsum(sizes)
    sizes = sizes[: np.searchsorted(ends, n) + 1]
    starts = np.cumsum(sizes) - sizes
    head = np.repeat(starts, sizes)[:n]
    return head, np.arange(n) - head


def _scramble(x: np.ndarray, mult: int, add: int, modulus: int) -> np.ndarray:
    """A bijection of [0, modulus) (mult is coprime with 10): unique numbers that look random."""
    return (x.astype(np.int64) * mult + add) % modulus


def _choice_by_group(
    rng: np.random.Generator,
    group: np.ndarray,
    options: dict[int, np.ndarray],
    weights: dict[int, np.ndarray],
) -> np.ndarray:
    """For each row, one of options[group] drawn with weights[group] (loop over few groups)."""
    out = np.zeros(len(group), dtype=np.int64)
    for g, opts in options.items():
        rows = np.flatnonzero(group == g)
        out[rows] = opts[rng.choice(len(opts), size=len(rows), p=weights[g])]
    return out


def _times_with_history(
    rng: np.random.Generator, n: int, clock: SyncClock, share_before: float, years_before: float
) -> np.ndarray:
    """Creation times: `share_before` before the activity window (up to years_before), else in."""
    before = clock.uniform(rng, n, clock.start_us - int(years_before * YEAR), clock.start_us)
    within = clock.uniform(rng, n, clock.start_us, clock.end_us - 2 * DAY)
    return np.where(rng.random(n) < share_before, before, within)


def _reference_tables(con: duckdb.DuckDBPyConnection) -> dict[str, np.ndarray]:
    """Register the name/place vocabularies in DuckDB; return numpy lookups sources need."""
    firsts = ref.first_names()
    lasts = ref.last_names()
    postcodes = [(pc, city, country) for city, pcs, country in ref.LOCALITIES for pc in pcs]
    streets = [
        (street, country, number_first)
        for country, (number_first, names) in ref.STREETS.items()
        for street in names
    ]
    domains = sorted({d for options in ref.EMAIL_DOMAINS.values() for d, _ in options})
    tables = {
        "_ref_first": pa.table(
            {
                "code": np.arange(len(firsts)),
                "name": [r[0] for r in firsts],
                "nickname": [r[2] for r in firsts],
                "accented": [r[3] for r in firsts],
            }
        ),
        "_ref_last": pa.table(
            {
                "code": np.arange(len(lasts)),
                "name": [r[0] for r in lasts],
                "accented": [r[1] for r in lasts],
            }
        ),
        "_ref_postcode": pa.table(
            {
                "code": np.arange(len(postcodes)),
                "postcode": [r[0] for r in postcodes],
                "city": [r[1] for r in postcodes],
                "country_code": [r[2] for r in postcodes],
            }
        ),
        "_ref_street": pa.table(
            {
                "code": np.arange(len(streets)),
                "street": [r[0] for r in streets],
                "number_first": [r[2] for r in streets],
            }
        ),
        "_ref_domain": pa.table({"code": np.arange(len(domains)), "domain": domains}),
        "_ref_country": pa.table(
            {
                "code": np.arange(len(ref.COUNTRIES)),
                "country_code": [c[0] for c in ref.COUNTRIES],
                "calling_code": [str(c[2]) for c in ref.COUNTRIES],
                "trunk_prefix": [ref.PHONE_TRUNK_PREFIX[c[0]] for c in ref.COUNTRIES],
            }
        ),
    }
    for name, table in tables.items():
        con.register("_ref", table)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM _ref")
        con.unregister("_ref")
    return {
        "first_sex": np.array([r[1] for r in firsts]),
        "first_weight": np.array([r[4] for r in firsts]),
        "last_weight": np.array([r[2] for r in lasts]),
        "postcode_country": np.array([r[2] for r in postcodes]),
        "postcode_city": np.array([r[1] for r in postcodes]),
        "street_country": np.array([r[1] for r in streets]),
        "domains": np.array(domains),
    }


@dataclass(frozen=True)
class _Households:
    head: np.ndarray  # index of the household's first member, per person
    member_rank: np.ndarray  # 0 for the head
    size: np.ndarray  # members in the person's household

    @property
    def id(self) -> np.ndarray:
        return self.head + 1


@dataclass(frozen=True)
class _Address:
    postcode: np.ndarray  # row of the postcode table
    street: np.ndarray  # row of the street table
    number: np.ndarray
    suffix: np.ndarray  # 1: "bis"


@dataclass(frozen=True)
class _Contacts:
    """Email and phone facts drawn per person (the strings are made in SQL)."""

    email_changed_us: np.ndarray
    email_group: np.ndarray  # domain group: FR, BE, CH, other
    domain_options: dict[int, np.ndarray]
    domain_weights: dict[int, np.ndarray]
    pattern_p: np.ndarray
    family: np.ndarray  # the household head has a family address
    uses_family_email: np.ndarray
    has_mobile: np.ndarray
    has_landline: np.ndarray
    mobile: np.ndarray  # national significant number
    landline: np.ndarray
    scramble_add: int  # offset of the mobile, landline and card number scrambles


@dataclass(frozen=True)
class _Memberships:
    """Which systems know each person (correlated: loyalty members shop in stores...)."""

    in_crm: np.ndarray
    has_dup_contact: np.ndarray
    has_loyalty: np.ndarray
    in_shop: np.ndarray
    on_web: np.ndarray
    in_pos: np.ndarray
    in_support: np.ndarray
    bad_payer: np.ndarray


@dataclass(frozen=True)
class _AccountNumbers:
    contact_created_us: np.ndarray
    dup_created_us: np.ndarray
    contact_no: np.ndarray  # 0 when not in the CRM
    dup_contact_no: np.ndarray
    customer_created_us: np.ndarray
    customer_id: np.ndarray  # 0 when no shop account


def build_population(
    con: duckdb.DuckDBPyConnection, rng: np.random.Generator, n: int, clock: SyncClock
) -> Population:
    """Draw N persons, create the temp table `pop` with their strings, return their facts.

    Each step draws from `rng` in turn: the order of the steps is part of the output.
    """
    lookups = _reference_tables(con)
    households = _draw_households(rng, n)
    is_test = _draw_test_accounts(rng, n, households)
    country = _draw_countries(rng, n, households)
    address = _draw_address(rng, lookups, country, households)
    old_address = _draw_address(rng, lookups, country, households)  # before a move
    moved_us = np.where(
        rng.random(n) < POPULATION.household_moves,
        clock.uniform(rng, n, clock.start_us + 30 * DAY, clock.end_us - 10 * DAY),
        NEVER,
    )[households.head]
    first_code, last_code = _draw_names(rng, lookups, n, households)
    birth_date = _draw_birth_dates(rng, n, clock)
    contacts = _draw_contacts(rng, lookups, n, clock, country, households)
    memberships = _draw_memberships(rng, n, is_test)
    accounts = _number_accounts(rng, n, clock, memberships)
    home_store = _draw_home_stores(rng, lookups, n, country, address, memberships)
    consent_changed_us = np.where(
        rng.random(n) < POPULATION.consent_changed,
        clock.uniform(rng, n, clock.start_us, clock.end_us),
        NEVER,
    )
    consent_changed_us = np.maximum(consent_changed_us, accounts.contact_created_us + DAY)
    codes = _person_codes(
        rng,
        n,
        households,
        is_test,
        country,
        first_code,
        last_code,
        birth_date,
        (address, old_address, moved_us),
        contacts,
        memberships,
        accounts,
        home_store,
    )
    _create_pop_table(con, codes)
    return Population(
        person_id=np.arange(n) + 1,
        household_id=households.id,
        is_test=is_test,
        country=country,
        has_mobile=contacts.has_mobile | is_test,
        has_landline=contacts.has_landline & ~is_test,
        email_changed_us=np.where(is_test, NEVER, contacts.email_changed_us),
        moved_us=moved_us,
        in_crm=memberships.in_crm,
        contact_no=accounts.contact_no,
        contact_created_us=accounts.contact_created_us,
        has_dup_contact=memberships.has_dup_contact,
        dup_contact_no=accounts.dup_contact_no,
        dup_created_us=accounts.dup_created_us,
        has_loyalty=memberships.has_loyalty,
        home_store=home_store,
        email_opt_in=rng.random(n) < POPULATION.email_opt_in,
        sms_opt_in=rng.random(n) < POPULATION.sms_opt_in,
        phone_opt_in=rng.random(n) < POPULATION.phone_opt_in,
        postal_opt_in=rng.random(n) < POPULATION.postal_opt_in,
        consent_changed_us=consent_changed_us,
        consent_flipped=rng.integers(0, 4, n),
        in_shop=memberships.in_shop,
        customer_id=accounts.customer_id,
        customer_created_us=accounts.customer_created_us,
        in_pos=memberships.in_pos,
        on_web=memberships.on_web,
        in_support=memberships.in_support,
        bad_payer=memberships.bad_payer,
    )


def _draw_households(rng: np.random.Generator, n: int) -> _Households:
    head, member_rank = _households(rng, n)
    return _Households(head, member_rank, np.bincount(head, minlength=n)[head])


def _draw_test_accounts(rng: np.random.Generator, n: int, households: _Households) -> np.ndarray:
    """A handful of single-person "households" created by staff."""
    n_test = max(POPULATION.test_accounts_min, n // POPULATION.profiles_per_test_account)
    singles = np.flatnonzero(households.size == 1)
    is_test = np.zeros(n, dtype=bool)
    is_test[rng.choice(singles, size=min(n_test, len(singles)), replace=False)] = True
    return is_test


def _draw_countries(rng: np.random.Generator, n: int, households: _Households) -> np.ndarray:
    """Index into reference.COUNTRIES: drawn per household, shared by its members."""
    country_p = np.array([c[1] for c in ref.COUNTRIES])
    return rng.choice(len(ref.COUNTRIES), size=n, p=country_p / country_p.sum())[households.head]


def _draw_address(
    rng: np.random.Generator,
    lookups: dict[str, np.ndarray],
    country: np.ndarray,
    households: _Households,
) -> _Address:
    """Postcode row, street row, house number and "bis" flag, shared by a household."""
    n = len(country)
    country_codes = [c[0] for c in ref.COUNTRIES]
    pc_opts = {
        g: np.flatnonzero(lookups["postcode_country"] == c) for g, c in enumerate(country_codes)
    }
    # Zipf over localities in a country: cities first in the list are more populated.
    pc_w = {g: ref.zipf_weights(len(o), 0.9, 2.0) for g, o in pc_opts.items()}
    st_opts = {
        g: np.flatnonzero(lookups["street_country"] == c) for g, c in enumerate(country_codes)
    }
    st_w = {g: np.full(len(o), 1.0 / len(o)) for g, o in st_opts.items()}
    postcode = _choice_by_group(rng, country, pc_opts, pc_w)
    street = _choice_by_group(rng, country, st_opts, st_w)
    number = np.minimum(1 + rng.geometric(0.035, n), 250)
    suffix = np.where(rng.random(n) < 0.03, 1, 0)
    head = households.head
    return _Address(postcode[head], street[head], number[head], suffix[head])


def _draw_names(
    rng: np.random.Generator, lookups: dict[str, np.ndarray], n: int, households: _Households
) -> tuple[np.ndarray, np.ndarray]:
    """First and last name codes by sex; household members mostly share the head's last name."""
    sex = rng.random(n) < POPULATION.female  # True: female
    first_p = lookups["first_weight"]
    female_p = np.where(lookups["first_sex"] == "F", first_p, 0.0)
    male_p = np.where(lookups["first_sex"] == "M", first_p, 0.0)
    first_code = np.where(
        sex,
        rng.choice(len(first_p), size=n, p=female_p / female_p.sum()),
        rng.choice(len(first_p), size=n, p=male_p / male_p.sum()),
    )
    last_p = lookups["last_weight"]
    last_code = rng.choice(len(last_p), size=n, p=last_p)
    shares_name = (households.member_rank > 0) & (
        rng.random(n) < POPULATION.member_shares_last_name
    )
    return first_code, np.where(shares_name, last_code[households.head], last_code)


def _draw_birth_dates(rng: np.random.Generator, n: int, clock: SyncClock) -> np.ndarray:
    """Adults, mostly 25-65: out-of-range draws are redrawn uniformly inside the range."""
    p = POPULATION
    age_years = rng.normal(p.age_mean, p.age_sd, n)
    age_years = np.where(
        (age_years < p.age_min) | (age_years > p.age_max),
        rng.uniform(p.age_min, p.age_max, n),
        age_years,
    )
    return ((clock.as_of_us - (age_years * YEAR).astype(np.int64)) // DAY).astype("datetime64[D]")


def _draw_contacts(
    rng: np.random.Generator,
    lookups: dict[str, np.ndarray],
    n: int,
    clock: SyncClock,
    country: np.ndarray,
    households: _Households,
) -> _Contacts:
    """Emails: a personal address; some change it during the window; some households share
    one. Phones: unique mobile numbers; landlines per household."""
    p, head, member_rank = POPULATION, households.head, households.member_rank
    email_changed_us = np.where(
        rng.random(n) < p.email_changed,
        clock.uniform(rng, n, clock.start_us + 15 * DAY, clock.end_us),
        NEVER,
    )
    group = np.select([country == 0, country == 1, country == 2], [0, 1, 2], 3)
    dom_keys = ["FR", "BE", "CH", "OTHER"]
    dom_index = {d: i for i, d in enumerate(lookups["domains"])}
    dom_opts = {
        g: np.array([dom_index[d] for d, _ in ref.EMAIL_DOMAINS[k]]) for g, k in enumerate(dom_keys)
    }
    dom_w = {g: np.array([w for _, w in ref.EMAIL_DOMAINS[k]]) for g, k in enumerate(dom_keys)}
    dom_w = {g: w / w.sum() for g, w in dom_w.items()}
    pattern_p = np.array(p.email_pattern_weights) / sum(p.email_pattern_weights)
    family = (households.size > 1) & (rng.random(n) < p.family_email)
    uses_family_email = family[head] & ((member_rank == 0) | (rng.random(n) < p.family_email_use))

    has_mobile = rng.random(n) < p.mobile
    has_landline = (
        rng.random(n) < np.where(households.size > 1, p.landline_in_household, p.landline_alone)
    )[head]
    country_codes = [c[0] for c in ref.COUNTRIES]
    mobile_prefix = np.zeros(n, dtype=np.int64)
    for g, code in enumerate(country_codes):
        rows = np.flatnonzero(country == g)
        mobile_prefix[rows] = rng.choice(MOBILE_PREFIX[code], size=len(rows))
    mobile_add = int(rng.integers(0, 10**8))
    mobile = mobile_prefix * 10**8 + _scramble(np.arange(n), _MOBILE_MULT, mobile_add, 10**8)
    # Landlines per household in the head's country: French ones begin with 1-5, Spanish ones
    # with 9, Italian ones with the 0 that is part of the number (06 Rome: 6 and 7 digits, the
    # 0 comes back when the number is padded to 9 digits), others with 2.
    landline_region = np.where(country == 0, rng.integers(1, 6, n), 2)
    landline_region = np.select(
        [country == country_codes.index("ES"), country == country_codes.index("IT")],
        [9, 6],
        landline_region,
    )[head]
    landline_digits = np.where(country[head] == country_codes.index("IT"), 10**7, 10**8)
    landline = landline_region * landline_digits + _scramble(
        head, _LANDLINE_MULT, mobile_add // 7, landline_digits
    )
    return _Contacts(
        email_changed_us=email_changed_us,
        email_group=group,
        domain_options=dom_opts,
        domain_weights=dom_w,
        pattern_p=pattern_p,
        family=family,
        uses_family_email=uses_family_email,
        has_mobile=has_mobile,
        has_landline=has_landline,
        mobile=mobile,
        landline=landline,
        scramble_add=mobile_add,
    )


def _draw_memberships(rng: np.random.Generator, n: int, is_test: np.ndarray) -> _Memberships:
    p = POPULATION
    in_crm = (rng.random(n) < p.in_crm) | is_test
    has_dup_contact = in_crm & ~is_test & (rng.random(n) < p.duplicate_contact / p.in_crm)
    has_loyalty = in_crm & ~is_test & (rng.random(n) < p.loyalty)
    in_shop = (rng.random(n) < p.in_shop) | is_test
    on_web = (
        np.where(in_shop, rng.random(n) < p.web_of_shop_customers, rng.random(n) < p.web_of_others)
        & ~is_test
    )
    in_pos = np.where(
        has_loyalty,
        rng.random(n) < p.store_of_loyalty_members,
        rng.random(n) < p.store_of_others,
    )
    in_pos &= ~is_test
    in_support = (rng.random(n) < p.in_support) & ~is_test
    bad_payer = (
        rng.random(n) < np.where(in_crm | in_shop, p.bad_payer_known, p.bad_payer_other)
    ) & ~is_test
    return _Memberships(
        in_crm, has_dup_contact, has_loyalty, in_shop, on_web, in_pos, in_support, bad_payer
    )


def _number_accounts(
    rng: np.random.Generator, n: int, clock: SyncClock, memberships: _Memberships
) -> _AccountNumbers:
    """Creation times, CRM contact numbers and shop customer ids, both in creation order
    (duplicate contacts are created after their original)."""
    p = POPULATION
    contact_created_us = _times_with_history(
        rng, n, clock, p.contacts_created_before_window, p.contacts_history_years
    )
    dup_created_us = clock.uniform(rng, n, contact_created_us + 30 * DAY, clock.end_us - DAY)
    dup_created_us = np.minimum(np.maximum(dup_created_us, contact_created_us + DAY), clock.end_us)
    contact_no = np.zeros(n, dtype=np.int64)
    dup_contact_no = np.zeros(n, dtype=np.int64)
    primaries = np.flatnonzero(memberships.in_crm)
    dups = np.flatnonzero(memberships.has_dup_contact)
    created = np.concatenate([contact_created_us[primaries], dup_created_us[dups]])
    numbers = np.empty(len(created), dtype=np.int64)
    numbers[np.argsort(created, kind="stable")] = np.arange(1, len(created) + 1)
    contact_no[primaries] = numbers[: len(primaries)]
    dup_contact_no[dups] = numbers[len(primaries) :]

    customer_created_us = _times_with_history(
        rng, n, clock, p.customers_created_before_window, p.customers_history_years
    )
    customer_id = np.zeros(n, dtype=np.int64)
    shop_rows = np.flatnonzero(memberships.in_shop)
    order = np.argsort(customer_created_us[shop_rows], kind="stable")
    customer_id[shop_rows[order]] = 1_000_001 + np.arange(len(shop_rows))
    return _AccountNumbers(
        contact_created_us,
        dup_created_us,
        contact_no,
        dup_contact_no,
        customer_created_us,
        customer_id,
    )


def _draw_home_stores(
    rng: np.random.Generator,
    lookups: dict[str, np.ndarray],
    n: int,
    country: np.ndarray,
    address: _Address,
    memberships: _Memberships,
) -> np.ndarray:
    """The store in the person's city when there is one, else one in the country; -1 for
    persons without a card (and most CRM contacts without one)."""
    store_city = np.array([s[1] for s in ref.STORES])
    store_country = np.array([s[3] for s in ref.STORES])
    city_of_person = lookups["postcode_city"][address.postcode]
    home_store = np.full(n, -1, dtype=np.int64)
    for s, city in enumerate(store_city):
        home_store[(home_store < 0) & (city_of_person == city)] = s
    for g, code in enumerate(c[0] for c in ref.COUNTRIES):
        in_country = np.flatnonzero(store_country == code)
        if len(in_country) == 0:
            in_country = np.flatnonzero(store_country == "FR")
        rows = np.flatnonzero((home_store < 0) & (country == g))
        home_store[rows] = rng.choice(in_country, size=len(rows))
    keeps_store = memberships.has_loyalty | (
        memberships.in_crm & (rng.random(n) < POPULATION.home_store_without_loyalty)
    )
    return np.where(keeps_store, home_store, -1)


def _person_codes(
    rng: np.random.Generator,
    n: int,
    households: _Households,
    is_test: np.ndarray,
    country: np.ndarray,
    first_code: np.ndarray,
    last_code: np.ndarray,
    birth_date: np.ndarray,
    addresses: tuple[_Address, _Address, np.ndarray],
    contacts: _Contacts,
    memberships: _Memberships,
    accounts: _AccountNumbers,
    home_store: np.ndarray,
) -> pa.Table:
    """One row per person of codes into the reference tables, from which SQL makes the
    strings (the last few draws of the population are made here, in column order)."""
    address, old_address, moved_us = addresses
    c = contacts
    return pa.table(
        {
            "person_id": np.arange(n) + 1,
            "household_id": households.id,
            "is_test": is_test,
            "test_variant": rng.integers(0, 1 << 30, n),
            "country": country,
            "first_code": first_code,
            "last_code": last_code,
            "birth_date": birth_date,
            "language_u": rng.random(n),
            "postcode_code": address.postcode,
            "street_code": address.street,
            "street_no": address.number,
            "bis": address.suffix,
            "old_postcode_code": old_address.postcode,
            "old_street_code": old_address.street,
            "old_street_no": old_address.number,
            "old_bis": old_address.suffix,
            "moved_us": moved_us,
            "pattern": rng.choice(len(c.pattern_p), size=n, p=c.pattern_p),
            "old_pattern": rng.choice(len(c.pattern_p), size=n, p=c.pattern_p),
            "domain_code": _choice_by_group(rng, c.email_group, c.domain_options, c.domain_weights),
            "old_domain_code": _choice_by_group(
                rng, c.email_group, c.domain_options, c.domain_weights
            ),
            "digits": rng.integers(0, 1000, n),
            "email_changed_us": c.email_changed_us,
            "family": c.family,
            "family_pattern": rng.integers(0, 3, n),
            "uses_family_email": c.uses_family_email,
            "mobile": np.where(is_test, 0, np.where(c.has_mobile, c.mobile, -1)),
            "landline": np.where(c.has_landline & ~is_test, c.landline, -1),
            "contact_no": accounts.contact_no,
            "dup_contact_no": accounts.dup_contact_no,
            "card": np.where(
                memberships.has_loyalty,
                _scramble(accounts.contact_no, _CARD_MULT, c.scramble_add, 10**11),
                -1,
            ),
            "home_store": home_store,
            "customer_id": accounts.customer_id,
        }
    )


def _email_local_sql(pattern: str) -> str:
    """Local part for a pattern code; fn/ln are the ascii-folded names, yy/digits numbers."""
    return f"""CASE {pattern}
        WHEN 0 THEN fn || '.' || ln
        WHEN 1 THEN replace(fn, '-', '') || ln
        WHEN 2 THEN left(fn, 1) || '.' || ln
        WHEN 3 THEN fn || '.' || ln || lpad((year(birth_date) % 100)::VARCHAR, 2, '0')
        WHEN 4 THEN ln || '.' || fn
        WHEN 5 THEN fn || '_' || ln
        WHEN 6 THEN replace(fn, '-', '') || left(ln, 1) || lpad((digits % 100)::VARCHAR, 2, '0')
        ELSE replace(fn, '-', '') || ln || (100 + digits % 900)::VARCHAR
    END"""


def _create_pop_table(con: duckdb.DuckDBPyConnection, codes: pa.Table) -> None:
    con.register("_codes", codes)
    test_emails = "[" + ", ".join(f"'{e}'" for e in TEST_EMAILS) + "]"
    test_first = "[" + ", ".join(f"'{f}'" for f, _ in TEST_NAMES) + "]"
    test_last = "[" + ", ".join(f"'{last}'" for _, last in TEST_NAMES) + "]"
    street_sql = """CASE WHEN {s}.number_first
        THEN {no}::VARCHAR || CASE WHEN {bis} = 1 THEN ' bis' ELSE '' END || ' ' || {s}.street
        ELSE {s}.street || ' ' || {no}::VARCHAR END"""
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _named AS
        SELECT
            c.*,
            CASE WHEN c.is_test THEN {test_first}[1 + c.test_variant % {len(TEST_NAMES)}]
                ELSE f.name END AS first_name,
            CASE WHEN c.is_test THEN '' ELSE f.nickname END AS first_nickname,
            CASE WHEN c.is_test THEN '' ELSE f.accented END AS first_accented,
            CASE WHEN c.is_test THEN {test_last}[1 + c.test_variant % {len(TEST_NAMES)}]
                ELSE l.name END AS last_name,
            CASE WHEN c.is_test THEN '' ELSE l.accented END AS last_accented,
            regexp_replace(lower(strip_accents(f.name)), '[^a-z-]', '', 'g') AS fn,
            regexp_replace(lower(strip_accents(l.name)), '[^a-z]', '', 'g') AS ln,
            k.country_code, k.calling_code, k.trunk_prefix,
            pc.postcode, pc.city, opc.postcode AS old_postcode, opc.city AS old_city,
            {street_sql.format(s="st", no="c.street_no", bis="c.bis")} AS street_address,
            {street_sql.format(s="ost", no="c.old_street_no", bis="c.old_bis")}
                AS old_street_address,
            d.domain, od.domain AS old_domain
        FROM _codes AS c
        JOIN _ref_first AS f ON f.code = c.first_code
        JOIN _ref_last AS l ON l.code = c.last_code
        JOIN _ref_country AS k ON k.code = c.country
        JOIN _ref_postcode AS pc ON pc.code = c.postcode_code
        JOIN _ref_postcode AS opc ON opc.code = c.old_postcode_code
        JOIN _ref_street AS st ON st.code = c.street_code
        JOIN _ref_street AS ost ON ost.code = c.old_street_code
        JOIN _ref_domain AS d ON d.code = c.domain_code
        JOIN _ref_domain AS od ON od.code = c.old_domain_code
    """)
    con.unregister("_codes")
    # Emails must be unique per owner (a person, or a household for family addresses): the
    # second owner of a local part gets a number, then any remaining clash the owner's id.
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE _emails AS
        WITH candidates AS (
            SELECT person_id AS owner, 0 AS kind, {_email_local_sql("pattern")} AS local, domain
            FROM _named WHERE NOT is_test
            UNION ALL
            SELECT person_id, 1, {_email_local_sql("old_pattern")}, old_domain
            FROM _named WHERE NOT is_test AND email_changed_us < {np.iinfo(np.int64).max}
            UNION ALL
            SELECT household_id, 2, CASE family_pattern WHEN 0 THEN 'famille.' || ln
                WHEN 1 THEN 'les' || ln ELSE ln || '.famille' END, domain
            FROM _named WHERE family AND person_id = household_id
        ),
        first_pass AS (
            SELECT owner, kind, domain, CASE WHEN row_number() OVER w = 1 THEN local
                ELSE local || (row_number() OVER w)::VARCHAR END AS local
            FROM candidates WINDOW w AS (PARTITION BY local, domain ORDER BY kind, owner)
        )
        SELECT owner, kind, CASE WHEN row_number() OVER w = 1 THEN local
                ELSE local || '.' || owner::VARCHAR || kind::VARCHAR END || '@' || domain AS email
        FROM first_pass WINDOW w AS (PARTITION BY local, domain ORDER BY kind, owner)
    """)
    languages = (
        "CASE country_code "
        + " ".join(
            f"WHEN '{code}' THEN " + _language_case(langs) for code, _, _, langs in ref.COUNTRIES
        )
        + " END"
    )
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE pop AS
        SELECT
            n.person_id, n.household_id, n.is_test, n.first_name, n.first_nickname,
            n.first_accented, n.last_name, n.last_accented, n.birth_date, n.country_code,
            n.calling_code, n.trunk_prefix, {languages} AS language,
            n.street_address, n.postcode, n.city,
            n.old_street_address, n.old_postcode, n.old_city, n.moved_us,
            CASE WHEN n.is_test THEN {test_emails}[1 + n.test_variant % {len(TEST_EMAILS)}]
                WHEN n.uses_family_email THEN fam.email ELSE cur.email END AS email,
            coalesce(old.email, CASE WHEN n.is_test THEN NULL
                WHEN n.uses_family_email THEN fam.email ELSE cur.email END) AS old_email,
            n.email_changed_us,
            nullif(n.mobile, -1) AS mobile_nsn, nullif(n.landline, -1) AS landline_nsn,
            CASE WHEN n.contact_no > 0 THEN 'CRM-' || lpad(n.contact_no::VARCHAR, 7, '0') END
                AS contact_id,
            CASE WHEN n.dup_contact_no > 0 THEN 'CRM-' || lpad(n.dup_contact_no::VARCHAR, 7, '0')
                END AS dup_contact_id,
            CASE WHEN n.card >= 0 THEN '29' || lpad(n.card::VARCHAR, 11, '0') END
                AS loyalty_card_number,
            CASE WHEN n.home_store >= 0 THEN 'S' || lpad((n.home_store + 1)::VARCHAR, 3, '0')
                END AS home_store_id,
            nullif(n.customer_id, 0) AS customer_id
        FROM _named AS n
        LEFT JOIN _emails AS cur ON cur.owner = n.person_id AND cur.kind = 0
        LEFT JOIN _emails AS old ON old.owner = n.person_id AND old.kind = 1
        LEFT JOIN _emails AS fam ON fam.owner = n.household_id AND fam.kind = 2
        ORDER BY n.person_id
    """)
    con.execute("DROP TABLE _named")
    con.execute("DROP TABLE _emails")


def _language_case(langs: tuple[tuple[str, float], ...]) -> str:
    """SQL picking a language from cumulative shares of `language_u`."""
    if len(langs) == 1:
        return f"'{langs[0][0]}'"
    parts, cumulative = [], 0.0
    for code, share in langs[:-1]:
        cumulative += share
        parts.append(f"WHEN language_u < {cumulative} THEN '{code}'")
    return "CASE " + " ".join(parts) + f" ELSE '{langs[-1][0]}' END"


def write_truth_persons(con: duckdb.DuckDBPyConnection) -> None:
    """Persons as they really are: current email, phone in E.164 (mobile, else landline), and
    the household landline in E.164."""
    con.execute("""
        INSERT INTO cdp_truth.persons
        SELECT person_id, household_id, first_name, last_name, email,
            CASE WHEN is_test THEN '0000000000'
                ELSE '+' || calling_code || lpad(coalesce(mobile_nsn, landline_nsn)::VARCHAR, 9,
                    '0') END,
            birth_date, is_test,
            '+' || calling_code || lpad(landline_nsn::VARCHAR, 9, '0')
        FROM pop
    """)

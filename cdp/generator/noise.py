"""How people and systems garble identities: typos, nicknames, accents, case, phone formats.

Randomness is drawn in numpy (one small integer "kind" and one uniform `u` per field and
record, see `draw_kinds`); the garbling itself runs in DuckDB through the temporary macros of
`SQL_MACROS`, so strings are never built row by row in Python. The same `u` drives every
choice inside a macro (which typo, where, which letter), keeping the output deterministic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from cdp.generator.rates import NOISE
from cdp.generator.reference import TEST_EMAILS, TEST_PHONES

# Name noise kinds.
(
    NAME_OK,
    NAME_TYPO,
    NAME_NICKNAME,
    NAME_ACCENT,
    NAME_UPPER,
    NAME_LOWER,
    NAME_SPACES,
    NAME_MISSING,
) = range(8)
# Email noise kinds.
EMAIL_OK, EMAIL_TYPO, EMAIL_CASE, EMAIL_SPACES, EMAIL_NULL, EMAIL_TEST, EMAIL_EMPTY = range(7)
# Phone kinds: formats first, then missing and junk.
(
    PHONE_SPACED,
    PHONE_E164,
    PHONE_NATIONAL,
    PHONE_INTL_TRUNK,
    PHONE_DOTTED,
    PHONE_INTL_SPACED,
    PHONE_DOUBLE_ZERO,
    PHONE_NULL,
    PHONE_TEST,
) = range(9)

# What the kinds are called in rates.py (NoiseRates and each source's mixes).
NAME_KINDS: dict[str, int] = {
    "typo": NAME_TYPO,
    "nickname": NAME_NICKNAME,
    "accents": NAME_ACCENT,
    "upper": NAME_UPPER,
    "lower": NAME_LOWER,
    "spaces": NAME_SPACES,
    "missing": NAME_MISSING,
}
EMAIL_KINDS: dict[str, int] = {
    "typo": EMAIL_TYPO,
    "case": EMAIL_CASE,
    "spaces": EMAIL_SPACES,
    "missing": EMAIL_NULL,
    "test": EMAIL_TEST,
    "empty": EMAIL_EMPTY,
}
PHONE_KINDS: dict[str, int] = {
    "spaced": PHONE_SPACED,
    "e164": PHONE_E164,
    "national": PHONE_NATIONAL,
    "intl_trunk": PHONE_INTL_TRUNK,
    "dotted": PHONE_DOTTED,
    "intl_spaced": PHONE_INTL_SPACED,
    "double_zero": PHONE_DOUBLE_ZERO,
    "missing": PHONE_NULL,
    "test": PHONE_TEST,
}


def coded(kinds: Mapping[str, int], mix: Sequence[tuple[str, float]]) -> dict[int, float]:
    """A (kind name, share) mix of rates.py as {kind code: share}, in the mix's order."""
    unknown = [name for name, _ in mix if name not in kinds]
    if unknown:
        raise ValueError(f"unknown noise kinds {unknown}: use one of {sorted(kinds)}")
    return {kinds[name]: share for name, share in mix}


# Typical rates, per record and field; sources scale them to their own data-entry quality.
NAME_RATES = coded(NAME_KINDS, NOISE.first_name)
LAST_NAME_RATES = coded(NAME_KINDS, NOISE.last_name)
EMAIL_RATES = coded(EMAIL_KINDS, NOISE.email)
PHONE_FORMATS_TYPED = coded(PHONE_KINDS, NOISE.phone_formats_typed)
PHONE_FORMATS_NORMALISED = coded(PHONE_KINDS, NOISE.phone_formats_normalised)


def draw_kinds(
    rng: np.random.Generator, n: int, rates: Mapping[int, float], scale: float = 1.0
) -> np.ndarray:
    """One kind per row: each key of `rates` with its probability (times `scale`), else 0."""
    codes = np.fromiter(rates.keys(), dtype=np.int8)
    cumulative = np.cumsum(np.fromiter(rates.values(), dtype=np.float64) * scale)
    if cumulative[-1] > 1.0:
        raise ValueError("noise rates add up to more than 1")
    slot = np.searchsorted(cumulative, rng.random(n), side="right")
    return np.where(slot < len(codes), codes[np.minimum(slot, len(codes) - 1)], 0).astype(np.int8)


def draw_formats(rng: np.random.Generator, n: int, mix: Mapping[int, float]) -> np.ndarray:
    """One phone format per row from a mix whose shares add up to 1."""
    codes = np.fromiter(mix.keys(), dtype=np.int8)
    weights = np.fromiter(mix.values(), dtype=np.float64)
    return codes[rng.choice(len(codes), size=n, p=weights / weights.sum())]


def _sql_list(values: tuple[str, ...]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


# DuckDB temporary macros (per connection, never stored in the database file).
SQL_MACROS: tuple[str, ...] = (
    # Deletion, transposition of two adjacent letters, or substitution at position p.
    """CREATE OR REPLACE TEMP MACRO typo_at(s, t, p, c) AS CASE
        WHEN s IS NULL OR length(s) < 3 THEN s
        WHEN t = 0 THEN substr(s, 1, p - 1) || substr(s, p + 1)
        WHEN t = 1 THEN substr(s, 1, p - 1) || substr(s, p + 1, 1) || substr(s, p, 1)
                        || substr(s, p + 2)
        ELSE substr(s, 1, p - 1) || c || substr(s, p + 1)
    END""",
    """CREATE OR REPLACE TEMP MACRO typo(s, u) AS typo_at(
        s,
        floor(u * 3)::INTEGER,
        1 + floor((u * 3 - floor(u * 3)) * (length(s) - 1))::INTEGER,
        chr(97 + (floor(u * 7919)::INTEGER % 26))
    )""",
    # A different accent spelling: drop them if any, else add the known accented variant.
    """CREATE OR REPLACE TEMP MACRO toggle_accents(s, accented) AS CASE
        WHEN strip_accents(s) <> s THEN strip_accents(s)
        ELSE coalesce(nullif(accented, ''), s)
    END""",
    f"""CREATE OR REPLACE TEMP MACRO name_noise(s, nickname, accented, kind, u) AS CASE kind
        WHEN {NAME_TYPO} THEN typo(s, u)
        WHEN {NAME_NICKNAME} THEN coalesce(nullif(nickname, ''), s)
        WHEN {NAME_ACCENT} THEN toggle_accents(s, accented)
        WHEN {NAME_UPPER} THEN upper(s)
        WHEN {NAME_LOWER} THEN lower(s)
        WHEN {NAME_SPACES} THEN CASE WHEN u < 0.5 THEN ' ' || s || '  ' ELSE s || ' ' END
        WHEN {NAME_MISSING} THEN CASE WHEN u < 0.5 THEN NULL ELSE '' END
        ELSE s
    END""",
    f"""CREATE OR REPLACE TEMP MACRO email_noise(e, kind, u) AS CASE
        WHEN e IS NULL THEN NULL
        WHEN kind = {EMAIL_TYPO} THEN typo(split_part(e, '@', 1), u) || '@' || split_part(e, '@', 2)
        WHEN kind = {EMAIL_CASE} THEN CASE
            WHEN u < 0.5 THEN upper(substr(e, 1, 1)) || substr(e, 2)
            WHEN u < 0.85 THEN upper(substr(e, 1, 1)) || substr(split_part(e, '@', 1), 2) || '@'
                || upper(substr(split_part(e, '@', 2), 1, 1)) || substr(split_part(e, '@', 2), 2)
            ELSE upper(e) END
        WHEN kind = {EMAIL_SPACES} THEN CASE WHEN u < 0.5 THEN ' ' || e ELSE e || '  ' END
        WHEN kind = {EMAIL_NULL} THEN NULL
        WHEN kind = {EMAIL_TEST}
            THEN {_sql_list(TEST_EMAILS)}[1 + floor(u * {len(TEST_EMAILS)})::INTEGER]
        WHEN kind = {EMAIL_EMPTY} THEN ''
        ELSE e
    END""",
    # The digits of s in groups 1-2-2-2-2 joined by sep (06 12 34 56 78 without its trunk 0).
    """CREATE OR REPLACE TEMP MACRO phone_groups(s, sep) AS substr(s, 1, 1) || sep
        || substr(s, 2, 2) || sep || substr(s, 4, 2) || sep || substr(s, 6, 2) || sep
        || substr(s, 8, 2)""",
    # s: the 9-digit national significant number as text (an Italian landline begins with its
    # own 0), cc: the calling code, t: the trunk prefix, '' where the country has none.
    f"""CREATE OR REPLACE TEMP MACRO phone_format(cc, t, s, kind, u) AS CASE kind
        WHEN {PHONE_SPACED} THEN t || phone_groups(s, ' ')
        WHEN {PHONE_E164} THEN '+' || cc || s
        WHEN {PHONE_NATIONAL} THEN t || s
        WHEN {PHONE_INTL_TRUNK} THEN CASE
            WHEN t <> '' THEN '+' || cc || ' (' || t || ')' || phone_groups(s, ' ')
            WHEN s LIKE '0%' THEN '+' || cc || ' (0)' || phone_groups(substr(s, 2), ' ')
            ELSE '+' || cc || ' ' || phone_groups(s, ' ') END
        WHEN {PHONE_DOTTED} THEN t || phone_groups(s, '.')
        WHEN {PHONE_INTL_SPACED} THEN '+' || cc || ' ' || phone_groups(s, ' ')
        WHEN {PHONE_DOUBLE_ZERO} THEN '00' || cc || s
        WHEN {PHONE_TEST} THEN {_sql_list(TEST_PHONES)}[1 + floor(u * {len(TEST_PHONES)})::INTEGER]
        ELSE NULL
    END""",
    """CREATE OR REPLACE TEMP MACRO phone_noise(cc, t, nsn, kind, u) AS CASE
        WHEN nsn IS NULL THEN NULL
        ELSE phone_format(cc, t, lpad(nsn::VARCHAR, 9, '0'), kind, u)
    END""",
    # A UUID from the two uint64 halves drawn by world.uuid_parts.
    """CREATE OR REPLACE TEMP MACRO uuid_of(hi, lo) AS
        ((hi::UHUGEINT << 64) | lo::UHUGEINT)::UUID""",
    # Amount in cents as '123.45'.
    """CREATE OR REPLACE TEMP MACRO cents_text(c) AS
        (c // 100)::VARCHAR || '.' || lpad((c % 100)::VARCHAR, 2, '0')""",
    """CREATE OR REPLACE TEMP MACRO cents_decimal(c) AS (c::DOUBLE / 100)::DECIMAL(12, 2)""",
    """CREATE OR REPLACE TEMP MACRO ts(us) AS make_timestamp(us)""",
)

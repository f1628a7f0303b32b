"""Shared state and small vectorised helpers the source generators build on."""

from __future__ import annotations

import calendar
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import duckdb
import numpy as np

from cdp.generator import reference as ref
from cdp.generator.airbyte import DAY, YEAR, RawWriter, SyncClock
from cdp.generator.ids import uuid_parts
from cdp.generator.noise import PHONE_DOTTED, PHONE_INTL_SPACED, PHONE_NATIONAL, PHONE_SPACED
from cdp.generator.persons import Population
from cdp.generator.rates import AIRBYTE

if TYPE_CHECKING:
    from cdp.generator.sources.cookies import Cookies


def source_rng(seed: int, name: str, chunk: int = 0) -> np.random.Generator:
    """An independent, reproducible random stream per (seed, source, chunk)."""
    return np.random.default_rng([seed, zlib.crc32(name.encode()), chunk])


@dataclass
class World:
    """Everything a source needs: the connection, the writer, the clock and the persons."""

    con: duckdb.DuckDBPyConnection
    writer: RawWriter
    clock: SyncClock
    population: Population
    seed: int
    # Global id counters (order ids, event numbers...) advanced chunk after chunk.
    counters: dict[str, int] = field(default_factory=dict)
    # Catalogue facts drawn once and referenced by every chunk.
    product_price_cents: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    product_weights: np.ndarray = field(default_factory=lambda: np.zeros(0))
    campaign_scheduled_us: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    campaign_is_email: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    # The current chunk's known cookies (web writes them, email/SMS clicks land on them).
    chunk_cookies: Cookies | None = None

    def rng(self, name: str, chunk: int = 0) -> np.random.Generator:
        return source_rng(self.seed, name, chunk)

    def new_uuids(self, name: str, count: int, column: str) -> dict[str, np.ndarray]:
        """Frame columns {column}_hi/_lo of `count` new UUIDs (SQL: uuid_of(hi, lo))."""
        hi, lo = uuid_parts(self.seed, name, self.take_ids(name, count))
        return {f"{column}_hi": hi, f"{column}_lo": lo}

    def take_ids(self, name: str, count: int, first: int = 1) -> np.ndarray:
        """The next `count` ids of a global sequence (starting at `first`)."""
        start = self.counters.get(name, first)
        self.counters[name] = start + count
        return np.arange(start, start + count, dtype=np.int64)


@dataclass(frozen=True)
class Chunk:
    """A contiguous range of persons generated together (sources only use per-person facts,
    so a household split over two chunks is fine)."""

    number: int
    people: Population  # the slice; people.person_id holds the global ids

    def __len__(self) -> int:
        return len(self.people)


# -- vectorised helpers -------------------------------------------------------------------------


def expand(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For parents with `counts` children: each child's parent index and rank (0-based)."""
    counts = np.asarray(counts, dtype=np.int64)
    parent = np.repeat(np.arange(len(counts)), counts)
    starts = np.cumsum(counts) - counts
    return parent, np.arange(len(parent)) - starts[parent]


def draw(rng: np.random.Generator, options: Sequence[tuple[object, float]], n: int) -> np.ndarray:
    """Indices into `options` ((value, weight) pairs) drawn by weight."""
    weights = np.array([w for _, w in options], dtype=np.float64)
    return rng.choice(len(options), size=n, p=weights / weights.sum())


def counts_from(
    rng: np.random.Generator, probabilities: Sequence[float], n: int, start: int = 1
) -> np.ndarray:
    """Counts start, start+1, ... drawn with the given probabilities."""
    p = np.asarray(probabilities, dtype=np.float64)
    return start + rng.choice(len(p), size=n, p=p / p.sum())


def version_times(
    rng: np.random.Generator,
    clock: SyncClock,
    created_us: np.ndarray,
    extra_versions: np.ndarray,
    forced_us: Sequence[np.ndarray] = (),
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Append-mode history: per record its creation plus later updates, in time order.

    created_us: creation time per record (version 1).
    extra_versions: number of random later updates per record.
    forced_us: per-record event times (a move, a changed email...) that cause an update a few
        days later when they fall between creation and the end of the window (else ignored).
    Returns (record index, version number from 1, updated_at) sorted by record then time.
    """
    n = len(created_us)
    parents = [np.arange(n)]
    times = [created_us]
    parent, _ = expand(extra_versions)
    lo = np.maximum(created_us[parent], clock.start_us) + 3600 * 1_000_000
    parents.append(parent)
    times.append(clock.uniform(rng, len(parent), lo, clock.end_us))
    for event_us in forced_us:
        hit = np.flatnonzero((event_us > created_us) & (event_us < clock.end_us))
        delay = (rng.exponential(3.0, len(hit)) * DAY).astype(np.int64)
        parents.append(hit)
        times.append(np.minimum(event_us[hit] + delay, clock.end_us))
    record = np.concatenate(parents)
    updated = np.concatenate(times)
    order = np.lexsort((updated, record))
    record, updated = record[order], updated[order]
    _, rank = expand(np.bincount(record, minlength=n))
    return record, rank + 1, updated


def last_of_group(group: np.ndarray) -> np.ndarray:
    """True on the last row of each run of equal values in a sorted array."""
    last = np.ones(len(group), dtype=bool)
    last[:-1] = group[1:] != group[:-1]
    return last


def _year_start_us(year: int) -> int:
    """Microseconds since the epoch at the start of a year (UTC)."""
    return calendar.timegm((year, 1, 1, 0, 0, 0)) * 1_000_000


def impossible_times(
    rng: np.random.Generator, ts_us: np.ndarray, rate: float = AIRBYTE.impossible_timestamps
) -> np.ndarray:
    """Corrupt a small share of timestamps: a far-future year, days ahead, the epoch or a
    last-century year (AirbyteRates.impossible_*)."""
    n = len(ts_us)
    hit = rng.random(n) < rate
    kind = rng.random(n)
    future_year, epoch_year, last_century_year = AIRBYTE.impossible_years
    far_future = _year_start_us(future_year) + (rng.random(n) * YEAR).astype(np.int64)
    soon = ts_us + (
        (AIRBYTE.impossible_ahead_min_days + rng.random(n) * AIRBYTE.impossible_ahead_span_days)
        * DAY
    ).astype(np.int64)
    epoch = np.full(n, _year_start_us(epoch_year), dtype=np.int64)
    last_century = _year_start_us(last_century_year) + (rng.random(n) * YEAR).astype(np.int64)
    to_future, to_ahead, to_epoch = AIRBYTE.impossible_kind_cutoffs
    corrupt = np.select(
        [kind < to_future, kind < to_ahead, kind < to_epoch],
        [far_future, soon, epoch],
        last_century,
    )
    return np.where(hit, corrupt, ts_us)


def sql_list(values: Sequence[str]) -> str:
    """A DuckDB list literal of strings."""
    return "[" + ", ".join("'" + str(v).replace("'", "''") + "'" for v in values) + "]"


def sql_pick(values: Sequence[str], index_sql: str) -> str:
    """values[index] in SQL, with a 0-based index expression."""
    return f"{sql_list(values)}[({index_sql}) + 1]"


def email_at(ts_sql: str) -> str:
    """The person's email at a time (their old one before they changed it)."""
    return f"CASE WHEN {ts_sql} < p.email_changed_us THEN p.old_email ELSE p.email END"


def address_at(ts_sql: str, column: str) -> str:
    """street_address, postcode or city of the person's home at a time (moves)."""
    return f"CASE WHEN {ts_sql} < p.moved_us THEN p.old_{column} ELSE p.{column} END"


def noisy_names(prefix: str = "") -> tuple[str, str]:
    """(first, last) name SQL from frame columns {prefix}swap, fn_kind, fn_u, ln_kind, ln_u."""
    swap = f"f.{prefix}swap"
    first = (
        f"name_noise(CASE WHEN {swap} THEN p.last_name ELSE p.first_name END, "
        f"CASE WHEN {swap} THEN '' ELSE p.first_nickname END, "
        f"CASE WHEN {swap} THEN p.last_accented ELSE p.first_accented END, "
        f"f.{prefix}fn_kind, f.{prefix}fn_u)"
    )
    last = (
        f"name_noise(CASE WHEN {swap} THEN p.first_name ELSE p.last_name END, '', "
        f"CASE WHEN {swap} THEN p.first_accented ELSE p.last_accented END, "
        f"f.{prefix}ln_kind, f.{prefix}ln_u)"
    )
    return first, last


def phone_sql(source_sql: str, kind_sql: str, u_sql: str, has_country_sql: str = "TRUE") -> str:
    """A phone in some format: source 1 mobile, 2 landline, else NULL. A record that carries
    no country (`has_country_sql` false) gets a foreign number in an international form:
    national digits alone would be read as the default country's."""
    nsn = (
        f"CASE {source_sql} WHEN 1 THEN p.mobile_nsn WHEN 2 THEN "
        f"coalesce(p.landline_nsn, p.mobile_nsn) END"
    )
    if has_country_sql != "TRUE":
        national = ", ".join(str(k) for k in (PHONE_SPACED, PHONE_NATIONAL, PHONE_DOTTED))
        kind_sql = (
            f"CASE WHEN NOT ({has_country_sql}) AND p.country_code <> '{ref.COUNTRIES[0][0]}' "
            f"AND {kind_sql} IN ({national}) THEN {PHONE_INTL_SPACED} ELSE {kind_sql} END"
        )
    return f"phone_noise(p.calling_code, p.trunk_prefix, {nsn}, {kind_sql}, {u_sql})"

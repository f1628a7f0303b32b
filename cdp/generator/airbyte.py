"""What Airbyte adds to every row: syncs, extraction times, re-extracted duplicates, `_airbyte_*`.

Sources hand `RawWriter.write` a frame of numpy columns (ids, codes, times in microseconds) and
one SQL expression per contract column; the writer draws the Airbyte-level mess, formats the
rows inside DuckDB and inserts them with the contract types. It also records which person each
record belongs to in `cdp_truth.record_persons`.
"""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

import duckdb
import numpy as np
import pyarrow as pa

from cdp.generator.ids import uuid_parts
from cdp.generator.rates import AIRBYTE
from cdp.raw_schema import (
    FULL_REFRESH_OVERWRITE,
    RAW_TABLES,
    TRUTH_SCHEMA,
    TRUTH_TABLES,
    RawTable,
)

SECOND = 1_000_000
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE
DAY = 24 * HOUR
YEAR = 365 * DAY

HISTORY_DAYS = AIRBYTE.history_days
LAST_SYNC_BEFORE_AS_OF = AIRBYTE.last_sync_before_as_of_minutes * MINUTE
SYNC_DURATION = AIRBYTE.sync_duration_minutes * MINUTE

# Shares of rows with an `_airbyte_meta` change.
META_FIELD_RATE = AIRBYTE.meta_field
META_KEY_RATE = AIRBYTE.meta_key
TRUNCATED_SHARE = AIRBYTE.truncated
TRUNCATABLE = frozenset(
    {
        "street_address",
        "user_agent",
        "query_string",
        "referrer",
        "clicked_url",
        "subject",
        "title",
        "requester_name",
    }
)
TRUNCATED_LENGTH = AIRBYTE.truncated_length


def to_us(moment: datetime) -> int:
    """Microseconds since the epoch of a tz-aware datetime (naive ones are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    delta = moment.astimezone(UTC) - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86_400 + delta.seconds) * SECOND + delta.microseconds


@dataclass(frozen=True)
class SyncClock:
    """Daily syncs ending shortly before as_of; sync k (0-based) has sync_id k + 1."""

    as_of_us: int
    n_syncs: int = HISTORY_DAYS + 1

    @property
    def last_sync_us(self) -> int:
        return self.as_of_us - LAST_SYNC_BEFORE_AS_OF

    @property
    def first_sync_us(self) -> int:
        return self.last_sync_us - (self.n_syncs - 1) * DAY

    @property
    def start_us(self) -> int:
        """Start of the simulated activity window (the first, full, sync)."""
        return self.first_sync_us

    @property
    def end_us(self) -> int:
        """Latest moment activity may happen: the last sync must have seen it."""
        return self.last_sync_us - MINUTE

    def clip(self, ts_us: np.ndarray) -> np.ndarray:
        return np.minimum(ts_us, self.end_us)

    def uniform(
        self,
        rng: np.random.Generator,
        n: int,
        start_us: np.ndarray | int | None = None,
        end_us: np.ndarray | int | None = None,
    ) -> np.ndarray:
        """Times uniform in [start, end] (defaults: the activity window)."""
        start = self.start_us if start_us is None else start_us
        end = self.end_us if end_us is None else end_us
        span = np.maximum(np.asarray(end) - np.asarray(start), 0)
        return (np.asarray(start) + (rng.random(n) * span).astype(np.int64)).astype(np.int64)

    def sync_index(self, ts_us: np.ndarray) -> np.ndarray:
        """First sync at or after each time (the initial sync for anything older)."""
        k = -(-(ts_us - self.first_sync_us) // DAY)  # ceiling division
        return np.clip(k, 0, self.n_syncs - 1)

    def sync_start_us(self, k: np.ndarray) -> np.ndarray:
        return self.first_sync_us + k.astype(np.int64) * DAY


@dataclass
class WriteStats:
    rows: dict[str, int] = field(default_factory=dict)
    truth_rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # time spent in write() per table


def _ddl_columns(columns: tuple[tuple[str, str], ...]) -> str:
    return ", ".join(f'"{name}" {sql_type}' for name, sql_type in columns)


class RawWriter:
    """Creates the raw and truth tables and appends frames to them with the Airbyte columns."""

    def __init__(self, con: duckdb.DuckDBPyConnection, seed: int, clock: SyncClock) -> None:
        self.con = con
        self.seed = seed
        self.clock = clock
        self.stats = WriteStats()

    def create_tables(self) -> None:
        """Drop and recreate every raw schema and the truth schema, empty, with contract types."""
        schemas = sorted({t.schema for t in RAW_TABLES} | {TRUTH_SCHEMA})
        for schema in schemas:
            self.con.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            self.con.execute(f"CREATE SCHEMA {schema}")
        for table in RAW_TABLES:
            self.con.execute(
                f"CREATE TABLE {table.qualified_name} ({_ddl_columns(table.all_columns)})"
            )
            self.stats.rows[table.qualified_name] = 0
            self.stats.seconds[table.qualified_name] = 0.0
        for name, columns in TRUTH_TABLES.items():
            self.con.execute(f"CREATE TABLE {TRUTH_SCHEMA}.{name} ({_ddl_columns(columns)})")
            self.stats.truth_rows[f"{TRUTH_SCHEMA}.{name}"] = 0

    def write(
        self,
        table: RawTable,
        frame: Mapping[str, np.ndarray],
        exprs: Mapping[str, str],
        *,
        rng: np.random.Generator,
        available_us: np.ndarray,
        join_persons: bool = False,
        dup_rate: float = AIRBYTE.duplicate,
        late_rate: float = 0.0,
        truth_key: str | None = None,
        truth_where: str = "TRUE",
        versions_of: np.ndarray | None = None,
    ) -> int:
        """Append one frame to `table`; returns the number of raw rows written.

        frame: equal-length numpy columns, referenced as `f.<name>` in `exprs`; it needs a
            `person_id` column when `join_persons` (persons' attributes are `p.<name>`) or
            `truth_key` is set.
        exprs: one SQL expression per typed column of the contract, in any order.
        available_us: when each row could first be extracted (its cursor or event time).
        late_rate: share of rows extracted some days later than they could have been
            (AirbyteRates.late_min_days to late_max_days).
        truth_key: SQL text of the record's primary key, to map it to its person in
            `cdp_truth.record_persons` (rows where Airbyte nulled the key are left out).
        versions_of: for append-mode history, the record each row is a version of (rows
            sorted by record, then cursor). A version replaced before the next sync ran was
            never extracted, so it is dropped; truth keeps one row per key.

        A full-refresh (overwrite) table holds only the last sync's copy of every record (its
        latest version), extracted by that sync, in the generation Airbyte started for it; it
        has no late rows or re-extracted duplicates.
        """
        missing = [c for c, _ in table.columns if c not in exprs]
        if missing:
            raise ValueError(f"{table.qualified_name}: no expression for {missing}")
        started = time.perf_counter()
        full_refresh = table.sync_mode == FULL_REFRESH_OVERWRITE
        available_us = np.asarray(available_us, dtype=np.int64)
        sync = self.clock.sync_index(available_us)
        if full_refresh:
            sync = np.full(len(sync), self.clock.n_syncs - 1)
            late_rate, dup_rate = 0.0, 0.0
        if versions_of is not None and len(sync) > 1:
            superseded = np.zeros(len(sync), dtype=bool)
            superseded[:-1] = (versions_of[1:] == versions_of[:-1]) & (sync[1:] == sync[:-1])
            kept = np.flatnonzero(~superseded)
            frame = {name: np.asarray(values)[kept] for name, values in frame.items()}
            sync, versions_of = sync[kept], versions_of[kept]
        n = len(sync)
        if n == 0:
            return 0
        late = rng.random(n) < late_rate
        sync = np.where(
            late,
            np.minimum(
                sync + rng.integers(AIRBYTE.late_min_days, AIRBYTE.late_max_days + 1, n),
                self.clock.n_syncs - 1,
            ),
            sync,
        )
        meta = self._draw_meta(table, rng, n)
        # Truth: one row per record, from an original row whose key Airbyte kept.
        truth_rows = np.flatnonzero(meta != self._key_code(table))
        if versions_of is not None:
            _, first = np.unique(versions_of[truth_rows], return_index=True)
            truth_rows = truth_rows[first]

        # Re-extracted exact duplicates: the same values again in a later sync.
        dup_idx = np.flatnonzero((rng.random(n) < dup_rate) & (sync < self.clock.n_syncs - 1))
        idx = np.concatenate([np.arange(n), dup_idx])
        dup_sync = np.minimum(
            sync[dup_idx] + rng.geometric(AIRBYTE.duplicate_delay_p, len(dup_idx)),
            self.clock.n_syncs - 1,
        )
        sync_all = np.concatenate([sync, dup_sync])
        total = len(idx)
        extracted = self.clock.sync_start_us(sync_all) + rng.integers(0, SYNC_DURATION, total)

        columns = {name: np.asarray(values)[idx] for name, values in frame.items()}
        first_rn = self.stats.rows[table.qualified_name]
        raw_hi, raw_lo = uuid_parts(
            self.seed, table.qualified_name, np.arange(first_rn, first_rn + total)
        )
        columns |= {
            "_raw_hi": raw_hi,
            "_raw_lo": raw_lo,
            "_sync": sync_all + 1,
            "_extracted": pa.array(extracted, type=pa.timestamp("us", tz="UTC")),
            "_meta": meta[idx],
            "_truth": np.zeros(total, dtype=bool),
        }
        columns["_truth"][truth_rows] = True  # copies come after the n originals
        self.con.register("_frame", pa.table(columns))
        try:
            persons = None
            if join_persons:
                ids = columns["person_id"]
                persons = (int(ids.min()), int(ids.max()))
            # Overwrite syncs start a new generation each day; append streams keep the first.
            generation = self.clock.n_syncs if full_refresh else 1
            self.con.execute(self._insert_sql(table, exprs, persons, generation))
            if truth_key is not None:
                self.con.execute(
                    f"INSERT INTO {TRUTH_SCHEMA}.record_persons "
                    f"SELECT '{table.qualified_name}', {truth_key}, f.person_id "
                    f"FROM _frame AS f WHERE f._truth AND ({truth_where})"
                )
        finally:
            self.con.unregister("_frame")
        self.stats.rows[table.qualified_name] += total
        self.stats.seconds[table.qualified_name] += time.perf_counter() - started
        return total

    def write_truth(self, name: str, sql: str) -> None:
        """Insert the result of `sql` into a truth table (columns in contract order)."""
        self.con.execute(f"INSERT INTO {TRUTH_SCHEMA}.{name} {sql}")

    def count_truth(self) -> None:
        for name in TRUTH_TABLES:
            qualified = f"{TRUTH_SCHEMA}.{name}"
            row = self.con.execute(f"SELECT count(*) FROM {qualified}").fetchone()
            self.stats.truth_rows[qualified] = int(row[0]) if row else 0

    # -- internals ------------------------------------------------------------------------------

    @staticmethod
    def _key_code(table: RawTable) -> int:
        """Meta code of a NULLED primary key: the 1-based position of its first column."""
        names = [c for c, _ in table.columns]
        return names.index(table.primary_key[0]) + 1

    def _draw_meta(self, table: RawTable, rng: np.random.Generator, n: int) -> np.ndarray:
        """Per row: 0, or the 1-based column NULLED, or 1000 + column TRUNCATED."""
        names = [c for c, _ in table.columns]
        eligible = np.array([i + 1 for i, c in enumerate(names) if c not in table.primary_key])
        truncatable = np.isin(eligible, [i + 1 for i, c in enumerate(names) if c in TRUNCATABLE])
        u = rng.random(n)
        pick = rng.integers(0, len(eligible), n)
        field_code = np.where(
            truncatable[pick] & (rng.random(n) < TRUNCATED_SHARE),
            1000 + eligible[pick],
            eligible[pick],
        )
        meta = np.zeros(n, dtype=np.int32)
        meta[u < META_KEY_RATE + META_FIELD_RATE] = field_code[u < META_KEY_RATE + META_FIELD_RATE]
        meta[u < META_KEY_RATE] = self._key_code(table)
        return meta

    def _insert_sql(
        self,
        table: RawTable,
        exprs: Mapping[str, str],
        persons: tuple[int, int] | None,
        generation: int,
    ) -> str:
        """The INSERT ... SELECT; `persons` is the person id range to join `pop` on, if any."""
        key_code = self._key_code(table)
        selects: list[str] = []
        changes: list[str] = []
        for position, (name, sql_type) in enumerate(table.columns, start=1):
            expr = exprs[name]
            if name in TRUNCATABLE:
                value = (
                    f"CASE f._meta WHEN {position} THEN NULL "
                    f"WHEN {1000 + position} THEN left(({expr}), {TRUNCATED_LENGTH}) "
                    f"ELSE ({expr}) END"
                )
                changes.append(
                    self._change(
                        1000 + position, name, "TRUNCATED", "DESTINATION_FIELD_SIZE_LIMITATION"
                    )
                )
            else:
                value = f"CASE WHEN f._meta = {position} THEN NULL ELSE ({expr}) END"
            if position == key_code or name not in table.primary_key:
                reason = (
                    "SOURCE_SERIALIZATION_ERROR"
                    if sql_type == "VARCHAR"
                    else "DESTINATION_TYPECAST_ERROR"
                )
                changes.append(self._change(position, name, "NULLED", reason))
            selects.append(f'CAST({value} AS {sql_type}) AS "{name}"')
        meta_changes = "CASE f._meta " + " ".join(changes) + " ELSE '[]' END"
        selects += [
            "uuid_of(f._raw_hi, f._raw_lo)",
            "f._extracted",
            f"""('{{"sync_id":' || f._sync::VARCHAR || ',"changes":' || {meta_changes}
                || '}}')::JSON""",
            f"{generation}::BIGINT",
        ]
        join = ""
        if persons is not None:
            # The range lets DuckDB skip the rest of `pop` (sorted by person_id) at each chunk.
            join = (
                f"LEFT JOIN (SELECT * FROM pop WHERE person_id BETWEEN {persons[0]} AND "
                f"{persons[1]}) AS p ON p.person_id = f.person_id"
            )
        return (
            f"INSERT INTO {table.qualified_name} SELECT {', '.join(selects)} "
            f"FROM _frame AS f {join}"
        )

    @staticmethod
    def _change(code: int, name: str, change: str, reason: str) -> str:
        payload = json.dumps(
            [{"field": name, "change": change, "reason": reason}], separators=(",", ":")
        )
        return f"WHEN {code} THEN '{payload}'"

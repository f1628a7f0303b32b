"""`generate()`: build the simulated world and write it into a DuckDB file."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from cdp.generator import noise
from cdp.generator.airbyte import RawWriter, SyncClock, to_us
from cdp.generator.persons import build_population, write_truth_persons
from cdp.generator.rates import ANONYMOUS_VISITORS_PER_PROFILE
from cdp.generator.sources import billing, crm, esp, pos, shop, support, web
from cdp.generator.world import Chunk, World, source_rng

CHUNK_SIZE = 100_000  # persons per chunk: fixed, so output does not depend on the machine
DUCKDB_MEMORY_LIMIT = "3GB"

ProgressCallback = Callable[[str, int, int], None]

CHUNK_SOURCES: tuple[tuple[str, Callable[[World, Chunk], None]], ...] = (
    ("crm", crm.generate),
    ("shop", shop.generate),
    ("pos", pos.generate),
    ("web", web.generate),
    ("esp", esp.generate),
    ("support", support.generate),
    ("billing", billing.generate),
)


@dataclass
class GenerationReport:
    profiles: int
    seed: int
    rows_per_table: dict[str, int]  # raw tables only, e.g. "raw_crm.contacts"
    seconds: float
    truth_rows_per_table: dict[str, int] = field(default_factory=dict)  # "cdp_truth.persons"...
    seconds_per_table: dict[str, float] = field(default_factory=dict)  # formatting + insert
    as_of: datetime | None = None

    @property
    def total_rows(self) -> int:
        return sum(self.rows_per_table.values())


def default_as_of() -> datetime:
    """Now, in UTC, rounded down to the minute."""
    return datetime.now(UTC).replace(second=0, microsecond=0)


def generate(
    database_path: str | Path,
    profiles: int,
    seed: int = 42,
    as_of: datetime | None = None,
    progress: ProgressCallback | None = None,
) -> GenerationReport:
    """(Re)create the raw schemas and `cdp_truth` in `database_path` for `profiles` persons.

    Deterministic for a given (profiles, seed, as_of). `as_of` is a tz-aware UTC datetime
    (naive ones are read as UTC); activity spans the two years before it and the last daily
    Airbyte sync happens 25 minutes before it.
    """
    if profiles < 1:
        raise ValueError("profiles must be at least 1")
    if seed < 0:
        raise ValueError("seed must be a non-negative integer")
    started = time.perf_counter()
    as_of = default_as_of() if as_of is None else as_of
    if as_of.tzinfo is None:
        as_of = as_of.replace(tzinfo=UTC)
    n_chunks = -(-profiles // CHUNK_SIZE)
    n_anonymous = round(profiles * ANONYMOUS_VISITORS_PER_PROFILE)
    n_anonymous_chunks = -(-n_anonymous // CHUNK_SIZE)
    total_steps = 5 + n_chunks * len(CHUNK_SOURCES) + n_anonymous_chunks + 1
    done = 0

    def step(name: str) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(name, done, total_steps)

    path = Path(database_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        con.execute("SET TimeZone = 'UTC'")
        con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
        con.execute("SET enable_progress_bar = false")
        for macro in noise.SQL_MACROS:
            con.execute(macro)
        clock = SyncClock(to_us(as_of))
        writer = RawWriter(con, seed, clock)
        writer.create_tables()
        step("tables")

        population = build_population(con, source_rng(seed, "persons"), profiles, clock)
        world = World(con=con, writer=writer, clock=clock, population=population, seed=seed)
        write_truth_persons(con)
        step("persons")
        shop.generate_products(world)
        step("products")
        pos.generate_stores(world)
        step("stores")
        esp.generate_campaigns(world)
        step("campaigns")

        for number in range(n_chunks):
            lo, hi = number * CHUNK_SIZE, min((number + 1) * CHUNK_SIZE, profiles)
            chunk = Chunk(number=number, people=world.population.slice(lo, hi))
            for name, generate_source in CHUNK_SOURCES:
                generate_source(world, chunk)
                step(name)

        for number in range(n_anonymous_chunks):
            lo = number * CHUNK_SIZE
            count = min(CHUNK_SIZE, n_anonymous - lo)
            web.generate_anonymous(world, number, profiles + lo + 1, count)
            step("anonymous visitors")

        writer.count_truth()
        con.execute("DROP TABLE IF EXISTS pop")
        con.execute("CHECKPOINT")
        step("checkpoint")
    finally:
        con.close()
    return GenerationReport(
        profiles=profiles,
        seed=seed,
        rows_per_table=dict(writer.stats.rows),
        seconds=time.perf_counter() - started,
        truth_rows_per_table=dict(writer.stats.truth_rows),
        seconds_per_table=dict(writer.stats.seconds),
        as_of=as_of,
    )

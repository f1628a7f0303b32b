"""Deterministic ids: unique-per-number UUIDs built in numpy, cheaper than md5 in SQL."""

from __future__ import annotations

import zlib

import numpy as np

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def _mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: a bijection of uint64 that scatters consecutive numbers."""
    z = x.astype(np.uint64) + _GOLDEN
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def uuid_parts(seed: int, namespace: str, numbers: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two uint64 halves of a deterministic, unique-per-number UUID (see the uuid_of macro).

    Cheaper than md5 in SQL and stable across DuckDB versions.
    """
    key = (seed * 0x100000000 + zlib.crc32(namespace.encode())) % 2**64
    base = _mix64(np.array([key], dtype=np.uint64))[0]
    hi = _mix64(np.asarray(numbers).astype(np.uint64) + base)
    lo = _mix64(hi ^ np.uint64(0x5851F42D4C957F2D))
    # Version 4 / variant 1 bits, so the ids look like the random UUIDs trackers use.
    hi = (hi & np.uint64(0xFFFFFFFFFFFF0FFF)) | np.uint64(0x4000)
    lo = (lo & np.uint64(0x3FFFFFFFFFFFFFFF)) | np.uint64(0x8000000000000000)
    return hi, lo

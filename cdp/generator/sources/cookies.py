"""Cookies and devices shared by the web tracking and the ad platforms."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from cdp.generator.ids import uuid_parts
from cdp.generator.sources.pos import store_id_sql
from cdp.generator.world import World


@dataclass
class Cookies:
    """One entry per cookie; `person_row` is the person's row in the chunk (-1: anonymous)."""

    person_id: np.ndarray
    person_row: np.ndarray
    cookie_no: np.ndarray
    device_no: np.ndarray
    tablet_store: np.ndarray  # -1 unless the cookie lives on a shared store tablet
    tablet_no: np.ndarray
    user_agent: np.ndarray
    start_us: np.ndarray
    end_us: np.ndarray  # end of the cookie's life, may be after the window

    def __len__(self) -> int:
        return len(self.cookie_no)

    def columns(self, world: World, rows: np.ndarray) -> dict[str, np.ndarray]:
        """Frame columns identifying the cookie and device of each row (see the *_sql)."""
        cookie_hi, cookie_lo = uuid_parts(world.seed, "cookie", self.cookie_no[rows])
        device_hi, device_lo = uuid_parts(world.seed, "device", self.device_no[rows])
        return {
            "person_id": self.person_id[rows],
            "cookie_hi": cookie_hi,
            "cookie_lo": cookie_lo,
            "device_hi": device_hi,
            "device_lo": device_lo,
            "tablet_store": self.tablet_store[rows],
            "tablet_no": self.tablet_no[rows],
        }

    @staticmethod
    def concat(parts: list[Cookies]) -> Cookies:
        return Cookies(
            **{
                name: np.concatenate([getattr(p, name) for p in parts])
                for name in Cookies.__dataclass_fields__
            }
        )


COOKIE_ID_SQL = "uuid_of(f.cookie_hi, f.cookie_lo)::VARCHAR"
# Personal devices carry an advertising-id-like upper-case UUID; store tablets a readable name.
DEVICE_ID_SQL = (
    f"CASE WHEN f.tablet_store >= 0 THEN 'STORE-TABLET-' || "
    f"{store_id_sql('f.tablet_store')} || '-' || f.tablet_no::VARCHAR "
    f"ELSE upper(uuid_of(f.device_hi, f.device_lo)::VARCHAR) END"
)

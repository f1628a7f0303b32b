"""raw_ads.exposures: ad platforms' daily reports of impressions per cookie and campaign."""

from __future__ import annotations

import numpy as np

from cdp.generator import reference as ref
from cdp.generator.airbyte import DAY, HOUR
from cdp.generator.rates import ADS, AIRBYTE
from cdp.generator.sources.cookies import COOKIE_ID_SQL, Cookies
from cdp.generator.world import World, expand, sql_pick
from cdp.raw_schema import raw_table

EXPOSURES = raw_table("raw_ads.exposures")
PLATFORMS = ("meta", "google", "criteo")
PLATFORM_PREFIX = {"meta": "fb", "google": "gads", "criteo": "crt"}


def generate(
    world: World, rng: np.random.Generator, cookies: Cookies, ads_consent: np.ndarray
) -> None:
    """Only cookies that accepted ads are tracked: Poisson rows over the cookie life."""
    counts = np.where(ads_consent, rng.poisson(ADS.exposures_per_cookie, len(cookies)), 0)
    cookie, _ = expand(counts)
    n = len(cookie)
    campaign = rng.integers(0, len(ref.AD_CAMPAIGNS), n)
    platform = np.array([PLATFORMS.index(p) for _, p in ref.AD_CAMPAIGNS])[campaign]
    seen = world.clock.uniform(rng, n, cookies.start_us[cookie], cookies.end_us[cookie])
    happened = seen <= world.clock.end_us
    cookie, campaign, platform, seen = (
        cookie[happened],
        campaign[happened],
        platform[happened],
        seen[happened],
    )
    n = len(cookie)
    day = seen // DAY * DAY
    # Reports land the next morning.
    available = np.minimum(day + DAY + 6 * HOUR, world.clock.end_us)
    impressions = np.minimum(rng.geometric(ADS.impressions_p, n), ADS.impressions_max)
    frame = {
        **cookies.columns(world, cookie),
        **world.new_uuids("exposure", n, "exposure"),
        "campaign": campaign,
        "platform": platform,
        "day": day,
        "impressions": impressions,
        "clicks": (rng.random(n) < ADS.click).astype(np.int64),
    }
    prefixes = [PLATFORM_PREFIX[p] for p in PLATFORMS]
    key = (
        f"{sql_pick(prefixes, 'f.platform')} || '_' || "
        f"left(replace(uuid_of(f.exposure_hi, f.exposure_lo)::VARCHAR, '-', ''), 20)"
    )
    exprs = {
        "exposure_id": key,
        "platform": sql_pick(PLATFORMS, "f.platform"),
        "ad_campaign_id": sql_pick([c for c, _ in ref.AD_CAMPAIGNS], "f.campaign"),
        "cookie_id": COOKIE_ID_SQL,
        "exposure_date": "make_timestamp(f.day)::DATE",
        "impressions": "f.impressions",
        "clicks": "f.clicks",
    }
    world.writer.write(
        EXPOSURES,
        frame,
        exprs,
        rng=rng,
        available_us=available,
        late_rate=AIRBYTE.late_ads,
        truth_key=key,
    )

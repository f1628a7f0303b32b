"""docs/generator_rates.md is the table cdp/generator/rates_table.py makes from the rates the
generator draws with: regenerate it (`make generator-rates`) whenever a rate changes."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import fields, replace
from typing import Any

import pytest

from cdp.generator import rates, rates_table
from cdp.project import project_dir

DOC = project_dir() / "docs" / "generator_rates.md"


def test_the_rates_document_is_up_to_date() -> None:
    assert DOC.read_text() == rates_table.distribution_table(), (
        "docs/generator_rates.md is out of date: run `make generator-rates`"
    )


def test_the_module_prints_the_document() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cdp.generator.rates_table"],
        capture_output=True,
        text=True,
        check=True,
        cwd=project_dir(),
    )
    assert done.stdout == DOC.read_text()
    assert done.stderr == ""


def test_the_table_follows_the_rates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rates_table, "SHOP", replace(rates.SHOP, refunded=0.11))
    monkeypatch.setattr(rates_table, "POPULATION", replace(rates.POPULATION, in_crm=0.64))
    monkeypatch.setattr(rates_table, "ANONYMOUS_VISITORS_PER_PROFILE", 0.31)
    table = rates_table.distribution_table()
    assert "| Anonymous visitors | 0.31 x N extra persons" in table
    assert "refunds 11% (40% partial)" in table
    assert "| CRM contacts | 64% of persons (" in table


# The rates of rates.py the table reads, by the name rates_table.py imports them under.
RATE_SETS = (
    "POPULATION",
    "CRM",
    "SHOP",
    "POS",
    "WEB",
    "ADS",
    "ESP",
    "SUPPORT",
    "BILLING",
    "NOISE",
    "AIRBYTE",
)
# Rates the table leaves out on purpose: shapes of history, orders' line details and the like
# that a reader of the table does not need. Every other field must show in the table.
NOT_SHOWN = {
    "POPULATION": {"email_pattern_weights"},
    "CRM": {"duplicate_swapped_names"},
    "POS": {"single_quantity", "card_spaces", "payment_methods"},
    "WEB": {"identify_email_noise"},
    "ESP": {"duplicate_contact_synced", "send_email_noise"},
    "SUPPORT": {
        "status_paths",  # the statuses and path lengths show, not the weights
        "name_layouts",
        "email_on_phone",
        "email_otherwise",
        "phone_off_phone_channel",
    },
    "BILLING": {
        "status_paths",  # the statuses and path lengths show, not the weights
        "crm_contact_id",
        "shop_customer_id",
        "email",
        "email_noise",
        "amount_min_cents",
        "amount_mean_cents",
    },
    "NOISE": {"phone_formats_typed"},  # only its test share, within the junk range
    "AIRBYTE": {
        "history_days",
        "sync_duration_minutes",
        "duplicate_delay_p",
        "truncated_length",
    },
}


def _changed(value: Any) -> Any:
    """The value with one figure changed: a number, else the last number inside a tuple (the
    share of a (kind, share) pair, the weight of a (path, weight) pair)."""
    if isinstance(value, bool | str):
        raise TypeError(f"no figure in {value!r}")
    if isinstance(value, int):
        return value + 1
    if isinstance(value, float):
        return value * 0.5
    items = list(value)
    for position in reversed(range(len(items))):
        try:
            items[position] = _changed(items[position])
        except TypeError:
            continue
        return tuple(items)
    raise TypeError(f"no figure in {value!r}")


@pytest.mark.parametrize("rate_set", RATE_SETS)
def test_every_rate_is_read_by_the_table(rate_set: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Changing any rate of rates.py changes the table, unless it is listed as not shown: a
    figure typed into rates_table.py instead of read from the dataclass fails here."""
    rates_in_use = getattr(rates_table, rate_set)
    assert rates_in_use is getattr(rates, rate_set)
    before = rates_table.distribution_table()
    typed_or_missing = []
    for field in fields(rates_in_use):
        changed = replace(rates_in_use, **{field.name: _changed(getattr(rates_in_use, field.name))})
        monkeypatch.setattr(rates_table, rate_set, changed)
        shown = rates_table.distribution_table() != before
        if shown == (field.name in NOT_SHOWN.get(rate_set, set())):
            typed_or_missing.append(field.name)
    monkeypatch.setattr(rates_table, rate_set, rates_in_use)
    assert typed_or_missing == [], (
        f"{rate_set}: changing {typed_or_missing} does not change the table as expected: read "
        "the field in rates_table.py (or list it in NOT_SHOWN if the table leaves it out on "
        "purpose, or take it off that list once the table shows it)"
    )


def test_the_new_rows_follow_their_rates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rates_table, "POS", replace(rates.POS, receipt_email=0.31))
    monkeypatch.setattr(rates_table, "ESP", replace(rates.ESP, viral_max=45))
    monkeypatch.setattr(rates_table, "AIRBYTE", replace(rates.AIRBYTE, late_events=0.02))
    monkeypatch.setattr(
        rates_table, "NOISE", replace(rates.NOISE, email=(("typo", 0.025), *rates.NOISE.email[1:]))
    )
    table = rates_table.distribution_table()
    assert "receipt email 31%" in table
    assert "go viral (5-45 people)" in table
    assert "late events 2% (2-14 days" in table
    assert "emails: typo 2.5%, case 4%" in table


def test_every_row_is_one_markdown_row() -> None:
    rows = [line for line in DOC.read_text().splitlines() if line.startswith("| ")]
    assert rows[0] == "| What | Distribution |"
    assert all(row.count(" | ") == 1 and row.endswith(" |") for row in rows[1:])
    assert len(rows) == 1 + 26

"""docs/generator_rates.md is the table cdp/generator/rates_table.py makes from the rates the
generator draws with: regenerate it (`make generator-rates`) whenever a rate changes."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

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
    table = rates_table.distribution_table()
    assert "refunds 11% (40% partial)" in table
    assert "| CRM contacts | 64% of persons;" in table


def test_every_row_is_one_markdown_row() -> None:
    rows = [line for line in DOC.read_text().splitlines() if line.startswith("| ")]
    assert rows[0] == "| What | Distribution |"
    assert all(row.count(" | ") == 1 and row.endswith(" |") for row in rows[1:])
    assert len(rows) == 1 + 25

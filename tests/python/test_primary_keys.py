"""Every staging model has a tested primary key, and the key holds in the built warehouse."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import Warehouse


def _primary_key_columns(manifest: dict) -> dict[str, set[str]]:
    """Staging model name -> columns that carry both a unique and a not_null test."""
    tests: dict[tuple[str, str], set[str]] = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] != "test" or not node.get("column_name"):
            continue
        test_name = node.get("test_metadata", {}).get("name")
        for parent in node["depends_on"]["nodes"]:
            model = parent.split(".")[-1]
            tests.setdefault((model, node["column_name"]), set()).add(test_name)
    keys: dict[str, set[str]] = {}
    for (model, column), names in tests.items():
        if {"unique", "not_null"} <= names:
            keys.setdefault(model, set()).add(column)
    return keys


def test_every_staging_model_has_a_primary_key_test_that_holds(
    warehouse: Warehouse, project: Path
) -> None:
    manifest = json.loads((project / "target" / "manifest.json").read_text())
    staging_models = [
        node["name"]
        for node in manifest["nodes"].values()
        if node["resource_type"] == "model" and node["name"].startswith("stg_")
    ]
    assert len(staging_models) == 20
    keys = _primary_key_columns(manifest)
    for model in staging_models:
        assert model in keys, f"{model} has no column tested unique and not_null"
        for column in keys[model]:
            duplicated = warehouse.scalar(
                f"select count(*) from (select {column} from staging.{model} "
                f"group by {column} having count(*) > 1)"
            )
            nulls = warehouse.scalar(f"select count(*) from staging.{model} where {column} is null")
            assert (duplicated, nulls) == (0, 0), f"{model}.{column}"

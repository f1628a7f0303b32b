"""`dbt docs generate` works on the built warehouse and documents the public marts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from .conftest import Warehouse

DBT = Path(sys.executable).parent / "dbt"


def test_docs_generate_documents_the_public_marts(
    tmp_path: Path, warehouse: Warehouse, project: Path
) -> None:
    target = tmp_path / "target"
    environment = {
        **os.environ,
        "CDP_DUCKDB_PATH": str(warehouse.database),
        "DBT_PROFILES_DIR": str(project),
    }
    result = subprocess.run(
        [str(DBT), "docs", "generate", "--quiet", "--target-path", str(target)],
        cwd=project, env=environment, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert (target / "index.html").exists()
    catalog = json.loads((target / "catalog.json").read_text())["nodes"]
    manifest = json.loads((target / "manifest.json").read_text())["nodes"]
    public = [node for node in manifest.values() if node.get("access") == "public"]
    assert {"dim_customers", "fct_orders", "customer_identity_map"} <= {n["name"] for n in public}
    for node in public:
        # Every public mart is in the warehouse's catalog, with every documented column.
        assert node["unique_id"] in catalog, node["name"]
        built = {name.lower() for name in catalog[node["unique_id"]]["columns"]}
        assert set(node["columns"]) <= built, node["name"]
        assert node["description"], node["name"]

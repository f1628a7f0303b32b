"""Where the dbt project, its DuckDB file and its models' relations live."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from pathlib import Path

DATABASE_ENV_VAR = "CDP_DUCKDB_PATH"
DEFAULT_DATABASE = Path("data") / "cdp.duckdb"


class ProjectNotFoundError(RuntimeError):
    pass


def project_dir(start: Path | None = None) -> Path:
    """The dbt project root: the first folder holding dbt_project.yml, from `start` (the
    current directory) upwards, else the checkout this package was installed from."""
    candidates = [start or Path.cwd()]
    candidates += list(candidates[0].resolve().parents)
    candidates.append(Path(__file__).resolve().parent.parent)
    for folder in candidates:
        if (folder / "dbt_project.yml").is_file():
            return folder.resolve()
    raise ProjectNotFoundError(
        "No dbt_project.yml in this folder or above it: run cdp from the project checkout."
    )


def database_path(explicit: Path | str | None = None, root: Path | None = None) -> Path:
    """The DuckDB file: the explicit path, else $CDP_DUCKDB_PATH, else data/cdp.duckdb under
    the project root (the same default as profiles.yml)."""
    if explicit is not None:
        return Path(explicit).resolve()
    from_env = os.environ.get(DATABASE_ENV_VAR)
    if from_env:
        return Path(from_env).resolve()
    return (root or project_dir()) / DEFAULT_DATABASE


class ModelNotFoundError(LookupError):
    pass


def model_relation(model: str, target: Path | None = None) -> str:
    """Where dbt builds `model`, as `<schema>.<alias>`, read from the manifest in `target`
    (default: the project's target/; `dbt parse` writes one there when it is missing), so that
    Python never restates a model's schema or table name."""
    manifest = (target or project_dir() / "target") / "manifest.json"
    if not manifest.is_file():
        _parse_project(manifest.parent)
    relations = _model_relations(str(manifest), manifest.stat().st_mtime_ns)
    if model not in relations:
        raise ModelNotFoundError(
            f"No model {model!r} in {manifest}: check the name, or run `dbt parse` if the "
            "project changed since that manifest was written."
        )
    return relations[model]


@functools.lru_cache(maxsize=4)
def _model_relations(manifest: str, modified_ns: int) -> dict[str, str]:
    """Model name -> `<schema>.<alias>` (one manifest version: its path and modification time)."""
    nodes = json.loads(Path(manifest).read_text(encoding="utf-8"))["nodes"]
    return {
        node["name"]: f"{node['schema']}.{node['alias']}"
        for node in nodes.values()
        if node["resource_type"] == "model"
    }


def _parse_project(target: Path) -> None:
    """`dbt parse` into `target`: the manifest, without touching any database."""
    root = project_dir()
    dbt = Path(sys.executable).parent / "dbt"
    command = [
        str(dbt) if dbt.is_file() else "dbt", "parse", "--quiet", "--project-dir", str(root),
        "--profiles-dir", str(root), "--target-path", str(target.resolve()),
    ]  # fmt: skip
    environment = {**os.environ, DATABASE_ENV_VAR: ":memory:"}
    result = subprocess.run(command, cwd=root, env=environment, capture_output=True, text=True)
    if result.returncode != 0:
        raise ProjectNotFoundError(
            f"`dbt parse` failed, so no manifest tells where models live:\n{result.stdout[-2000:]}"
        )

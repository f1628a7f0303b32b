"""Where the dbt project and its DuckDB file live."""

from __future__ import annotations

import os
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

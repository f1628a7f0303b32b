"""The identity settings as the dbt project defines them: blocking rules, comparison levels with
their SQL, thresholds. Read by running `dbt run-operation print_identity_settings` (macros/
identity/settings/), never restated here, so the evaluation and the Splink benchmark follow
the models whatever the vars say."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cdp.dbt_runner import DbtError, run_dbt
from cdp.project import DATABASE_ENV_VAR, project_dir

OPERATION = "print_identity_settings"


class IdentitySettingsError(RuntimeError):
    pass


@dataclass(frozen=True)
class Comparison:
    """One comparison of probabilistic scoring (macro identity_comparisons)."""

    name: str
    # Most to least similar, `else` last; the `null` level (a side without a value) is implicit.
    levels: tuple[str, ...]
    # Level -> SQL condition over scoring records aliased `l` and `r`, `null` first, in the
    # order a CASE tries them; `else` (every other pair) has none.
    conditions: dict[str, str]
    # Level -> the term type whose frequency adjusts it.
    tf: dict[str, str]


@dataclass(frozen=True)
class IdentitySettings:
    blocking_rules: tuple[dict[str, Any], ...]
    comparisons: tuple[Comparison, ...]
    auto_merge_threshold: float
    review_threshold: float
    junk_name_values: tuple[str, ...]
    u_sample_records: int
    u_sample_seed: int
    em_max_iterations: int
    em_tolerance: float
    # The dialect the level conditions are written in (`duckdb`, `spark`).
    target_type: str

    @classmethod
    def from_json(cls, text: str) -> IdentitySettings:
        """The settings from what `print_identity_settings` printed."""
        try:
            raw = json.loads(text)
            comparisons = tuple(
                Comparison(
                    name=comparison["name"],
                    levels=tuple(comparison["levels"]),
                    conditions=dict(comparison["level_conditions"]),
                    tf=dict(comparison["tf"]),
                )
                for comparison in raw["comparisons"]
            )
            return cls(
                blocking_rules=tuple(raw["blocking_rules"]),
                comparisons=comparisons,
                auto_merge_threshold=float(raw["thresholds"]["auto_merge"]),
                review_threshold=float(raw["thresholds"]["review"]),
                junk_name_values=tuple(raw["junk_name_values"]),
                u_sample_records=int(raw["u_sample"]["records"]),
                u_sample_seed=int(raw["u_sample"]["seed"]),
                em_max_iterations=int(raw["em"]["max_iterations"]),
                em_tolerance=float(raw["em"]["tolerance"]),
                target_type=str(raw["target_type"]),
            )
        except (ValueError, KeyError, TypeError) as error:
            raise IdentitySettingsError(
                f"`dbt run-operation {OPERATION}` printed something unexpected ({error!r}): "
                f"run it by hand to see its output; it starts {text[:200]!r}"
            ) from error


_loaded: dict[str, IdentitySettings] = {}


def load_identity_settings(
    project: Path | None = None,
    target: str | None = None,
    variables: Mapping[str, Any] | None = None,
) -> IdentitySettings:
    """The settings of the dbt project (default: the one cdp runs in) on `target` (default:
    the profile's), with `variables` as `--vars` would override them. Runs dbt once per
    distinct call (a few seconds: dbt parses the project) and remembers the answer."""
    project = (project or project_dir()).resolve()
    key = json.dumps([str(project), target, variables or {}], sort_keys=True, default=str)
    if key not in _loaded:
        _loaded[key] = IdentitySettings.from_json(_run_operation(project, target, variables))
    return _loaded[key]


def _run_operation(project: Path, target: str | None, variables: Mapping[str, Any] | None) -> str:
    # Its own target path: the project's partial parse and manifest stay as `cdp build` left
    # them. No warehouse is needed: an in-memory DuckDB, and the caller's database setting
    # is put back after.
    args = [
        "run-operation",
        OPERATION,
        "--log-level",
        "none",
        "--target-path",
        "target/identity_settings",
    ]
    if target:
        args += ["--target", target]
    if variables:
        args += ["--vars", json.dumps(dict(variables))]
    printed: list[str] = []
    previous = os.environ.get(DATABASE_ENV_VAR)
    try:
        run_dbt(args, project, Path(":memory:"), printed)
    except DbtError as error:
        raise IdentitySettingsError(
            f"Could not read the identity settings from dbt ({error}): fix the dbt project "
            f"(`dbt run-operation {OPERATION}` shows the error) and try again."
        ) from error
    finally:
        if previous is None:
            os.environ.pop(DATABASE_ENV_VAR, None)
        else:
            os.environ[DATABASE_ENV_VAR] = previous
    if not printed:
        raise IdentitySettingsError(f"`dbt run-operation {OPERATION}` printed nothing.")
    return printed[-1]

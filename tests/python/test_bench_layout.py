"""bench/ is a package run as `python -m bench.<script>`: every module imports from a fresh
interpreter, none edits sys.path or imports another package's private names, and the scripts
that write results put them in docs/benchmarks/."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from cdp.project import project_dir

BENCH = project_dir() / "bench"
MODULES = sorted(path.stem for path in BENCH.glob("*.py") if path.stem != "__init__")
SCRIPTS = ("generate", "identity", "identity_benchmark", "identity_clustering", "splink_compare")


@pytest.mark.parametrize("module", MODULES)
def test_every_module_imports_as_part_of_the_package(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", f"import bench.{module}"],
        cwd=project_dir(),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("module", SCRIPTS)
def test_every_script_runs_with_dash_m(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", f"bench.{module}", "--help"],
        cwd=project_dir(),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "usage:" in done.stdout


@pytest.mark.parametrize("module", MODULES)
def test_no_sys_path_edits_and_no_private_imports(module: str) -> None:
    source = (BENCH / f"{module}.py").read_text()
    assert "sys.path" not in source
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module != "__future__":
            own = node.module.split(".")[0] == "bench"
            private = [alias.name for alias in node.names if alias.name.startswith("_")]
            assert own or not private, f"bench/{module}.py imports {private} from {node.module}"

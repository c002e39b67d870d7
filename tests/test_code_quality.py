"""Lint, types and the layer contract are part of the test suite, so CI enforces them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_layers_contract() -> None:
    """domain <- db <- services <- reports/exchange <- ui; no Qt below the UI (pyproject [tool.importlinter])."""
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or "lint-imports"
    result = _run(exe)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff() -> None:
    result = _run(sys.executable, "-m", "ruff", "check", "safetywatch", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy() -> None:
    result = _run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_import_cycles() -> None:
    """No two modules reach each other through imports, function-level imports included (grimp reads them
    all): a cycle means a layer or a module does two jobs."""
    import grimp

    graph = grimp.build_graph("safetywatch", cache_dir=None)
    modules = {m for m in graph.modules if ".migrations" not in m}
    cycles = set()
    for module in modules:
        for imported in graph.find_modules_directly_imported_by(module):
            inside = imported in modules and not module.startswith(imported + ".")
            if inside and graph.chain_exists(importer=imported, imported=module):
                cycles.add(tuple(sorted((module, imported))))
    assert not cycles, "\n".join(f"{a} <-> {b}" for a, b in sorted(cycles))

"""The house rule: flows -> pipeline -> schemas, and quick commands never import prefect."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

# room -> top-level modules it must never import
FORBIDDEN = {
    "pipeline": {"prefect", "typer", "click", "flows", "rich"},
    "schemas": {"prefect", "typer", "click", "flows", "rich", "pipeline"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("room", sorted(FORBIDDEN))
def test_inner_rooms_never_import_outer_ones(room):
    """pipeline/ and schemas/ import nothing from the rooms outside them."""
    offenders = {
        str(path.relative_to(REPO)): sorted(_imports(path) & FORBIDDEN[room])
        for path in (REPO / room).rglob("*.py")
        if _imports(path) & FORBIDDEN[room]
    }
    assert offenders == {}


def test_nothing_imports_flows():
    """flows/ is where things start: no other room imports it."""
    offenders = [
        str(p.relative_to(REPO)) for room in ("pipeline", "schemas", "benchmarks")
        for p in (REPO / room).rglob("*.py") if "flows" in _imports(p)
    ]
    assert offenders == []


def test_pipeline_never_prints():
    """Domain code logs; only the CLI prints."""
    offenders = []
    for path in (REPO / "pipeline").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "print":
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert offenders == []


@pytest.mark.parametrize("argv", [["--help"], ["export", "--help"], ["plan", "--help"]])
def test_quick_commands_do_not_import_prefect(argv):
    """--help and other quick commands never pay for importing prefect."""
    code = (
        f"import sys; sys.argv = ['coffeechat', *{argv!r}]\n"
        "from flows import cli\n"
        "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
        "print('PREFECT' if 'prefect' in sys.modules else 'CLEAN', 'POLARS' if 'polars' in sys.modules else '')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True).stdout
    assert out.strip().splitlines()[-1].startswith("CLEAN")


def test_ruff_finds_nothing():
    """ruff (configured in pyproject.toml) passes on the whole tree."""
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "."], capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_import_contracts_hold():
    """import-linter's contracts in pyproject.toml (layers, the store behind the use cases) are kept."""
    linter = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run([str(linter), "--no-cache"], capture_output=True, text=True, cwd=REPO)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_only_use_cases_open_the_store():
    """Outside tests, only pipeline/app/ imports pipeline.store (the stages and front doors never do)."""
    allowed = {"pipeline/app", "pipeline/store.py"}
    offenders = [
        str(p.relative_to(REPO))
        for room in ("flows", "pipeline", "schemas")
        for p in (REPO / room).rglob("*.py")
        if not any(str(p.relative_to(REPO)).startswith(a) for a in allowed)
        and any(m == "pipeline.store" for m in _modules(p))
    ]
    assert offenders == []


def _modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("banned", ["prefect", "typer", "starlette"])
def test_ruff_bans_front_door_libraries_in_the_domain(tmp_path, banned):
    """ruff's banned-api rule rejects a pipeline module that imports prefect, typer or starlette."""
    probe = tmp_path / "pipeline" / f"probe_{banned}.py"
    probe.parent.mkdir()
    probe.write_text(f'"""Probe."""\n\nimport {banned}\n\nprint({banned})\n', encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--config", str(REPO / "pyproject.toml"), "--select", "TID251", str(probe)],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert proc.returncode == 1 and "TID251" in proc.stdout


def _constants_defined_twice(source: str) -> list[str]:
    names = [t.id for node in ast.parse(source).body if isinstance(node, ast.Assign)
             for t in node.targets if isinstance(t, ast.Name) and t.id.isupper()]
    return sorted({n for n in names if names.count(n) > 1})


def test_no_test_module_defines_a_constant_twice():
    """A test body reads a module constant when it runs: a second definition further down silently replaces the first."""
    twice = {str(p.relative_to(REPO)): found for p in sorted((REPO / "tests").rglob("*.py"))
             if (found := _constants_defined_twice(p.read_text(encoding="utf-8")))}
    assert not twice, twice
    assert _constants_defined_twice("A = 1\nB = 2\nA = 3\n") == ["A"]  # the check itself finds one

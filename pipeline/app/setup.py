"""The `init` and `demo` actions, the run's settings, and the store's counts for a run's summary."""

from __future__ import annotations

from pathlib import Path

from pipeline.profile import load_profile
from pipeline.store import Store
from pipeline.workspace import Workspace, init_workspace, reset_demo_workspace


def init(root: Path, *, force: bool = False) -> tuple[Workspace, list[Path]]:
    """Create a workspace (folders, a commented profile.toml) and its store."""
    workspace, created = init_workspace(root, force=force)
    Store.open(workspace.root).close()
    return workspace, created


def demo_workspace(root: Path) -> Workspace:
    """A fresh demo workspace holding the sample profile and the sample files in its inbox."""
    return reset_demo_workspace(root)


def artifacts_enabled(workspace: Workspace) -> bool:
    """Whether the run may publish the plan's top rows to Prefect (`[prefect] artifacts` in profile.toml)."""
    if not workspace.profile.exists():
        return True
    return load_profile(workspace.profile).prefect.artifacts


def counts(workspace: Workspace) -> dict[str, int]:
    """How many records, contacts, review pairs ... the store holds."""
    with Store.open(workspace.root) as store:
        return store.counts()

"""A workspace folder: profile.toml, inbox/, out/, templates/ and the store, and how to create one."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import WorkspaceError
from pipeline.files import PRIVATE_DIR, PRIVATE_FILE, private_dir
from pipeline.resources import sample_dir, templates_dir

DB_NAME = "coffeechat.db"
SAMPLE_DIR = sample_dir()


@dataclass(frozen=True)
class Workspace:
    """The paths inside one workspace; nothing about a user's network lives outside it."""

    root: Path

    @property
    def profile(self) -> Path:
        return self.root / "profile.toml"

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def inbox_imported(self) -> Path:
        """Where a run files what it imported (or found already imported)."""
        return self.inbox / "imported"

    @property
    def inbox_failed(self) -> Path:
        """Where a run files what it could not read, each with a NAME.error.txt beside it."""
        return self.inbox / "failed"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def out(self) -> Path:
        return self.root / "out"

    @property
    def drafts(self) -> Path:
        return self.out / "drafts"

    @property
    def templates(self) -> Path:
        """Where a user's own template overrides live (same names as the shipped ones)."""
        return self.root / "templates"

    @property
    def template_overrides(self) -> Path | None:
        """The workspace's own templates/ (drafts, questions.toml) when the user made one."""
        return self.templates if self.templates.is_dir() else None

    @property
    def db(self) -> Path:
        return self.root / DB_NAME

    def require(self) -> Workspace:
        """This workspace, or a WorkspaceError saying how to create it."""
        if not self.root.is_dir():
            raise WorkspaceError(
                "No workspace here",
                file=self.root,
                fix=f"Run `coffeechat init --workspace {self.root}` first, or set COFFEECHAT_WORKSPACE.",
            )
        return self

    def inbox_files(self) -> list[Path]:
        """Files waiting in inbox/, in a stable order (hidden files and folders skipped)."""
        if not self.inbox.is_dir():
            return []
        return sorted(p for p in self.inbox.iterdir() if p.is_file() and not p.name.startswith("."))


def file_away(path: Path, folder: Path) -> Path:
    """Move a file into `folder` (created private), never over another file: a clash gets -2, -3 ..."""
    private_dir(folder)
    target = folder / path.name
    n = 2
    while target.exists():
        target = folder / f"{path.stem}-{n}{path.suffix}"
        n += 1
    return path.replace(target)


def init_workspace(root: Path, *, force: bool = False) -> tuple[Workspace, list[Path]]:
    """Create the folders and a commented profile.toml; never overwrite a profile unless forced."""
    workspace = Workspace(root)
    if root.exists() and not root.is_dir():
        raise WorkspaceError("Not a folder", file=root, fix="Pass --workspace with a folder path.")
    created: list[Path] = []
    for folder in (root, workspace.inbox, workspace.out):
        if not folder.exists():
            folder.mkdir(parents=True, mode=PRIVATE_DIR)
            created.append(folder)
    if force or not workspace.profile.exists():
        shutil.copyfile(templates_dir() / "profile.toml", workspace.profile)
        workspace.profile.chmod(PRIVATE_FILE)
        created.append(workspace.profile)
    return workspace, created


def reset_demo_workspace(root: Path) -> Workspace:
    """A fresh demo workspace holding the sample profile and the sample files in its inbox."""
    if root.exists():
        if not (root / "profile.toml").exists() and any(root.iterdir()):
            raise WorkspaceError(
                "Refusing to replace a folder that is not a coffeechat workspace",
                file=root,
                fix="Pass --workspace with an empty or demo folder.",
            )
        shutil.rmtree(root)
    workspace, _ = init_workspace(root)
    shutil.copyfile(SAMPLE_DIR / "profile.toml", workspace.profile)
    for sample in sorted(SAMPLE_DIR.iterdir()):
        if sample.suffix.lower() in {".csv", ".vcf", ".zip"}:
            shutil.copyfile(sample, workspace.inbox / sample.name)
    return workspace

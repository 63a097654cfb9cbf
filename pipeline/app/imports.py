"""Import files into the store: read, validate, resolve against everything stored, write in one transaction."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from pipeline.app.resolving import reresolve, write_import
from pipeline.errors import CoffeechatError, InputFileError
from pipeline.files import write_text_atomic
from pipeline.ingest.read import CONTACT_SUFFIXES, LoadedFile, contact_files, load_file
from pipeline.profile import Profile, load_profile
from pipeline.resolve.normalize import DEFAULT_PHONE_REGION
from pipeline.store import LedgerEntry, Store
from pipeline.workspace import Workspace, file_away

log = logging.getLogger(__name__)

__all__ = ["import_file", "import_files", "import_inbox", "import_into", "reresolve"]

# How long an inbox file must hold still (size and mtime) before a run takes it.
SETTLE_SECONDS = 1.0
_ISSUE_COLUMNS = ("source_file", "source_line", "column", "value", "reason")
# How many of a file's rejects and warnings its report carries (the CLI prints them; the rest
# are in `coffeechat export rejects`).
FIRST_ISSUES = 5


@dataclass(frozen=True)
class FileReport:
    """What became of one file: the keys of `coffeechat import --json`."""

    path: str
    kind: str | None
    encoding: str | None
    rows: int
    accepted: int
    rejected: int
    empty: int
    warnings: int
    error: str | None
    status: str  # imported | unchanged | error | waiting (an inbox file still being written)
    note: str | None = None
    first_issues: tuple[dict, ...] = ()  # the first FIRST_ISSUES rejects and warnings: line, column, value, reason, severity

    def as_json(self) -> dict:
        return asdict(self)


def content_hash(path: Path) -> str:
    """sha256 of a file's bytes: the import ledger's key."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def import_into(
    workspace: Workspace, paths: Sequence[Path], *, user_map: Mapping[str, str] | None = None, school: str | None = None
) -> list[FileReport]:
    """The `import` action: import files into the workspace's store; --map pairs win over [columns].

    `school` (`--school NAME`) names the school of an alumni list that has no school column.
    """
    profile = load_profile(workspace.profile) if workspace.profile.exists() else Profile()
    mapping = {**profile.columns, **(user_map or {})}
    with Store.open(workspace.root) as store:
        return import_files(store, paths, user_map=mapping, phone_region=profile.me.phone_region, school=school,
                            my_school=profile.me.school)


def import_inbox(workspace: Workspace, *, settle: float = SETTLE_SECONDS) -> list[FileReport]:
    """The scheduled run's import: each settled file in inbox/, then filed under imported/ or failed/.

    A file still growing (a copy or a download in progress) waits for the next run; the ledger,
    not the name, decides whether its content was imported before.
    """
    ready, growing = settled_files(workspace.inbox_files(), settle)
    profile = load_profile(workspace.profile)
    reports = []
    with Store.open(workspace.root) as store:
        for path in ready:
            shown = str(path.relative_to(workspace.root))
            try:
                # No --school here: an alumni list without a school column is the profile's school,
                # the same rule `coffeechat import FILE` applies, and the report names it.
                report = import_file(
                    store, path, user_map=profile.columns, display_name=shown, phone_region=profile.me.phone_region,
                    my_school=profile.me.school,
                )
            except InputFileError as exc:
                moved = file_away(path, workspace.inbox_failed)
                write_text_atomic(moved.with_name(moved.name + ".error.txt"), _error_text(exc))
                reports.append(_failed(shown, exc, note=f"moved to {moved.relative_to(workspace.root)}"))
                continue
            except CoffeechatError as exc:  # the store, not the file: leave the file for the next run
                reports.append(_failed(shown, exc))
                continue
            moved = file_away(path, workspace.inbox_imported)
            reports.append(replace(report, note=_join(report.note, f"moved to {moved.relative_to(workspace.root)}")))
    for path in growing:
        reports.append(FileReport(
            str(path.relative_to(workspace.root)), None, None, 0, 0, 0, 0, 0, None, "waiting",
            note="still being written; the next run takes it",
        ))
    return reports


def settled_files(paths: Sequence[Path], settle: float) -> tuple[list[Path], list[Path]]:
    """Split files into those whose size and mtime held still over `settle` seconds and those still changing.

    One wait per run, and only when some file changed within the last `settle` seconds.
    """
    first = {p: _signature(p) for p in paths}
    now = time.time()
    if any(sig is not None and now - sig[1] / 1e9 < settle for sig in first.values()):
        time.sleep(settle)
    ready, growing = [], []
    for path in paths:
        sig = first[path]
        (ready if sig is not None and _signature(path) == sig else growing).append(path)
    return ready, growing


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _failed(shown: str, exc: CoffeechatError, note: str | None = None) -> FileReport:
    return FileReport(shown, None, None, 0, 0, 0, 0, 0, str(exc), "error", note=note)


def _error_text(exc: CoffeechatError) -> str:
    lines = [str(exc), ""]
    if exc.fix:
        lines.append(f"Fix: {exc.fix}")
    lines.append("Once fixed, drop the file into inbox/ again; the next run imports it.")
    return "\n".join(lines) + "\n"


def _join(*notes: str | None) -> str:
    return "; ".join(n for n in notes if n)


def import_files(
    store: Store,
    paths: Sequence[Path],
    *,
    user_map: Mapping[str, str] | None = None,
    display_names: Mapping[Path, str] | None = None,
    now: datetime | None = None,
    phone_region: str = DEFAULT_PHONE_REGION,
    school: str | None = None,
    my_school: str = "",
) -> list[FileReport]:
    """Import each file (a folder: each contact file inside it) in its own transaction; one bad file never stops the others."""
    reports = []
    for path in contact_files(paths):
        shown = (display_names or {}).get(path, str(path))
        try:
            reports.append(
                import_file(store, path, user_map=user_map, display_name=shown, now=now, phone_region=phone_region,
                            school=school, my_school=my_school)
            )
        except CoffeechatError as exc:
            reports.append(FileReport(shown, None, None, 0, 0, 0, 0, 0, str(exc), "error"))
    return reports


def import_file(
    store: Store,
    path: Path,
    *,
    user_map: Mapping[str, str] | None = None,
    display_name: str | None = None,
    now: datetime | None = None,
    phone_region: str = DEFAULT_PHONE_REGION,
    school: str | None = None,
    my_school: str = "",
) -> FileReport:
    """Import one file, or report that its exact content was imported before."""
    shown = display_name or str(path)
    if path.is_dir():
        raise InputFileError(
            "This folder holds no contact files", file=shown,
            fix=f"Put the exports ({', '.join(CONTACT_SUFFIXES)}) in it, or give the files themselves.",
        )
    if not path.is_file():
        raise InputFileError("No such file", file=shown, fix="Check the path, or drop the file into the workspace's inbox/.")
    digest = content_hash(path)
    seen = store.ledger_entry(digest)  # an early look, without the lock, only to skip parsing a known file
    if seen is not None:
        return _unchanged(shown, seen)
    loaded = load_file(path, user_map=user_map, display_name=shown, today=(now or datetime.now(UTC)).date())
    accepted, school_note = with_school(loaded.kind, loaded.accepted, school, my_school)
    # The write lock first, then the ledger and the store: a second import of the same file waits
    # here and then finds it in the ledger; nothing read below can go stale before the commit.
    with store.transaction():
        seen = store.ledger_entry(digest)
        if seen is not None:
            return _unchanged(shown, seen)
        seq = store.next_import_seq()
        entry = LedgerEntry(
            import_seq=seq,
            content_hash=digest,
            path=shown,
            kind=loaded.kind,
            encoding=loaded.encoding,
            imported_at=(now or datetime.now(UTC)).isoformat(timespec="seconds"),
            rows=loaded.rows,
            accepted=loaded.accepted.height,
            rejected=loaded.rejected.height,
            empty=loaded.empty,
            warnings=loaded.warnings.height,
        )
        # Against the stored contacts the file may join, with the stored weights (refitted as the store grows).
        how = write_import(store, entry, accepted, _issues(loaded), phone_region)
    log.info("imported %s (%s resolution): %d accepted, %d rejected, %d empty", shown, how, entry.accepted,
             entry.rejected, entry.empty)
    return FileReport(
        shown, loaded.kind, loaded.encoding, loaded.rows, entry.accepted, entry.rejected, entry.empty, entry.warnings,
        None, "imported", note=school_note, first_issues=_first_issues(loaded),
    )


def with_school(kind: str | None, accepted: pl.DataFrame, school: str | None, my_school: str) -> tuple[pl.DataFrame, str | None]:
    """An alumni list without a school column takes `--school NAME`, else it is the user's school; the note says which.

    Nothing is written for the user's own school: the alumni relation reads a missing school that way
    (`pipeline.text.is_alumnus`), so editing the profile's school later still holds.
    """
    if kind != "alumni" or accepted.height == 0 or accepted["school"].is_not_null().any():
        return accepted, None
    if school and school.strip():
        named = accepted.with_columns(pl.lit(school.strip(), pl.String).alias("school"))
        return named, f"no school column: these records are taken to be {school.strip()} alumni (--school)"
    mine = my_school.strip() or "your school ([me] school)"
    return accepted, f"no school column: these records are taken to be {mine} alumni; `--school NAME` says otherwise"


def _first_issues(loaded: LoadedFile) -> tuple[dict, ...]:
    issues = _issues(loaded).sort("source_line", maintain_order=True).head(FIRST_ISSUES)
    return tuple(
        {"line": r["source_line"], "column": r["column"], "value": r["value"], "reason": r["reason"], "severity": r["severity"]}
        for r in issues.iter_rows(named=True)
    )


def _unchanged(shown: str, seen: LedgerEntry) -> FileReport:
    return FileReport(
        shown, seen.kind, seen.encoding, seen.rows, seen.accepted, seen.rejected, seen.empty, seen.warnings,
        None, "unchanged", note=f"already imported on {seen.imported_at[:10]} as {seen.path}; nothing changed",
    )


def _issues(loaded: LoadedFile) -> pl.DataFrame:
    frames = [
        frame.select(_ISSUE_COLUMNS).with_columns(
            pl.col("source_line").cast(pl.Int64), pl.col("value").cast(pl.String), pl.lit(severity).alias("severity")
        )
        for frame, severity in ((loaded.rejected, "rejected"), (loaded.warnings, "warning"))
        if frame.height
    ]
    if not frames:
        return pl.DataFrame(schema={**dict.fromkeys(_ISSUE_COLUMNS, pl.String), "source_line": pl.Int64, "severity": pl.String})
    return pl.concat(frames, how="vertical_relaxed")



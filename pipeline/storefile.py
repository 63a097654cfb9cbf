"""The store's file on disk: created private, checked after an unclean close, backed up, its SQLite errors said in words."""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from pipeline.errors import StoreError
from pipeline.files import PRIVATE_FILE, private_dir

log = logging.getLogger(__name__)

# How long a writer waits for another one's write lock before it gives up with a clear message.
BUSY_TIMEOUT = 30.0
BACKUPS_KEPT = 7
BACKUP_DIR = "backups"


class GuardedConnection(sqlite3.Connection):
    """A connection whose operational errors (busy, full, read-only, damaged) become StoreErrors naming the file.

    Constraint and programming errors stay as they are: they are bugs, not something a user fixes.
    """

    db_path: Path
    wait_limit: float = BUSY_TIMEOUT

    def execute(self, sql, parameters=(), /):  # type: ignore[override]
        with translate_errors(self.db_path, self.wait_limit):
            return super().execute(sql, parameters)

    def executemany(self, sql, parameters, /):  # type: ignore[override]
        with translate_errors(self.db_path, self.wait_limit):
            return super().executemany(sql, parameters)


def connect(path: Path, timeout: float = BUSY_TIMEOUT) -> GuardedConnection:
    """Open the store file, creating it 0600 first (SQLite gives its -wal and -shm files the same mode)."""
    try:
        if not path.exists():
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))
        else:
            _tighten(path)
        # Autocommit mode: transactions are explicit (BEGIN IMMEDIATE ... COMMIT) in the Store.
        conn = sqlite3.connect(path, isolation_level=None, timeout=timeout, factory=GuardedConnection)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(
            f"Cannot open the store ({exc})",
            file=path,
            fix=f"Check that the folder {path.parent} exists and is writable, or pass another --workspace.",
        ) from exc
    conn.db_path, conn.wait_limit = path, timeout
    return conn


def _tighten(path: Path) -> None:
    """An older store made 0644 becomes 0600; a read-only one stays read-only."""
    try:
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            path.chmod(mode & 0o700)
    except OSError:  # not ours to change: opening it will say what is wrong
        pass


@contextmanager
def translate_errors(path: Path, wait_limit: float = BUSY_TIMEOUT) -> Iterator[None]:
    """Turn the SQLite failures a user can act on into one StoreError naming the file and the fix."""
    try:
        yield
    except sqlite3.Error as exc:
        error = store_error(exc, path, wait_limit)
        if error is None:
            raise
        raise error from exc


def store_error(exc: sqlite3.Error, path: Path, wait_limit: float = BUSY_TIMEOUT) -> StoreError | None:
    """The StoreError for a SQLite error, or None when it is a bug (a constraint, bad SQL)."""
    if isinstance(exc, sqlite3.IntegrityError | sqlite3.ProgrammingError | sqlite3.InterfaceError):
        return None
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in text:
        return StoreError(
            "Another coffeechat command (an import, a run, `dupes same`) has held the store's write lock "
            f"for over {wait_limit:g} s",
            file=path,
            fix="Wait for it to finish, then retry.",
        )
    if name == "SQLITE_NOTADB":
        return StoreError(
            "This file is not a coffeechat store (SQLite says: file is not a database)",
            file=path,
            fix=f"Move it aside (mv {path} {path}.broken) and retry: coffeechat starts a new store "
            f"there{_backup_hint(path)}; or pass another --workspace.",
        )
    if name.startswith("SQLITE_CORRUPT") or "malformed" in text:
        return damaged(path, text)
    if name == "SQLITE_FULL" or "disk is full" in text:
        return StoreError(
            "The disk is full; nothing was written, the store is as it was",
            file=path,
            fix=f"Free some space on the disk holding {path.parent}, then retry.",
        )
    if name.startswith("SQLITE_READONLY"):
        return StoreError(
            "The store is read-only",
            file=path,
            fix=f"Make the store and its folder writable (chmod u+w {path} {path.parent}), or pass another --workspace.",
        )
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_IOERR", "SQLITE_AUTH")):
        return StoreError(
            f"The store cannot be read or written ({text})",
            file=path,
            fix=f"Check that {path} and its folder exist and are writable, then retry.",
        )
    return None


def damaged(path: Path, detail: str) -> StoreError:
    """The error for a store SQLite finds damaged: the newest backup is the way back."""
    newest = newest_backup(path)
    if newest is not None:
        fix = f"Restore the newest backup: mv {path} {path}.damaged && cp {newest} {path}"
    else:
        fix = f"Move it aside (mv {path} {path}.damaged) and import your files again (inbox/imported/ keeps them)"
    return StoreError(f"The store is damaged ({detail})", file=path, fix=fix + ".")


def _backup_hint(path: Path) -> str:
    newest = newest_backup(path)
    return f" (the newest backup is {newest})" if newest is not None else ""


# -- the clean-close mark ----------------------------------------------------------------------
# A store closed cleanly leaves the size and mtime of its files in a mark beside it; a store whose
# files differ from the mark (a crash, a kill, another program) gets PRAGMA quick_check on open.


def _mark_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.clean")


def _signature(path: Path) -> str:
    parts = []
    for file in (path, path.with_name(path.name + "-wal")):
        try:
            st = file.stat()
        except FileNotFoundError:
            parts.append("-")
            continue
        parts.append("-" if file != path and st.st_size == 0 else f"{st.st_size}:{st.st_mtime_ns}")
    return " ".join(parts)


def changed_since_clean_close(path: Path) -> bool:
    try:
        return _mark_path(path).read_text() != _signature(path)
    except OSError:
        return True


def mark_clean(path: Path) -> None:
    try:
        mark = _mark_path(path)
        fd = os.open(mark, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
        with os.fdopen(fd, "w") as handle:
            handle.write(_signature(path))
    except OSError:  # a read-only folder: the next open checks again, which is only slower
        pass


def quick_check(conn: sqlite3.Connection, path: Path) -> None:
    """PRAGMA quick_check; a damaged store is a StoreError naming the newest backup."""
    rows = [r[0] for r in conn.execute("PRAGMA quick_check(5)").fetchall()]
    if rows != ["ok"]:
        raise damaged(path, "; ".join(rows)[:300])


# -- backups -----------------------------------------------------------------------------------


def backup_dir(path: Path) -> Path:
    return path.parent / BACKUP_DIR


def backups(path: Path) -> list[Path]:
    """The store's backups, oldest first (their names sort by time)."""
    folder = backup_dir(path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{path.stem}-*.db"))


def newest_backup(path: Path) -> Path | None:
    found = backups(path)
    return found[-1] if found else None


def backed_up_today(path: Path, now: datetime | None = None) -> bool:
    newest = newest_backup(path)
    day = (now or datetime.now()).strftime("%Y%m%d")
    return newest is not None and newest.name.startswith(f"{path.stem}-{day}")


def backup(conn: sqlite3.Connection, path: Path, reason: str, now: datetime | None = None) -> Path:
    """Copy the store with SQLite's backup API (consistent while others read) and keep the last BACKUPS_KEPT."""
    folder = private_dir(backup_dir(path))
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{path.stem}-{stamp}-{reason}.db"
    tmp = target.with_name(f".{target.name}.tmp")
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE))
    try:
        dest = sqlite3.connect(tmp)
        try:
            with translate_errors(path):
                conn.backup(dest)
        finally:
            dest.close()
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    for old in backups(path)[:-BACKUPS_KEPT]:
        old.unlink(missing_ok=True)
    log.info("backed up the store to %s (%s)", target, reason)
    return target

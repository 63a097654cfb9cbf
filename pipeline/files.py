"""The one way coffeechat writes a file a person opens: whole or not at all, CSV safe for spreadsheets."""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterable
from pathlib import Path

import polars as pl

from pipeline.errors import OutputError

# Contacts are other people's data: every file coffeechat writes is readable by its user only.
PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def private_dir(path: Path) -> Path:
    """Create a folder (and its parents) readable by the user only; an existing one is left as it is."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    return path


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write a whole file or nothing: a private temp file in the same folder, then os.replace over the target.

    A symlink at `path` is followed (its target is replaced), never itself replaced; a folder is refused.
    Any failure (a full disk, a read-only folder) is an OutputError naming the file and the fix.
    """
    if path.is_dir():
        raise OutputError("This is a folder, not a file", file=path, fix="Give a file name inside it.")
    target = path.resolve() if path.is_symlink() else path
    # A fixed temp name per process: mkstemp's random names cost 5x more on 10k small files.
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        private_dir(target.parent)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        tmp.replace(target)  # os.replace: atomic on POSIX and Windows
    except OSError as exc:
        _discard(tmp)
        raise OutputError(f"Cannot write the file ({exc.strerror or exc})", file=path, fix=_write_fix(exc)) from exc
    except BaseException:
        _discard(tmp)
        raise


def _discard(tmp: Path) -> None:
    with contextlib.suppress(OSError):  # the folder itself may be what failed
        tmp.unlink(missing_ok=True)


def _write_fix(exc: OSError) -> str:
    """What to do about a failed write: the old file, if any, is untouched either way."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "Free some space on that disk, then retry; the old file is untouched."
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "Make the folder writable (chmod u+w), or write somewhere else."
    return "Check the folder exists and is writable, then retry."


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text whole or not at all (see `write_bytes_atomic`)."""
    write_bytes_atomic(path, text.encode("utf-8"))


def flat_for_csv(frame: pl.DataFrame) -> pl.DataFrame:
    """Lists joined with '; ', dates as ISO text, and spreadsheet formulas neutralised."""
    flat = frame.with_columns(
        *[pl.col(c).list.join("; ") for c, t in frame.schema.items() if isinstance(t, pl.List)],
        *[pl.col(c).dt.to_string("%Y-%m-%d") for c, t in frame.schema.items() if t == pl.Date()],
    )
    text = [c for c, t in flat.schema.items() if t == pl.String()]
    # A cell starting with = + - @ (or tab/CR) runs as a formula in Excel and Sheets.
    return flat.with_columns(
        pl.when(pl.col(c).str.contains(r"^[=+\-@\t\r]")).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in text
    )


def write_csv(frame: pl.DataFrame, path: Path, columns: Iterable[str]) -> int:
    """Write the named columns (those present) as CSV; returns the row count."""
    chosen = [c for c in columns if c in frame.columns]
    write_text_atomic(path, flat_for_csv(frame.select(chosen)).write_csv())
    return frame.height

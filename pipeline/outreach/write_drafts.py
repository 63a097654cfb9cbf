"""The one writer of draft files under out/drafts/: .eml, .txt, drafts.csv, drafts.md and the edit manifest."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.errors import MessageError
from email.parser import BytesParser
from pathlib import Path
from typing import Any

import polars as pl

from pipeline.files import flat_for_csv, write_bytes_atomic
from pipeline.outreach.eml import build_message, message_bytes, message_id
from pipeline.outreach.lint import count_chars, count_words
from pipeline.profile import Profile
from pipeline.templating import template_env
from pipeline.text import md_escape

log = logging.getLogger(__name__)

MANIFEST = ".manifest.json"
ARCHIVE = "archive"
CSV_NAME = "drafts.csv"
MD_NAME = "drafts.md"
CSV_COLUMNS = ("filename", "contact_id", "kind", "to", "subject", "body", "words", "chars", "warnings", "edited")


@dataclass(frozen=True)
class DraftWriteReport:
    """What happened to each draft file: written, already identical, kept as the user edited it, or failed."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_edited: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (filename, reasons)
    archived: list[str] = field(default_factory=list)  # no longer due: moved to archive/ as they were


# ---------------------------------------------------------------- disk helpers


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_manifest(out_dir: Path) -> dict[str, dict[str, Any]]:
    path = out_dir / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = data.get("files", {})
        return {k: v for k, v in files.items() if isinstance(v, dict) and "sha256" in v}
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, AttributeError):
        # Without a trustworthy manifest every existing file counts as edited: nothing is lost.
        log.warning("draft manifest %s is unreadable; existing drafts are treated as edited", path)
        return {}


def _safe_name(name: str) -> bool:
    return bool(name) and Path(name).name == name and not name.startswith(".") and name not in (CSV_NAME, MD_NAME)


# ---------------------------------------------------------------- one draft -> bytes


def draft_bytes(row: dict[str, Any], profile: Profile, *, now: datetime, in_reply_to: str | None = None) -> bytes:
    """The file content for one draft: an RFC 5322 message for email, the bare text for LinkedIn.

    `in_reply_to` is the first request's Message-ID as the log has it (a nudge threads under it);
    without one a nudge answers the Message-ID its request would have been written with.
    """
    if row["filename"].endswith(".eml"):
        if not profile.me.email:
            raise ValueError("no sender address: set [me] email in profile.toml")
        message = build_message(
            from_name=profile.me.name,
            from_addr=profile.me.email,
            to_name=row.get("name"),  # a frame built without `name` gets a bare address
            to_addr=row["to"] or "",
            subject=row["subject"] or "",
            body=row["body"],
            date=now,
            msg_id=message_id(row["contact_id"], row["kind"], profile.me.email),
            in_reply_to=_thread(row, profile, in_reply_to),
        )
        return message_bytes(message)
    return row["body"].encode("utf-8")


def _thread(row: dict[str, Any], profile: Profile, logged: str | None) -> str | None:
    if row["kind"] != "nudge":
        return None
    # The logged Message-ID is the one that went out; recomputing it is the fallback for a request
    # drafted before the log kept it.
    return logged or message_id(row["contact_id"], "email", profile.me.email)


def _draft_key(row: dict[str, Any], profile: Profile, in_reply_to: str | None = None) -> str:
    # What makes two renderings the same draft; the Date header is left out on purpose.
    parts = (row["filename"], row["to"] or "", row["subject"] or "", row["body"], profile.me.name, profile.me.email)
    if row["kind"] == "nudge" and in_reply_to:
        parts += (in_reply_to,)  # a nudge now answering another Message-ID is another file
    return _sha256("\0".join(parts).encode("utf-8"))


def read_back(path: Path) -> tuple[str | None, str]:
    """(subject, body) of a draft file as it is on disk now, for rows the user edited."""
    data = path.read_bytes()
    if path.suffix == ".eml":
        message = BytesParser(policy=policy.default).parsebytes(data)
        part = message.get_body(preferencelist=("plain",)) or message
        try:
            body = part.get_content()
        except (KeyError, LookupError):
            body = data.decode("utf-8", "replace")
        return (str(message["Subject"]) if message["Subject"] is not None else None), body.replace("\r\n", "\n")
    return None, data.decode("utf-8", "replace")


def read_message_id(path: Path) -> str | None:
    """The Message-ID of a draft .eml as it is on disk now (the user's edit may carry its own)."""
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes(), headersonly=True)
    value = message["Message-ID"]
    if value is None:
        return None
    return " ".join(str(value).split()) or None


# ---------------------------------------------------------------- the batch


def write_drafts(
    drafts: pl.DataFrame, out_dir: Path, profile: Profile, *, now: datetime | None = None,
    threads: Mapping[str, str] | None = None,
) -> DraftWriteReport:
    """Write every good draft, keep any the user edited, list the failures; never send anything.

    `threads` maps a contact to their first request's logged Message-ID, which their nudge answers.
    """
    threads = threads or {}
    now = now or datetime.now(UTC)
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest = _read_manifest(out_dir)
    by_owner = {(v.get("contact_id"), v.get("kind")): k for k, v in manifest.items()}
    report = DraftWriteReport()
    csv_rows: list[dict[str, Any]] = []
    shown: list[dict[str, Any]] = []
    for row in drafts.iter_rows(named=True):
        name = row["filename"]
        if not _safe_name(name):
            report.failed.append((str(name), "filename: not a plain file name"))
            shown.append({**row, "status": "failed", "reasons": ["filename: not a plain file name"]})
            continue
        if not row["ok"]:
            reasons = "; ".join(row["problems"]) or "failed lint"
            report.failed.append((name, reasons))
            _retire_stale(out_dir, name, manifest)
            shown.append({**row, "status": "failed", "reasons": list(row["problems"])})
            continue
        try:
            thread = threads.get(row["contact_id"]) if row["kind"] == "nudge" else None
            status, kept_name = _place(out_dir, row, lambda row=row, t=thread: draft_bytes(row, profile, now=now, in_reply_to=t),
                                       _draft_key(row, profile, thread), manifest, by_owner)
        except (ValueError, TypeError, MessageError) as exc:
            report.failed.append((name, f"message: {exc}"))
            _retire_stale(out_dir, name, manifest)
            shown.append({**row, "status": "failed", "reasons": [f"message: {exc}"]})
            continue
        getattr(report, status).append(kept_name)
        if status == "kept_edited":
            subject, body = read_back(out_dir / kept_name)
            row = {**row, "filename": kept_name, "subject": subject if row["subject"] is not None else None,
                   "body": body, "words": count_words(body), "chars": count_chars(body)}
        csv_rows.append({**row, "edited": status == "kept_edited"})
        shown.append({**row, "status": status, "reasons": []})

    _archive(out_dir, {r["filename"] for r in csv_rows}, manifest, report)
    _write_csv(out_dir / CSV_NAME, csv_rows)
    write_bytes_atomic(out_dir / MD_NAME, render_markdown(shown, report, profile, now=now).encode("utf-8"))
    payload = {"version": 1, "files": dict(sorted(manifest.items()))}
    write_bytes_atomic(out_dir / MANIFEST, (json.dumps(payload, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
    log.info("drafts: %d written, %d unchanged, %d kept as edited, %d failed, %d archived",
             len(report.written), len(report.unchanged), len(report.kept_edited), len(report.failed), len(report.archived))
    return report


def _place(
    out_dir: Path,
    row: dict[str, Any],
    build: Callable[[], bytes],
    key: str,
    manifest: dict[str, dict[str, Any]],
    by_owner: dict[tuple[str, str], str],
) -> tuple[str, str]:
    """Decide one file's fate and apply it; returns (report field, filename)."""
    name = row["filename"]
    path = out_dir / name
    # The same person's draft may sit under an older name (their rank moved): that file is the draft.
    previous = by_owner.get((row["contact_id"], row["kind"]))
    if previous and previous != name and (out_dir / previous).exists() and not path.exists():
        old = out_dir / previous
        if _sha256(old.read_bytes()) != manifest[previous]["sha256"]:
            return "kept_edited", previous
        old.unlink()
        manifest.pop(previous, None)
    if path.exists():
        current = _sha256(path.read_bytes())
        known = manifest.get(name)
        if known is not None and current == known["sha256"] and known.get("key") == key:
            return "unchanged", name  # ours, untouched, and the same draft: no need to rebuild it
        if known is None or current != known["sha256"]:
            data = build()
            if current != _sha256(data):
                return "kept_edited", name
            manifest[name] = _entry(row, data, key)
            return "unchanged", name
    data = build()
    write_bytes_atomic(path, data)
    manifest[name] = _entry(row, data, key)
    return "written", name


def _entry(row: dict[str, Any], data: bytes, key: str) -> dict[str, Any]:
    return {"sha256": _sha256(data), "key": key, "contact_id": row["contact_id"], "kind": row["kind"]}


def _retire_stale(out_dir: Path, name: str, manifest: dict[str, dict[str, Any]]) -> None:
    # A draft that now fails must not linger as a good file from an earlier run, unless the user edited it.
    path = out_dir / name
    known = manifest.get(name)
    if known and path.exists() and _sha256(path.read_bytes()) == known["sha256"]:
        path.unlink()
        manifest.pop(name, None)


def _archive(out_dir: Path, current: set[str], manifest: dict[str, dict[str, Any]], report: DraftWriteReport) -> None:
    """Move every draft of ours that is no longer due (sent, closed, paused) to archive/, edits and all."""
    for name in sorted(set(manifest) - current):
        path = out_dir / name
        manifest.pop(name, None)
        if not path.exists():
            continue
        target = out_dir / ARCHIVE / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists() and target.read_bytes() != path.read_bytes():
            # An older archived copy of the same draft: keep both, the newer one numbered.
            n = 2
            while (stem := target.with_name(f"{target.stem}.{n}{target.suffix}")).exists():
                n += 1
            target = stem
        path.replace(target)
        report.archived.append(name)


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    schema = {
        "filename": pl.String(), "contact_id": pl.String(), "kind": pl.String(), "to": pl.String(),
        "subject": pl.String(), "body": pl.String(), "words": pl.Int64(), "chars": pl.Int64(),
        "warnings": pl.List(pl.String()), "edited": pl.Boolean(),
    }
    frame = pl.DataFrame([{c: r.get(c) for c in CSV_COLUMNS} for r in rows], schema=schema)
    write_bytes_atomic(path, flat_for_csv(frame).write_csv().encode("utf-8"))


# ---------------------------------------------------------------- drafts.md


def md_text(value: Any) -> str:
    """Inline Markdown text: HTML escaped and Markdown syntax backslashed, on one line."""
    text = " ".join(str(value if value is not None else "").split())
    return md_escape(text)


def md_fence(body: str) -> str:
    """A code fence longer than any backtick run inside the body, so the body cannot close it."""
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    return "`" * max(3, longest + 1)


def render_markdown(rows: list[dict[str, Any]], report: DraftWriteReport, profile: Profile, *, now: datetime) -> str:
    """The batch preview: every good draft in full, then the ones that need attention and why."""
    def view(row: dict[str, Any]) -> dict[str, Any]:
        return {
            "filename": md_text(row["filename"]), "kind": md_text(row["kind"]).replace("\\_", " "),
            "to": md_text(row["to"] or "(none)"), "subject": md_text(row["subject"]) if row["subject"] else None,
            "words": row["words"], "chars": row["chars"], "body": row["body"].rstrip("\n"),
            "fence": md_fence(row["body"]), "warnings": [md_text(w) for w in row["warnings"] or ()],
            "reasons": [md_text(r) for r in row["reasons"]], "status": row["status"],
        }

    good = [view(r) for r in rows if r["status"] != "failed"]
    failed = [view(r) for r in rows if r["status"] == "failed"]
    template = template_env().get_template("drafts.md.j2")
    return template.render(
        generated=now.strftime("%Y-%m-%d %H:%M %Z").strip(),
        good=good,
        failed=failed,
        counts={k: len(getattr(report, k)) for k in ("written", "unchanged", "kept_edited", "failed")},
        linkedin=sum(1 for r in rows if r["status"] != "failed" and r["filename"].endswith(".txt")),
        note_limit=profile.outreach.linkedin_note_limit,
        word_limit=profile.outreach.word_limit,
    )

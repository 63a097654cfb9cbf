"""Build RFC 5322 draft messages with the standard library, so a mail client opens them unsent."""

from __future__ import annotations

import functools
import hashlib
import re
from datetime import datetime
from email.headerregistry import Address, HeaderRegistry
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime

# Anything a header could be split on: CR, LF and every other control or line-separator character.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u0085]+")
_MAX_LINE = 998  # RFC 5322: longer lines must be encoded


class _CachedRegistry(HeaderRegistry):
    """The stock registry builds a new header class on every lookup; a draft sets about ten headers."""

    def __init__(self) -> None:
        super().__init__()
        self._classes: dict[str, type] = {}

    def __getitem__(self, name: str) -> type:
        key = name.lower()
        found = self._classes.get(key)
        if found is None:
            found = self._classes[key] = super().__getitem__(name)
        return found


# Headers every draft of a batch shares; folding them once saves a third of the writing time.
_SHARED = frozenset({"from", "date", "x-unsent", "mime-version", "content-type", "content-transfer-encoding"})
_FOLDED: dict[tuple[str, str], bytes] = {}


class _DraftPolicy(EmailPolicy):
    """SMTP policy whose shared headers are folded once: folding is a pure function of name and value."""

    def fold_binary(self, name: str, value: str) -> bytes:
        if name.lower() not in _SHARED:
            return super().fold_binary(name, value)
        key = (name, str(value))
        folded = _FOLDED.get(key)
        if folded is None:
            if len(_FOLDED) > 256:
                _FOLDED.clear()
            folded = _FOLDED[key] = super().fold_binary(name, value)
        return folded


# SMTP: CRLF line endings; non-ASCII header text is RFC 2047 encoded, the body may be 8-bit UTF-8.
POLICY = _DraftPolicy(linesep="\r\n", header_factory=_CachedRegistry())  # = email.policy.SMTP


def header_text(value: str | None) -> str:
    """One line of header text: contact data can never start a new header."""
    return " ".join(_UNSAFE.sub(" ", value or "").split())


def address(name: str | None, addr: str) -> Address:
    """A display name and address; the name is encoded (RFC 2047) when it is not plain ASCII."""
    # Refuse rather than repair: a stray line break in an address is a sign of bad data.
    if not addr or _UNSAFE.search(addr) or any(c.isspace() for c in addr) or addr.count("@") != 1:
        raise ValueError(f"not a usable email address: {addr!r}")
    username, _, domain = addr.partition("@")
    if not username or "." not in domain:
        raise ValueError(f"not a usable email address: {addr!r}")
    return Address(display_name=header_text(name), username=username, domain=domain)


@functools.lru_cache(maxsize=64)
def _shared_header(name: str, value: str, addr: str | None = None) -> object:
    # From, Date and X-Unsent are the same for a whole batch: parse them once. A header object
    # carrying its name is stored as is (EmailPolicy.header_store_parse), not parsed again.
    return POLICY.header_factory(name, address(value, addr) if addr is not None else value)


def message_id(contact_id: str, kind: str, from_addr: str) -> str:
    """A deterministic Message-ID, so re-running gives the same file for the same draft."""
    digest = hashlib.sha256(f"{contact_id}\0{kind}\0{from_addr}".encode()).hexdigest()[:24]
    domain = header_text(from_addr).rpartition("@")[2] or "coffeechat.invalid"
    if not re.fullmatch(r"[A-Za-z0-9.-]+", domain):
        domain = "coffeechat.invalid"
    return f"<{digest}.draft@{domain}>"


def build_message(
    *,
    from_name: str | None,
    from_addr: str,
    to_name: str | None,
    to_addr: str,
    subject: str,
    body: str,
    date: datetime,
    msg_id: str,
    in_reply_to: str | None = None,
) -> EmailMessage:
    """An unsent draft: From the user, To the contact, UTF-8 throughout, `X-Unsent: 1`.

    `in_reply_to` (a follow-up's first request) threads it: In-Reply-To and References.
    """
    message = EmailMessage(policy=POLICY)
    message["From"] = _shared_header("From", from_name or "", from_addr)
    message["To"] = address(to_name, to_addr)
    message["Subject"] = header_text(subject)
    message["Date"] = _shared_header("Date", format_datetime(date))
    message["Message-ID"] = msg_id
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
        message["References"] = in_reply_to
    # Outlook and Apple Mail open a message carrying X-Unsent: 1 as a draft ready to edit and send.
    message["X-Unsent"] = _shared_header("X-Unsent", "1")
    # Paragraphs are long lines: 8-bit keeps the file readable; quoted-printable only past 998 bytes.
    lines = body.encode("utf-8").splitlines()
    if any(len(line) > _MAX_LINE for line in lines):
        message.set_content(body, charset="utf-8", cte="quoted-printable")
        return message
    # What set_content does for 7bit/8bit text, with the batch-constant headers parsed only once.
    message["Content-Type"] = _shared_header("Content-Type", 'text/plain; charset="utf-8"')
    message["Content-Transfer-Encoding"] = _shared_header("Content-Transfer-Encoding", "7bit" if body.isascii() else "8bit")
    message["MIME-Version"] = _shared_header("MIME-Version", "1.0")
    message.set_payload((b"\n".join(lines) + b"\n").decode("ascii", "surrogateescape"))
    return message


def message_bytes(message: EmailMessage) -> bytes:
    """The message as it goes on disk: CRLF line endings, 8-bit UTF-8 body when needed."""
    return message.as_bytes(policy=POLICY)

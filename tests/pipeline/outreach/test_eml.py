"""Draft messages: RFC 5322 headers from the stdlib email package, UTF-8 names, no header injection."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes, policy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.outreach.eml import build_message, header_text, message_bytes, message_id

NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
HEADERS = ["From", "To", "Subject", "Date", "Message-ID", "X-Unsent", "Content-Type", "Content-Transfer-Encoding", "MIME-Version"]


def draft(**overrides) -> bytes:
    values = {"from_name": "Jordan Rivera", "from_addr": "jordan@example.com", "to_name": "Ana Lopez",
              "to_addr": "ana@example.com", "subject": "Fellow Riverbend alum", "body": "Hi Ana,\n\nCoffee?\n",
              "date": NOW, "msg_id": message_id("c_1", "email", "jordan@example.com")}
    values.update(overrides)
    return message_bytes(build_message(**values))


def parsed(data: bytes):
    return message_from_bytes(data, policy=policy.default)


def test_message_has_the_draft_headers():
    """From, To, Subject, Date, Message-ID and X-Unsent: 1, nothing else but MIME headers."""
    message = parsed(draft())
    assert message.keys() == HEADERS
    assert (message["From"], message["To"], message["X-Unsent"]) == (
        "Jordan Rivera <jordan@example.com>", "Ana Lopez <ana@example.com>", "1")
    assert message["Date"] == "Wed, 25 Nov 2026 09:00:00 +0000"


def test_lines_end_in_crlf():
    """On disk the message uses CRLF line endings, as RFC 5322 says."""
    data = draft()
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")


def test_non_ascii_name_is_encoded_in_the_header():
    """A non-ASCII display name is RFC 2047 encoded and decodes back exactly."""
    data = draft(to_name="Zoë Ñúñez-Müller", subject="Fellow Zürich alum")
    head = data.split(b"\r\n\r\n")[0]
    assert head.isascii()
    message = parsed(data)
    assert message["To"].addresses[0].display_name == "Zoë Ñúñez-Müller"
    assert str(message["Subject"]) == "Fellow Zürich alum"


def test_non_ascii_body_round_trips_as_utf8():
    """The body keeps accents and dashes, declared as UTF-8."""
    message = parsed(draft(body="Hi Zoë,\n\n20–30 minutes?\n"))
    assert message.get_content_charset() == "utf-8"
    assert message.get_content().replace("\r\n", "\n") == "Hi Zoë,\n\n20–30 minutes?\n"


def test_long_paragraph_stays_readable():
    """Paragraph-long lines are sent 8-bit/7-bit, not chopped into quoted-printable."""
    message = parsed(draft(body="word " * 150 + "\n"))
    assert message["Content-Transfer-Encoding"] == "7bit"


def test_overlong_line_is_encoded():
    """A line longer than RFC 5322's 998 characters is quoted-printable encoded."""
    message = parsed(draft(body="x" * 1200 + "\n"))
    assert message["Content-Transfer-Encoding"] == "quoted-printable"
    assert message.get_content().replace("\r\n", "\n") == "x" * 1200 + "\n"


def test_crlf_in_name_does_not_add_a_header():
    """A name holding CR/LF cannot add a Bcc header."""
    message = parsed(draft(to_name="Ana\r\nBcc: evil@example.com", subject="Hi\r\nBcc: evil@example.com"))
    assert message.keys() == HEADERS and message["Bcc"] is None


@settings(max_examples=150, deadline=None)
@given(name=st.text(max_size=60), subject=st.text(max_size=80))
def test_any_name_or_subject_never_adds_a_header(name, subject):
    """Whatever a name or subject holds, the message keeps exactly its own headers."""
    message = parsed(draft(to_name=name, subject=subject))
    assert message.keys() == HEADERS
    assert message["To"].addresses[0].addr_spec == "ana@example.com"


@pytest.mark.parametrize("addr", ["ana@example.com\r\nBcc: x@y.z", "not an address", "", "ana@example.com\n"])
def test_unusable_address_is_refused(addr):
    """An address that is not one clean address raises instead of producing a message."""
    with pytest.raises(ValueError):
        draft(to_addr=addr)


def test_message_id_is_deterministic():
    """The same draft gets the same Message-ID on every run; another contact gets another."""
    first = message_id("c_1", "email", "jordan@example.com")
    assert first == message_id("c_1", "email", "jordan@example.com")
    assert first != message_id("c_2", "email", "jordan@example.com")
    assert first.startswith("<") and first.endswith("@example.com>")


@pytest.mark.parametrize(("value", "expected"), [("a\r\nb", "a b"), ("a\u2028b", "a b"), (None, ""), ("  x  ", "x")])
def test_header_text_is_one_line(value, expected):
    """Header text never holds a line break or control character."""
    assert header_text(value) == expected


def test_a_followup_threads_under_the_request():
    """In-Reply-To and References carry the first request's Message-ID."""
    request = message_id("c_1", "email", "jordan@example.com")
    message = parsed(draft(subject="Re: Fellow Riverbend alum", msg_id=message_id("c_1", "nudge", "jordan@example.com"),
                           in_reply_to=request))
    assert (message["In-Reply-To"], message["References"]) == (request, request)
    assert message["Message-ID"] != request

"""The review page's safety rules, each a row: token, Host, cross-origin POSTs, headers, escaping."""

from __future__ import annotations

import pytest
from starlette.datastructures import Headers

from flows.web.security import CSP, allowed_hosts, cross_origin_refusal
from tests.flows.web.conftest import TOKEN

SAME = {"Sec-Fetch-Site": "same-origin"}


@pytest.mark.parametrize(
    ("method", "headers", "refused"),
    [
        ("GET", {"sec-fetch-site": "cross-site"}, False),
        ("HEAD", {"sec-fetch-site": "cross-site"}, False),
        ("OPTIONS", {"sec-fetch-site": "cross-site"}, False),
        ("POST", {"sec-fetch-site": "same-origin"}, False),
        ("POST", {"sec-fetch-site": "none"}, False),
        ("POST", {"sec-fetch-site": "cross-site"}, True),
        ("POST", {"sec-fetch-site": "same-site"}, True),
        ("POST", {"sec-fetch-site": "same-origin", "origin": "http://evil.example"}, False),
        ("POST", {"host": "127.0.0.1:8750"}, False),
        ("POST", {"host": "127.0.0.1:8750", "origin": "http://127.0.0.1:8750"}, False),
        ("POST", {"host": "127.0.0.1:8750", "origin": "http://evil.example"}, True),
        ("POST", {"host": "127.0.0.1:8750", "origin": "http://127.0.0.1:9999"}, True),
        ("POST", {"host": "127.0.0.1:8750", "origin": "null"}, True),
    ],
)
def test_cross_origin_rules(method, headers, refused):
    """Go's CrossOriginProtection: Sec-Fetch-Site decides; without it, an Origin must match Host."""
    assert (cross_origin_refusal(method, Headers(headers)) is not None) is refused


@pytest.mark.parametrize(
    ("host", "port", "expected"),
    [
        ("127.0.0.1", 8750, {"127.0.0.1:8750", "localhost:8750", "[::1]:8750"}),
        ("localhost", 9000, {"127.0.0.1:9000", "localhost:9000", "[::1]:9000"}),
        ("192.168.1.5", 8750, {"192.168.1.5:8750"}),
        ("::", 8750, {"[::]:8750"}),
    ],
)
def test_allowed_hosts(host, port, expected):
    """Loopback answers to its three names with the port; another chosen host to itself only."""
    assert allowed_hosts(host, port) == expected


@pytest.mark.parametrize(
    ("method", "path", "headers", "cookie", "status"),
    [
        ("GET", "/", {}, False, 403),  # neither token nor cookie
        ("GET", "/?token=wrong", {}, False, 403),
        ("GET", "/?token=" + TOKEN, {}, False, 303),  # trades the token for the cookie
        ("GET", "/", {}, True, 200),
        ("GET", "/static/review.css", {}, False, 403),
        ("GET", "/", {"host": "evil.example:8750"}, True, 400),  # DNS rebinding
        ("GET", "/", {"host": "127.0.0.1:9999"}, True, 400),
        ("GET", "/", {"host": "localhost:8750"}, True, 200),
        ("GET", "/", {"host": "[::1]:8750"}, True, 200),
        ("POST", "/dupes/decide", {"sec-fetch-site": "cross-site"}, True, 403),
        ("POST", "/dupes/decide", {"sec-fetch-site": "same-site"}, True, 403),
        ("POST", "/dupes/decide", {"origin": "http://evil.example"}, True, 403),
        ("POST", "/dupes/decide", SAME, False, 403),  # a same-origin POST still needs the token
        ("GET", "/dupes/decide", {}, True, 405),  # nothing changes on GET
        ("GET", "/contacts/c_nobody", {}, True, 404),
    ],
)
def test_request_rules(reader, method, path, headers, cookie, status):
    """Each guard gives its status before any route runs."""
    if not cookie:
        reader.cookies.clear()
    try:
        response = reader.request(method, path, headers=headers)
    finally:
        reader.cookies.set("coffeechat_review", TOKEN)
    assert response.status_code == status


def test_first_visit_sets_a_strict_httponly_cookie(reader):
    """?token= becomes an HttpOnly, SameSite=Strict cookie and leaves the address bar."""
    reader.cookies.clear()
    try:
        response = reader.get(f"/?token={TOKEN}&stage=planned")
    finally:
        reader.cookies.set("coffeechat_review", TOKEN)
    cookie = response.headers["set-cookie"].lower()
    assert ("httponly" in cookie, "samesite=strict" in cookie, response.headers["location"]) == (True, True, "/?stage=planned")


@pytest.mark.parametrize("path", ["/", "/drafts", "/dupes", "/imports", "/report", "/static/review.css", "/contacts/c_nobody"])
def test_every_answer_carries_the_safety_headers(reader, path):
    """CSP without inline script, nosniff and no referrer, on pages, assets and errors alike."""
    headers = reader.get(path).headers
    assert (headers["content-security-policy"], headers["x-content-type-options"], headers["referrer-policy"]) == (
        CSP, "nosniff", "no-referrer")


def test_csp_allows_no_inline_script_and_no_other_origin():
    """default-src 'self', and nothing that would let an inline script or a CDN asset run."""
    assert "default-src 'self'" in CSP and "unsafe-inline" not in CSP and "http" not in CSP


def test_hostile_name_shows_as_text(reader):
    """A name holding <script>, {{ 7*7 }} and CR/LF is escaped text: no tag, no evaluation, no header."""
    plan = reader.get("/?q=globex")
    cid = plan.text.split('href="/contacts/')[1].split('"')[0]
    page = reader.get(f"/contacts/{cid}")
    for html in (plan.text, page.text):
        # The literal braces on the page mean nothing evaluated them.
        assert ("<script>" not in html, "&lt;script&gt;alert(1)&lt;/script&gt;" in html, "{{ 7*7 }}" in html) == (
            True, True, True)
    assert "x-injected" not in {k.lower() for k in page.headers}


def test_pages_load_nothing_from_outside(reader):
    """Every src and href points at this server: no CDN."""
    import re

    for path in ("/", "/drafts", "/dupes", "/imports", "/report"):
        links = re.findall(r'(?:src|href)="([^"]*)"', reader.get(path).text)
        assert [u for u in links if not u.startswith(("/", "#"))] == []

"""The review page's guards, as one ASGI middleware: Host check, launch token, cross-origin refusal, safe headers."""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.datastructures import Headers
from starlette.requests import cookie_parser
from starlette.responses import PlainTextResponse, RedirectResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "coffeechat_review"
LOOPBACK = ("127.0.0.1", "localhost", "[::1]")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# No inline script or style anywhere; forms post only here; nothing may frame the page.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),  # the token must never leak in a Referer
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The Host header values a request may carry: loopback names with the port, or the chosen host."""
    names = LOOPBACK if host in ("127.0.0.1", "localhost", "::1", "[::1]") else (_bracket(host),)
    return frozenset(f"{name}:{port}" for name in names)


def _bracket(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


def cross_origin_refusal(method: str, headers: Headers) -> str | None:
    """Why a request is refused as cross-origin (Go's CrossOriginProtection rules), or None when it may pass."""
    if method in SAFE_METHODS:
        return None
    site = headers.get("sec-fetch-site")
    if site is not None:
        return None if site in ("same-origin", "none") else f"cross-origin request refused (Sec-Fetch-Site: {site})"
    origin = headers.get("origin")
    if origin is None:
        return None  # not from a browser: no cross-site form can omit both headers
    if urlsplit(origin).netloc.lower() != headers.get("host", "").lower():
        return "cross-origin request refused (Origin does not match Host)"
    return None


class Guard:
    """Refuse what the page must not serve; add the safety headers to everything it does serve."""

    def __init__(self, app: ASGIApp, *, token: str, hosts: Iterable[str]) -> None:
        self.app = app
        self.token = token
        self.hosts = frozenset(h.lower() for h in hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)

        async def send_safe(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *HEADERS]}
            await send(message)

        refusal = self._refuse(scope, headers)
        if refusal is not None:
            await refusal(scope, receive, send_safe)
            return
        await self.app(scope, receive, send_safe)

    def _refuse(self, scope: Scope, headers: Headers):
        # DNS rebinding: a page on another name that resolves here must not reach the store.
        if headers.get("host", "").lower() not in self.hosts:
            return PlainTextResponse("Bad Host header: open the address `coffeechat review` printed.", status_code=400)
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        given = query.get("token")
        if given is not None:
            if not hmac.compare_digest(given.encode(), self.token.encode()):
                return PlainTextResponse("Wrong token: open the address `coffeechat review` printed.", status_code=403)
            if scope["method"] in SAFE_METHODS:
                # Trade the token in the address for a cookie, and take it out of the address bar.
                rest = urlencode([(k, v) for k, v in query.items() if k != "token"])
                response = RedirectResponse(scope["path"] + (f"?{rest}" if rest else ""), status_code=303)
                response.set_cookie(COOKIE, self.token, httponly=True, samesite="strict", path="/")
                return response
        else:
            cookie = cookie_parser(headers.get("cookie", "")).get(COOKIE)
            if cookie is None or not hmac.compare_digest(cookie.encode(), self.token.encode()):
                return PlainTextResponse(
                    "No token: open the address `coffeechat review` printed (it ends with ?token=...).",
                    status_code=403,
                )
        reason = cross_origin_refusal(scope["method"], headers)
        if reason is not None:
            return PlainTextResponse(reason, status_code=403)
        return None

"""The review app: routes that parse a request, call one use case and render a page; every change is POST then redirect."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from contextlib import asynccontextmanager
from datetime import date
from typing import Any
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from flows.web.security import Guard, allowed_hosts
from pipeline.errors import CoffeechatError, StoreError
from pipeline.resources import templates_dir
from pipeline.templating import template_env
from pipeline.workspace import Workspace

log = logging.getLogger(__name__)

BUSY = "The store is busy with an import; try again in a moment."
STAGE_BUTTONS = ("sent", "replied", "scheduled", "met", "declined", "do_not_contact")


def create_app(workspace: Workspace, *, token: str, host: str = "127.0.0.1", port: int = 8750,
               today: date | None = None) -> Starlette:
    """The review app over one workspace; `today` pins the date (tests), else each request uses the real one."""
    templates = Jinja2Templates(env=template_env())

    def day() -> date:
        return today or date.today()

    def page(request: Request, name: str, status: int = 200, **context: Any) -> Response:
        from pipeline.app.outreach import MARKABLE

        context.setdefault("msg", request.query_params.get("msg"))
        context["stage_buttons"] = [k for k in STAGE_BUTTONS if k in MARKABLE]
        return templates.TemplateResponse(request, f"web/{name}.html.j2", context, status_code=status)

    def back(path: str, msg: str) -> RedirectResponse:
        joiner = "&" if "?" in path else "?"
        return RedirectResponse(f"{path}{joiner}{urlencode({'msg': msg})}", status_code=303)

    async def plan(request: Request) -> Response:
        from pipeline.app.review import PlanQuery, plan_page

        q = request.query_params
        query = PlanQuery(
            target=q.get("target") or None, week=_int(q.get("week")), stage=q.get("stage") or None,
            channel=q.get("channel") or None, school=q.get("school") or None, q=q.get("q") or None,
            sort=q.get("sort") or "rank", desc=q.get("dir") == "desc", page=_int(q.get("page")) or 1,
        )
        result = await run_in_threadpool(plan_page, workspace, query, today=day())
        params = {k: v for k, v in q.items() if k not in ("page", "msg") and v}
        return page(request, "plan", view=result, params=params, stages=_stages())

    async def contact(request: Request) -> Response:
        from pipeline.app.review import contact_detail

        detail = await run_in_threadpool(contact_detail, workspace, request.path_params["contact_id"], today=day())
        if detail is None:
            raise HTTPException(404, "No such contact: it may have been merged into another; go back to the plan.")
        return page(request, "contact", c=detail)

    async def mark(request: Request) -> Response:
        from pipeline.app.outreach import mark as mark_event

        cid = request.path_params["contact_id"]
        form = await request.form()
        kind = str(form.get("kind", ""))
        note = str(form.get("note", "")).strip() or None
        undo = form.get("undo") == "1"
        result = await run_in_threadpool(
            lambda: mark_event(workspace, cid, kind, on=day(), today=day(), note=note, undo=undo, source="web"))
        done = f"Undid {kind} of {result.on.isoformat()}" if undo else f"Logged {result.kind.replace('_', '-')}"
        return back(_next(form, f"/contacts/{cid}"), f"{done}; now {result.stage.replace('_', ' ')}.")

    async def rate(request: Request) -> Response:
        from pipeline.app.ratings import rate as rate_contact

        cid = request.path_params["contact_id"]
        form = await request.form()
        clear = form.get("grade") == "clear"
        grade = None if clear else _int(str(form.get("grade", "")))
        target = str(form.get("target", "")) or None
        await run_in_threadpool(lambda: rate_contact(workspace, cid, grade, target=target, clear=clear, source="web", on=day()))
        return back(f"/contacts/{cid}", "Rating cleared." if clear else f"Rated {grade}.")

    async def decide(request: Request) -> Response:
        from pipeline.app.dupes import decide as decide_pair

        form = await request.form()
        decision = {"same": "same", "different": "different", "undo": None}.get(str(form.get("decision")), "?")
        pair = [str(form.get("record_a", "")), str(form.get("record_b", ""))]
        result = await run_in_threadpool(decide_pair, workspace, pair, decision)
        verb = {"same": "Merged", "different": "Kept apart", None: "Decision withdrawn"}[decision]
        return back(_next(form, "/dupes"), f"{verb}; {result.contacts} contacts now.")

    async def dupes(request: Request) -> Response:
        from pipeline.app.review import queue

        pairs, decisions = await run_in_threadpool(queue, workspace)
        return page(request, "dupes", pairs=pairs.to_dicts(), decisions=decisions.to_dicts())

    async def imports(request: Request) -> Response:
        from pipeline.app.review import imports as list_imports

        return page(request, "imports", imports=await run_in_threadpool(list_imports, workspace))

    async def report(request: Request) -> Response:
        from pipeline.app.review import report_view

        return page(request, "report", report=await run_in_threadpool(report_view, workspace, today=day()))

    async def drafts(request: Request) -> Response:
        from pipeline.app.review_drafts import pending_drafts

        return page(request, "drafts", drafts=await run_in_threadpool(pending_drafts, workspace, today=day()), failed={})

    async def save(request: Request) -> Response:
        from pipeline.app.review_drafts import pending_drafts, save_draft

        form = await request.form()
        cid, kind = str(form.get("contact_id", "")), str(form.get("kind", ""))
        subject = form.get("subject")
        body = str(form.get("body", ""))
        approve = form.get("action") == "approve"
        result = await run_in_threadpool(lambda: save_draft(
            workspace, cid, kind, subject=None if subject is None else str(subject), body=body, today=day(), approve=approve))
        if result.problems:
            # Nothing changed: show the page again with the text as typed and the reasons.
            listed = await run_in_threadpool(pending_drafts, workspace, today=day())
            failed = {(cid, kind): {"subject": subject, "body": body, "problems": result.problems}}
            return page(request, "drafts", 422, drafts=listed, failed=failed,
                        msg=f"Not saved: {result.filename} needs changes.")
        done = "Approved" if result.approved else "Saved"
        return back("/drafts", f"{done} {result.filename}.")

    async def sent(request: Request) -> Response:
        from pipeline.app.outreach import mark as mark_event

        form = await request.form()
        cid = str(form.get("contact_id", ""))
        await run_in_threadpool(lambda: mark_event(workspace, cid, "sent", on=day(), today=day(), source="web"))
        return back("/drafts", "Marked sent.")

    async def busy(request: Request, exc: Exception) -> Response:
        return page(request, "message", 503, title="Busy", text=BUSY, msg=None)

    async def refused(request: Request, exc: Exception) -> Response:
        if isinstance(exc, StoreError) and _busy(exc):
            return await busy(request, exc)
        return page(request, "message", 400, title="Cannot do that", text=str(exc), msg=None)

    async def missing(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        return page(request, "message", exc.status_code, title="Not found" if exc.status_code == 404 else "Error",
                    text=exc.detail, msg=None)

    @asynccontextmanager
    async def lifespan(app: Starlette):
        # Rank once in the background, so the first visit is as fast as the others and Ctrl-C never waits for it.
        from pipeline.app.review import board

        def warm() -> None:
            try:
                board(workspace, today=day())
            except CoffeechatError as exc:
                log.warning("the plan could not be ranked yet: %s", exc)

        threading.Thread(target=warm, name="coffeechat-warm", daemon=True).start()
        yield

    routes = [
        Route("/", plan, methods=["GET"]),
        Route("/contacts/{contact_id}", contact, methods=["GET"]),
        Route("/contacts/{contact_id}/mark", mark, methods=["POST"]),
        Route("/contacts/{contact_id}/rate", rate, methods=["POST"]),
        Route("/dupes", dupes, methods=["GET"]),
        Route("/dupes/decide", decide, methods=["POST"]),
        Route("/drafts", drafts, methods=["GET"]),
        Route("/drafts/save", save, methods=["POST"]),
        Route("/drafts/sent", sent, methods=["POST"]),
        Route("/imports", imports, methods=["GET"]),
        Route("/report", report, methods=["GET"]),
        Route("/favicon.ico", _no_icon, methods=["GET"]),  # browsers ask; an empty answer keeps the console clean
        Mount("/static", StaticFiles(directory=templates_dir() / "web" / "static"), name="static"),
    ]
    # The store words every SQLite failure as a StoreError (busy past the timeout included): no sqlite here.
    handlers: dict[Any, Callable] = {CoffeechatError: refused, HTTPException: missing}
    return Starlette(
        routes=routes,
        middleware=[Middleware(Guard, token=token, hosts=allowed_hosts(host, port))],
        exception_handlers=handlers,
        lifespan=lifespan,
    )


async def _no_icon(request: Request) -> Response:
    return Response(status_code=204)


def _busy(exc: StoreError) -> bool:
    # Another writer held the lock past the busy timeout (the store's message words it its own way).
    text = f"{exc.message} {exc.__cause__ or ''}".lower()
    return any(word in text for word in ("busy", "locked", "write lock"))


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _next(form: Any, default: str) -> str:
    # Only a path on this server: never an absolute or scheme-relative address.
    target = str(form.get("next", "") or "")
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else default


def _stages() -> list[str]:
    from pipeline.app.review import STAGES

    return list(STAGES)

"""`coffeechat review`: serve the local review page over the workspace until Ctrl-C."""

from __future__ import annotations

from typing import Annotated

import typer

from flows.cli.common import DEFAULT_WORKSPACE, TodayOpt, WorkspaceOpt, app, workspace_at

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


@app.command()
def review(
    workspace: WorkspaceOpt = DEFAULT_WORKSPACE,
    host: Annotated[str, typer.Option("--host", help="Address to listen on (loopback unless you mean it).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on (0: any free one).")] = 8750,
    no_open: Annotated[bool, typer.Option("--no-open", help="Do not open a browser.")] = False,
    today: TodayOpt = None,
) -> None:
    """Review the plan, duplicates, ratings, drafts and conversations in a local page (Ctrl-C stops it)."""
    import secrets
    import socket
    import sys
    import threading
    import webbrowser

    import uvicorn

    from flows.cli.common import parse_day
    from flows.web.app import create_app
    from pipeline.errors import CoffeechatError

    ws = workspace_at(workspace)
    day = parse_day(today) if today else None
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise CoffeechatError(
            f"Cannot listen on {host}:{port} ({exc.strerror})",
            fix=f"Pass another --port (e.g. --port {port + 1}), or stop what uses it.",
        ) from exc
    sock.listen(128)
    port = sock.getsockname()[1]
    if host not in LOOPBACK_HOSTS:
        print(f"Warning: listening on {host}: anyone who can reach it and has the token sees your contacts.",
              file=sys.stderr)
    token = secrets.token_urlsafe(24)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/?token={token}"
    # Ctrl-C at any moment from here on (even while the first ranking warms up) is a clean stop;
    # the print is inside the try because a Ctrl-C sent on seeing the line can land before the next statement.
    try:
        print(f"Review at {url}", flush=True)
        web = create_app(ws, token=token, host=host, port=port, today=day)
        server = uvicorn.Server(uvicorn.Config(web, log_level="warning", lifespan="on", access_log=False))
        if not no_open:
            threading.Timer(0.5, webbrowser.open, args=(url,)).start()
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()

"""`coffeechat serve` refuses early, with the two commands that start a server, when none answers."""

from __future__ import annotations

import socket


def test_serve_against_a_server_that_does_not_answer(cli):
    """A PREFECT_API_URL nobody listens on: exit 1, the URL named, and how to start a server."""
    assert cli("init").code == 0
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again at once: nothing listens there
    result = cli("serve", "--interval", "5", env={"PREFECT_API_URL": f"http://127.0.0.1:{port}/api"})
    assert result.code == 1
    assert result.err.startswith(f"Error: No Prefect server answers at PREFECT_API_URL=http://127.0.0.1:{port}/api (")
    assert result.err.endswith("Run `prefect server start` in another terminal, then "
                               "`export PREFECT_API_URL=http://127.0.0.1:4200/api` here and retry.\n")

"""The `coffeechat` command: thin adapters that parse arguments, call one use case and print.

Each module registers its commands on the shared Typer app; heavy imports stay inside the
command bodies, so `coffeechat --help` answers without loading polars or prefect.
"""

from __future__ import annotations

import sys

from flows.cli import dupes, importing, outreach, planning, ratings, report, review, running  # noqa: F401  (they register commands)
from flows.cli.common import app


def main() -> None:
    """Entry point: a CoffeechatError becomes `Error: ...` and exit 1, never a traceback."""
    from pipeline.errors import CoffeechatError

    try:
        app()
    except CoffeechatError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        sys.exit(1)


__all__ = ["app", "main"]

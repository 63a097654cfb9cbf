"""Offline, private defaults for Prefect, set before it is first imported."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def configure_prefect(workspace: Path) -> None:
    """Keep Prefect quiet and local: no analytics, no persisted results, its home inside the workspace.

    Prefect reads its settings when first imported, so this must run before that; an
    environment the user set (a PREFECT_API_URL pointing at `prefect server start`, their own
    PREFECT_HOME) always wins. With no server, Prefect's temporary server keeps its database,
    including the plan artifacts, under the workspace: nothing about a contact leaves it.
    """
    if "prefect" in sys.modules:
        return
    defaults = {
        "PREFECT_HOME": str((workspace / ".prefect").resolve()),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
        "PREFECT_LOGGING_LEVEL": os.environ.get("PREFECT_LOGGING_LEVEL", "WARNING"),
        "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
        # The temporary server's 20 s default is too short on a busy two-core machine whose
        # fresh install compiles Prefect on first start: wait longer rather than fail the run.
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    }
    for key, value in defaults.items():
        os.environ.setdefault(key, value)

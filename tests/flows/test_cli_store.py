"""Every command on a broken store: one `Error:` line naming the file and the fix, exit 1, never a traceback."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import SAMPLE

COMMANDS = [
    ("plan", "--today", "2026-11-25"),
    ("drafts", "--today", "2026-11-25"),
    ("mark", "c_0000000000", "sent"),
    ("status",),
    ("dupes",),
    ("export", "contacts", "--output", "contacts.csv"),
    ("import", "Connections.csv"),
]


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    """A workspace with the sample profile and one import, made once: tests copy it."""
    from pipeline.app.imports import import_into
    from pipeline.workspace import init_workspace

    root = tmp_path_factory.mktemp("stored") / "ws"
    ws, _ = init_workspace(root)
    shutil.copyfile(SAMPLE / "profile.toml", ws.profile)
    import_into(ws, [SAMPLE / "Connections.csv"])
    return root


@pytest.fixture
def broken(cli, stored):
    """A copy of the stored workspace, to damage in place; the sample export sits beside it."""
    shutil.copytree(stored, cli.cwd / "ws")
    shutil.copyfile(SAMPLE / "Connections.csv", cli.cwd / "Connections.csv")
    return cli


def _garble(db) -> None:
    data = bytearray(db.read_bytes())
    data[4096:] = b"\xde\xad\xbe\xef" * ((len(data) - 4096) // 4)
    db.write_bytes(bytes(data))


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_a_damaged_store_stops_every_command(broken, command):
    """Garbage pages in the store: the command exits 1 with the damaged-store error, nothing else."""
    db = broken.cwd / "ws" / "coffeechat.db"
    _garble(db)
    result = broken(*command)
    assert result.code == 1, result.out + result.err
    assert result.err.startswith(f"Error: {db}: The store is damaged (")
    assert result.err.count("\n") == 1 and "Traceback" not in result.err


@pytest.mark.parametrize("command", COMMANDS[2:5], ids=lambda c: c[0])
def test_a_file_that_is_not_a_store_stops_every_command(broken, command):
    """Something else saved as coffeechat.db: exit 1, the file named, the fix to move it aside."""
    db = broken.cwd / "ws" / "coffeechat.db"
    for extra in ("-wal", "-shm"):
        db.with_name(db.name + extra).unlink(missing_ok=True)
    db.write_bytes(b"PK\x03\x04 a zip file, say" * 200)
    result = broken(*command)
    assert result.code == 1
    assert result.err.startswith(f"Error: {db}: This file is not a coffeechat store")
    assert f"mv {db} {db}.broken" in result.err and "Traceback" not in result.err

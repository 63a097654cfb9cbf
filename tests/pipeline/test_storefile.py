"""The store's file: private modes, the check after an unclean close, backups, and SQLite errors in words."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime

import pytest

from pipeline import storefile
from pipeline.errors import StoreError
from pipeline.store import Store


def _mode(path) -> str:
    return oct(path.stat().st_mode & 0o777)


def _with_data(root) -> None:
    """A store holding one event, closed cleanly."""
    with Store.open(root) as store:
        store.add_event("c_1", "note", "2026-11-25", "hello")


def _garble(path, start_page: int = 2) -> None:
    """Overwrite every page from `start_page` on with garbage, keeping the header page."""
    size = path.stat().st_size
    page = 4096
    with path.open("r+b") as handle:
        handle.seek(page * (start_page - 1))
        handle.write(b"\xde\xad\xbe\xef" * ((size - page * (start_page - 1)) // 4))


def test_a_new_store_and_its_journal_are_private(tmp_path):
    """The store is created 0600 and SQLite's -wal and -shm files follow it."""
    with Store.open(tmp_path) as store:
        store.add_event("c_1", "note", "2026-11-25")
        assert _mode(store.path) == "0o600"
        assert _mode(store.path.with_name("coffeechat.db-wal")) == "0o600"


def test_an_old_world_readable_store_is_made_private(tmp_path):
    """A store an older coffeechat made 0644 is 0600 after the next open."""
    _with_data(tmp_path)
    (tmp_path / "coffeechat.db").chmod(0o644)
    Store.open(tmp_path).close()
    assert _mode(tmp_path / "coffeechat.db") == "0o600"


def test_a_clean_close_skips_the_check_and_a_change_triggers_it(tmp_path):
    """After a clean close the file matches its mark; any later change to it does not."""
    _with_data(tmp_path)
    path = tmp_path / "coffeechat.db"
    assert not storefile.changed_since_clean_close(path)
    os.utime(path, ns=(1, 1))
    assert storefile.changed_since_clean_close(path)


def test_a_file_that_is_not_a_database_is_named_with_the_fix(tmp_path):
    """Garbage where the store should be gives one StoreError: not a coffeechat store, move it aside."""
    (tmp_path / "coffeechat.db").write_bytes(b"hello, this is not sqlite" * 100)
    with pytest.raises(StoreError) as caught:
        Store.open(tmp_path)
    assert str(caught.value).startswith(f"{tmp_path / 'coffeechat.db'}: This file is not a coffeechat store")
    assert f"mv {tmp_path / 'coffeechat.db'} {tmp_path / 'coffeechat.db'}.broken" in str(caught.value)


def test_another_programs_database_is_never_migrated_into(tmp_path):
    """A SQLite file with someone else's tables is refused, and left untouched."""
    conn = sqlite3.connect(tmp_path / "coffeechat.db")
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match=r"not a coffeechat store \(it holds another program's tables\)"):
        Store.open(tmp_path)
    conn = sqlite3.connect(tmp_path / "coffeechat.db")
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["recipes"]
    conn.close()


def test_a_damaged_store_names_the_newest_backup(tmp_path):
    """Garbage pages found by quick_check on open give an error whose fix restores the newest backup."""
    _with_data(tmp_path)
    _with_data(tmp_path)  # the second store's first write of the day makes the backup
    (newest,) = storefile.backups(tmp_path / "coffeechat.db")
    _garble(tmp_path / "coffeechat.db")
    with pytest.raises(StoreError) as caught:
        Store.open(tmp_path)
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'coffeechat.db'}: The store is damaged (")
    assert message.endswith(f"Restore the newest backup: mv {tmp_path / 'coffeechat.db'} "
                            f"{tmp_path / 'coffeechat.db'}.damaged && cp {newest} {tmp_path / 'coffeechat.db'}.")


def test_the_backup_restores(tmp_path):
    """A backup is a whole store: opened in place of the damaged one it holds the same rows."""
    _with_data(tmp_path)
    _with_data(tmp_path)
    (newest,) = storefile.backups(tmp_path / "coffeechat.db")
    restored = tmp_path / "restored"
    restored.mkdir()
    (restored / "coffeechat.db").write_bytes(newest.read_bytes())
    with Store.open(restored) as store:
        assert store.events().height == 1


def test_backups_are_private_and_only_the_last_seven_are_kept(tmp_path):
    """Nine backups leave the newest seven, 0600 files in a 0700 folder."""
    _with_data(tmp_path)
    path = tmp_path / "coffeechat.db"
    with Store.open(tmp_path) as store:
        made = [storefile.backup(store.conn, path, "test", now=datetime(2026, 11, d)) for d in range(1, 10)]
    kept = storefile.backups(path)
    assert kept == made[-7:]
    assert _mode(path.parent / "backups") == "0o700" and {_mode(p) for p in kept} == {"0o600"}


def test_one_backup_a_day_at_the_first_write(tmp_path):
    """Many writes in a day make one daily backup; an empty store makes none."""
    Store.open(tmp_path).close()
    assert storefile.backups(tmp_path / "coffeechat.db") == []
    for _ in range(3):
        _with_data(tmp_path)
    assert len(storefile.backups(tmp_path / "coffeechat.db")) == 1


def test_a_migration_is_preceded_by_a_backup(tmp_path):
    """Upgrading an older store first copies it to backups/ under the schema it goes to."""
    with Store.open(tmp_path) as store:
        store.conn.execute("DROP TABLE events")
        store.conn.execute("PRAGMA user_version = 1")
    Store.open(tmp_path).close()
    (backup,) = storefile.backups(tmp_path / "coffeechat.db")
    assert backup.name.endswith("-before-schema-2.db")
    conn = sqlite3.connect(backup)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    conn.close()


def test_a_full_disk_is_said_plainly_and_leaves_the_store_as_it_was(tmp_path):
    """SQLITE_FULL inside a write gives the disk-full error (not 'cannot rollback') and nothing is written."""
    _with_data(tmp_path)
    with Store.open(tmp_path) as store:
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count = {pages}")
        with pytest.raises(StoreError) as caught:
            store.add_event("c_2", "note", "2026-11-25", "x" * 200_000)
        assert str(caught.value) == (
            f"{store.path}: The disk is full; nothing was written, the store is as it was. "
            f"Free some space on the disk holding {tmp_path}, then retry."
        )
        assert store.events().height == 1
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_read_only_store_is_said_plainly(tmp_path):
    """A write SQLite refuses as read-only gives one StoreError with the chmod fix."""
    _with_data(tmp_path)
    with Store.open(tmp_path) as store:
        store.conn.execute("PRAGMA query_only = 1")  # the same SQLITE_READONLY a 0400 file gives a non-root user
        with pytest.raises(StoreError) as caught:
            store.add_event("c_2", "note", "2026-11-25")
    assert str(caught.value) == (
        f"{tmp_path / 'coffeechat.db'}: The store is read-only. Make the store and its folder writable "
        f"(chmod u+w {tmp_path / 'coffeechat.db'} {tmp_path}), or pass another --workspace."
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through file modes")
def test_a_read_only_file_is_said_plainly(tmp_path):
    """A 0400 store file gives the read-only error on the first write."""
    _with_data(tmp_path)
    (tmp_path / "coffeechat.db").chmod(0o400)
    with pytest.raises(StoreError, match="The store is read-only"), Store.open(tmp_path) as store:
        store.add_event("c_2", "note", "2026-11-25")


def test_a_constraint_error_stays_a_bug(tmp_path):
    """Integrity errors are not dressed up as user errors: they keep their sqlite3 type."""
    with Store.open(tmp_path) as store, pytest.raises(sqlite3.IntegrityError):
        store.conn.execute("INSERT INTO events (contact_id, kind, at, source) VALUES ('c', 'note', 'x', 'nope')")

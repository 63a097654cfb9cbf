"""The import use case: the inbox's settle check and filing, and writers that take turns on the store."""

from __future__ import annotations

import os
import threading
import time

import pytest

from pipeline.app import imports
from pipeline.errors import StoreError
from pipeline.store import Store

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def linkedin_csv(n: int, start: int = 0, title: str = "Analyst") -> str:
    """A LinkedIn export of `n` distinct people."""
    rows = (
        f"Person{i},Surname{i},https://www.linkedin.com/in/person-{i},p{i}@example.com,Firm{i % 50},{title},08 Jan 2024\n"
        for i in range(start, start + n)
    )
    return HEADER + "".join(rows)


def _old(path):
    """Pretend the file was written a minute ago (it has settled)."""
    past = time.time() - 60
    os.utime(path, (past, past))
    return path


def _orphans(store: Store) -> int:
    return store.conn.execute(
        "SELECT count(*) FROM source_records WHERE contact_id IS NULL OR contact_id NOT IN (SELECT contact_id FROM contacts)"
    ).fetchone()[0]


def _in_thread(target, *args) -> tuple[threading.Thread, list[BaseException]]:
    """Run target(*args) in a thread; its exception, if any, lands in the returned list."""
    errors: list[BaseException] = []

    def run():
        try:
            target(*args)
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def _reresolve(workspace) -> None:
    with Store.open(workspace.root) as store:
        imports.reresolve(store)


def test_a_settled_file_is_taken_without_waiting(tmp_path):
    """Files untouched for longer than the settle time are ready at once."""
    path = tmp_path / "a.csv"
    path.write_text("x")
    _old(path)
    start = time.perf_counter()
    ready, growing = imports.settled_files([path], settle=2.0)
    assert (ready, growing) == ([path], [])
    assert time.perf_counter() - start < 1.0


def test_a_file_still_growing_waits_for_the_next_run(tmp_path):
    """A file whose size changes during the settle wait is left in the inbox."""
    growing_file, still = tmp_path / "copying.csv", tmp_path / "done.csv"
    growing_file.write_text(HEADER)
    still.write_text(HEADER)
    _old(still)
    timer = threading.Timer(0.1, lambda: growing_file.open("a").write("more,rows\n"))
    timer.start()
    ready, growing = imports.settled_files([growing_file, still], settle=0.5)
    timer.join()
    assert (ready, growing) == ([still], [growing_file])


def test_inbox_files_move_to_imported_and_a_repeat_changes_nothing(workspace):
    """An imported file moves to inbox/imported/; the same content under another name is 'unchanged' and filed too."""
    (workspace.inbox / "first.csv").write_text(linkedin_csv(5))
    first = imports.import_inbox(workspace, settle=0)
    (workspace.inbox / "again.csv").write_text(linkedin_csv(5))
    second = imports.import_inbox(workspace, settle=0)
    assert [(r.status, r.note) for r in first] == [("imported", "moved to inbox/imported/first.csv")]
    assert second[0].status == "unchanged" and second[0].note.endswith("moved to inbox/imported/again.csv")
    assert sorted(p.name for p in workspace.inbox_imported.iterdir()) == ["again.csv", "first.csv"]
    with Store.open(workspace.root) as store:
        assert store.counts()["imports"] == 1


def test_a_second_file_of_the_same_name_is_not_overwritten(workspace):
    """A newer export with the name of one already filed gets -2 and both are kept."""
    (workspace.inbox / "Connections.csv").write_text(linkedin_csv(3))
    imports.import_inbox(workspace, settle=0)
    (workspace.inbox / "Connections.csv").write_text(linkedin_csv(4))
    report = imports.import_inbox(workspace, settle=0)
    assert report[0].status == "imported"
    assert sorted(p.name for p in workspace.inbox_imported.iterdir()) == ["Connections-2.csv", "Connections.csv"]


def test_an_unreadable_file_moves_to_failed_with_its_error(workspace):
    """A file that cannot be read moves to inbox/failed/ with NAME.error.txt holding the message and the fix."""
    (workspace.inbox / "broken.csv").write_bytes(b"\x00\x01\x02\xff" * 100)
    (report,) = imports.import_inbox(workspace, settle=0)
    failed = workspace.inbox_failed
    assert report.status == "error" and report.note == "moved to inbox/failed/broken.csv"
    assert (failed / "broken.csv").exists() and not (workspace.inbox / "broken.csv").exists()
    text = (failed / "broken.csv.error.txt").read_text()
    assert text.startswith("inbox/broken.csv: ") and "\nFix: " in text
    assert oct((failed / "broken.csv.error.txt").stat().st_mode & 0o777) == "0o600"


def test_two_imports_of_one_file_give_one_import_and_one_already_imported(workspace, tmp_path):
    """Two imports of the same file at the same moment: the second waits for the lock, then finds it in the ledger."""
    path = tmp_path / "same.csv"
    path.write_text(linkedin_csv(200))
    reports: list[str] = []
    holder = Store.open(workspace.root)
    with holder.transaction():  # both importers parse, then queue on the write lock
        started = [_in_thread(lambda: reports.append(imports.import_into(workspace, [path])[0].status))
                   for _ in range(2)]
        time.sleep(1.0)
    for thread, errors in started:
        thread.join(timeout=60)
        assert errors == []
    assert sorted(reports) == ["imported", "unchanged"]
    assert holder.counts()["imports"] == 1
    holder.close()


def test_re_resolution_never_drops_an_import_that_committed_while_it_waited(workspace, tmp_path):
    """`dupes` re-resolution reads under the write lock: an import committed before it gets the lock is kept."""
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    first.write_text(linkedin_csv(50))
    second.write_text(linkedin_csv(50, start=50))
    imports.import_into(workspace, [first])
    importer = Store.open(workspace.root)
    with importer.transaction():
        thread, errors = _in_thread(_reresolve, workspace)
        time.sleep(0.5)  # the re-resolution is now queued on the lock
        imports.import_file(importer, second)
    thread.join(timeout=60)
    assert errors == []
    assert importer.counts()["records"] == 100
    assert _orphans(importer) == 0
    importer.close()


def test_a_writer_that_waits_too_long_gets_a_clear_error(workspace):
    """Past the busy timeout a second writer gets a StoreError saying who holds the lock, never 'database is locked'."""
    holder = Store.open(workspace.root)
    waiter = Store.open(workspace.root, timeout=0.2)
    with holder.transaction(), pytest.raises(StoreError) as caught:
        waiter.add_event("c_x", "note", "2026-11-25", "hello")
    assert str(caught.value) == (
        f"{workspace.db}: Another coffeechat command (an import, a run, `dupes same`) has held the store's write lock "
        "for over 0.2 s. Wait for it to finish, then retry."
    )
    holder.close()
    waiter.close()

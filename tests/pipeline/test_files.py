"""The one atomic writer: private files, symlinks followed and kept, folders and failed writes as OutputErrors."""

from __future__ import annotations

import pytest

from pipeline.errors import OutputError
from pipeline.files import write_text_atomic


def test_a_new_file_is_private_and_leaves_no_temp_file(tmp_path):
    """The file is 0600 and nothing but it is left in the folder."""
    write_text_atomic(tmp_path / "out" / "plan.md", "hello")
    assert oct((tmp_path / "out" / "plan.md").stat().st_mode & 0o777) == "0o600"
    assert oct((tmp_path / "out").stat().st_mode & 0o777) == "0o700"
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["plan.md"]


def test_a_symlink_is_followed_never_replaced(tmp_path):
    """Writing through a symlink replaces its target's content and keeps the link."""
    target, link = tmp_path / "real.csv", tmp_path / "link.csv"
    target.write_text("old")
    link.symlink_to(target)
    write_text_atomic(link, "new")
    assert link.is_symlink() and target.read_text() == "new"


def test_a_folder_is_refused(tmp_path):
    """A folder where the file should go is an OutputError, the folder untouched."""
    (tmp_path / "plan.csv").mkdir()
    with pytest.raises(OutputError, match=r"This is a folder, not a file\. Give a file name inside it\."):
        write_text_atomic(tmp_path / "plan.csv", "x")


def test_a_write_that_fails_is_an_output_error_naming_the_file(tmp_path):
    """A parent that is a file (ENOTDIR): OutputError naming the file and the fix, no traceback type."""
    (tmp_path / "out").write_text("a file, not a folder")
    with pytest.raises(OutputError) as caught:
        write_text_atomic(tmp_path / "out" / "plan.md", "x")
    assert str(caught.value).startswith(f"{tmp_path / 'out' / 'plan.md'}: Cannot write the file (")
    assert str(caught.value).endswith("Check the folder exists and is writable, then retry.")

"""Where the tests find the repository, their fixtures, golden files and the shared real-world exports."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TESTS = REPO / "tests"
FIXTURES = TESTS / "fixtures"
GOLDEN = TESTS / "golden"
# Real LinkedIn exports live beside the repository (never copied into it); tests skip without them.
REALWORLD = REPO.parent / "shared" / "realworld" / "linkedin"

"""Where the files coffeechat ships live: templates and the demo's sample inputs, in a wheel or a checkout."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

# A wheel carries them as package data under pipeline/_shipped/ (see pyproject's force-include);
# a source checkout (and an editable install) has them at the repository's top level.
_PACKAGED = "_shipped"


@functools.cache
def shipped(name: str) -> Path:
    """The shipped folder `name` ("templates" or "sample")."""
    packaged = resources.files("pipeline").joinpath(_PACKAGED, name)
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = {"templates": ("templates",), "sample": ("data", "sample")}[name]
    return Path(__file__).resolve().parents[1].joinpath(*checkout)


def templates_dir() -> Path:
    return shipped("templates")


def sample_dir() -> Path:
    return shipped("sample")

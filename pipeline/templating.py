"""The one Jinja2 environment: sandboxed, strict about undefined names, escaping HTML only."""

from __future__ import annotations

import functools
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import SandboxedEnvironment

from pipeline.resources import templates_dir


def template_env(override_dir: Path | None = None) -> SandboxedEnvironment:
    """The shared environment; a user's `override_dir` templates win over the shipped ones."""
    # Normalise so that "x" and "./x" share one cached environment (compiling is the cost).
    key = None if override_dir is None else Path(override_dir).resolve()
    return _cached_env(key)


@functools.lru_cache(maxsize=16)
def _cached_env(override_dir: Path | None) -> SandboxedEnvironment:
    loaders = [FileSystemLoader(override_dir)] if override_dir is not None else []
    loaders.append(FileSystemLoader(templates_dir()))
    return SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=select_autoescape(["html", "html.j2"]),
        keep_trailing_newline=True,
    )

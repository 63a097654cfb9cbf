"""The one exception tree every coffeechat failure a user can fix belongs to.

    CoffeechatError                 base: the CLI catches only this, prints "Error: ...", exits 1
    ├── InputFileError              a file cannot be read at all (missing, empty, binary, no header)
    │   └── UnknownColumnsError     no header row with recognisable columns was found
    ├── ProfileError                profile.toml is missing, malformed or has unknown keys
    ├── WorkspaceError              the workspace folder or its store is unusable
    ├── StoreError                  the SQLite store refused a write (locked, newer schema)
    ├── TemplateError               a draft template is missing or does not compile
    ├── OutputError                 an output file cannot be written where it was asked for
    └── ContractError               a frame broke its Pandera contract between two stages (a bug)

Each carries the file, line and value it is about (when known) and a ``fix``: the
flag, mapping or command that gets the user going again. ``str(err)`` ends with it.
"""

from __future__ import annotations

from pathlib import Path


class CoffeechatError(Exception):
    """A failure the user can fix; the message names what went wrong and how to fix it."""

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        value: str | None = None,
        fix: str | None = None,
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.value = value
        self.fix = fix
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}"
            if self.line is not None:
                where += f", line {self.line}"
            where += ": "
        text = f"{where}{self.message}"
        if self.fix:
            text += f" {self.fix}" if text.endswith((".", "!", "?")) else f". {self.fix}"
        return text


class InputFileError(CoffeechatError):
    """A contact file cannot be read at all."""


class UnknownColumnsError(InputFileError):
    """No header row with recognisable contact columns was found."""


class ProfileError(CoffeechatError):
    """profile.toml cannot be used as it is."""


class WorkspaceError(CoffeechatError):
    """The workspace folder or its store cannot be used."""


class StoreError(CoffeechatError):
    """The SQLite store refused a read or a write."""


class TemplateError(CoffeechatError):
    """A draft template is missing or broken."""


class OutputError(CoffeechatError):
    """A file coffeechat was asked to write cannot be written there."""


class ContractError(CoffeechatError):
    """A frame crossing a stage boundary broke its Pandera contract: a bug, named by stage and column."""

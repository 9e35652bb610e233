"""Errors a user can cause, each with a one-line Chinese message.

The CLI prints ``str(error)`` on stderr and exits with code 2; nothing else in
drafter prints. Library code raises these instead of letting a traceback out.
"""

from __future__ import annotations

from pathlib import Path


class DrafterError(Exception):
    """Base class: bad input or a bad setting, reported without a traceback."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}"
            if self.line:
                where += f" 第{self.line}行"
            where += ":"
        return f"{where}{self.message}"


class InputError(DrafterError):
    """A file that cannot be read or understood."""


class UsageError(DrafterError):
    """Arguments that do not fit together, or an output that would overwrite a file."""


class SkippedEntryWarning(UserWarning):
    """A corpus entry was left out because it cannot be read (the message says which and why).

    The CLI prints each one on stderr; the command goes on with the rest of the corpus."""

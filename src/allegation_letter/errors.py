"""Errors a user can fix, their locations, and the exit codes the CLI maps them to."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Literal

Severity = Literal["error", "warning"]


class ExitCode(IntEnum):
    """The documented exit codes of the `letter` command."""

    OK = 0
    INTERNAL = 1  # a bug, or Ctrl-C
    USAGE = 2  # bad options or arguments
    INVALID = 3  # invalid data or template
    REFUSED = 4  # refused in order to protect data
    IO = 5  # environment or I/O failure


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in a file: path relative to the project root, 1-based line and column."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.file
        if not self.column:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding of a check: where, which field, what is wrong, how bad."""

    location: Location
    field: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        head = f"{self.location}: "
        if self.field:
            head += f"{self.field}: "
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{head}{prefix}{self.message}"

    def sort_key(self) -> tuple[str, int, int, str]:
        """Order problems by file, line and column, as the report lists them."""
        loc = self.location
        return (loc.file, loc.line, loc.column, self.field)


class LetterError(Exception):
    """Anything the user can fix; `str()` is the complete message."""

    exit_code: ExitCode = ExitCode.INVALID


class UsageError(LetterError):
    """A bad command-line argument, such as an unknown addressee code."""

    exit_code = ExitCode.USAGE


class DataError(LetterError):
    """Project data or templates that cannot be used; carries every problem found."""

    exit_code = ExitCode.INVALID

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=Problem.sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(cls, location: Location, message: str, field: str = "") -> DataError:
        """Make an error about one place."""
        return cls([Problem(location, field, message)])


class RefusedError(LetterError):
    """The build stopped to protect a file or draft."""

    exit_code = ExitCode.REFUSED


class OutputError(LetterError):
    """The environment failed: disk full, permission denied, a file held open."""

    exit_code = ExitCode.IO


class FinalCheckError(LetterError):
    """`--final` found drafts that still hold placeholders, unverified facts or warnings."""

    exit_code = ExitCode.INVALID

"""Where the two drafts of `letter diff` and `letter redline` come from: files or git revisions."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from allegation_letter.errors import DataError, Location, UsageError


@dataclass(frozen=True, slots=True)
class Draft:
    """A draft's bytes and a name that says where it came from."""

    name: str
    data: bytes


def read_file(path: Path) -> Draft:
    """A draft on disk."""
    try:
        return Draft(str(path), path.read_bytes())
    except OSError as err:
        raise DataError.at(Location(str(path)), f"cannot read: {err.strerror}") from None


def read_revision(revision: str, path: Path) -> Draft:
    """A draft as git stored it at `revision` (`HEAD~1`, a tag, a commit)."""
    folder = path.parent if path.parent != Path() else Path()
    top = _git(folder, "rev-parse", "--show-toplevel").decode().strip()
    relative = path.resolve().relative_to(Path(top).resolve()).as_posix()
    data = _git(Path(top), "show", f"{revision}:{relative}")
    return Draft(f"{revision}:{relative}", data)


def resolve(old: str, new: str, file: Path | None = None) -> tuple[Draft, Draft]:
    """Two drafts: OLD NEW files; REV FILE; or REV1 REV2 with FILE."""
    if file is not None:
        return read_revision(old, file), read_revision(new, file)
    old_path, new_path = Path(old), Path(new)
    if old_path.is_file() and new_path.is_file():
        return read_file(old_path), read_file(new_path)
    if new_path.is_file():
        return read_revision(old, new_path), read_file(new_path)
    if old_path.is_file():
        return read_file(old_path), read_revision(new, old_path)
    raise UsageError(f"neither {old!r} nor {new!r} is a file; give two drafts, or a git revision and a draft")


def _git(folder: Path, *args: str) -> bytes:
    try:
        result = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("git is not installed; compare two files instead") from None
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip().splitlines()
        raise UsageError(f"git {' '.join(args)}: {message[-1] if message else 'failed'}")
    return result.stdout

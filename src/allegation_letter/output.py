"""The only stage that writes: atomic, all-or-nothing, and never over a hand-edited draft.

Each build records the sha256 of every file it wrote in a manifest in the output
folder. A file whose bytes no longer match that record was changed by someone
since: the build refuses to replace it unless forced, and then keeps a backup first.
All new files are first written as temporary files beside their targets; only when
every one of them is complete are they renamed into place.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from allegation_letter.errors import OutputError, RefusedError

MANIFEST = ".letter-manifest.json"
LOCK = ".letter.lock"
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,119}")
_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9]|conin\$|conout\$)(\..*)?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class WriteReport:
    """What the write stage did with each file."""

    written: tuple[Path, ...]
    unchanged: tuple[Path, ...]
    backups: tuple[Path, ...]


def check_file_name(name: str) -> None:
    """Refuse a name that could leave the output folder or that Windows reserves."""
    if (
        not _SAFE_NAME.fullmatch(name)
        or ".." in name
        or name.endswith((".", " "))
        or _RESERVED.fullmatch(name)
        or name in (MANIFEST, LOCK)
    ):
        raise RefusedError(f"refusing to write a file named {name!r}: not a safe file name")


def sha256(data: bytes) -> str:
    """Hex digest of bytes."""
    return hashlib.sha256(data).hexdigest()


def write_outputs(out: Path, files: Mapping[str, bytes], *, force: bool = False) -> WriteReport:
    """Write `files` into `out` atomically; refuse to replace drafts changed by hand."""
    with Staging(out, force=force) as stage:
        for name, data in files.items():
            stage.add(name, data)
        return stage.commit()


class Staging:
    """Files staged as hidden temporary files in the output folder, renamed into place together.

    A batch adds each letter as soon as it is made, so memory does not grow with the
    number of letters; until `commit`, no draft is created or changed, and leaving the
    `with` block without committing (an error, Ctrl-C) removes every staged file.
    """

    def __init__(self, out: Path, *, force: bool = False) -> None:
        self.out = out
        self.force = force
        self.folder = out
        self.manifest: dict[str, str] = {}
        self.staged: dict[str, tuple[Path, str]] = {}  # name -> (temporary file, sha256)
        self.unchanged: list[Path] = []
        self.hashes: dict[str, str] = {}
        self._lock: contextlib.AbstractContextManager[None] | None = None

    def __enter__(self) -> Staging:
        self.folder = _prepare_folder(self.out)
        self._lock = _lock(self.folder)
        self._lock.__enter__()
        self.manifest = _read_manifest(self.folder)
        return self

    def __exit__(self, *exc: object) -> None:
        self._discard()
        assert self._lock is not None
        self._lock.__exit__(None, None, None)

    def add(self, name: str, data: bytes) -> None:
        """Stage one file; an identical existing file is left alone."""
        check_file_name(name)
        if name in self.hashes:
            raise RefusedError(f"two letters would both be written as {name}")
        digest = sha256(data)
        self.hashes[name] = digest
        target = self.folder / name
        _refuse_non_file(target)
        if target.exists() and sha256(_read(target)) == digest:
            self.unchanged.append(target)
            return
        try:
            self.staged[name] = (Path(_stage(self.folder, target, data)), digest)
        except OSError as err:
            raise OutputError(_describe(err, self.folder)) from None

    def commit(self) -> WriteReport:
        """Check for hand-edited drafts, keep backups if forced, then rename everything into place."""
        edited = [self.folder / n for n in self.staged if self._edited(self.folder / n)]
        if edited and not self.force:
            names = ", ".join(p.name for p in edited)
            raise RefusedError(
                f"{names} in {self.out} changed since the last build; not overwritten. "
                "Use --force to replace (a backup is kept), or move the file away."
            )
        targets = [self.folder / n for n in self.staged]
        _refuse_open_in_word(self.folder, targets)
        backups = [_backup(path) for path in edited]
        try:
            for name, (temp, _digest) in list(self.staged.items()):
                temp.replace(self.folder / name)
                del self.staged[name]
        except OSError as err:
            raise OutputError(_describe(err, self.folder)) from None
        record = {**self.manifest, **self.hashes}
        _commit(self.folder, {self.folder / MANIFEST: _manifest_bytes(record)})
        return WriteReport(tuple(targets), tuple(self.unchanged), tuple(backups))

    def _edited(self, path: Path) -> bool:
        return path.exists() and self.manifest.get(path.name) != sha256(_read(path))

    def _discard(self) -> None:
        for temp, _digest in self.staged.values():
            with contextlib.suppress(OSError):
                temp.unlink()
        self.staged.clear()


def _refuse_non_file(path: Path) -> None:
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise RefusedError(f"{path} is not a regular file; not writing over it")


def _prepare_folder(out: Path) -> Path:
    try:
        if out.is_symlink():
            raise RefusedError(f"output folder {out} is a symbolic link; give the real folder")
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"cannot write to {out}: it is a file, not a folder") from None
    except OSError as err:
        raise OutputError(f"cannot create {out}: {err.strerror}") from None
    if not out.is_dir():
        raise OutputError(f"cannot write to {out}: it is not a folder")
    return out.resolve()


@contextlib.contextmanager
def _lock(folder: Path) -> Iterator[None]:
    """One build at a time per folder; a lock left by a dead process is taken over."""
    path = folder / LOCK
    for _attempt in range(2):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            if _holder_alive(path):
                raise RefusedError(
                    f"another build is writing to {folder} (lock {path.name}); wait for it to finish"
                ) from None
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
            continue
        except OSError as err:
            raise OutputError(f"cannot write to {folder}: {err.strerror}") from None
        try:
            os.write(fd, str(os.getpid()).encode())
        finally:
            os.close(fd)
        try:
            yield
        finally:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
        return
    raise RefusedError(f"could not take the lock {path}; remove it if no build is running")


def _holder_alive(path: Path) -> bool:
    try:
        pid = int(path.read_text(encoding="ascii").strip() or "0")
    except (OSError, ValueError):
        return True  # unreadable: assume someone holds it rather than interleave
    if pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _read_manifest(folder: Path) -> dict[str, str]:
    """The hashes of the last build; an unreadable manifest protects every file."""
    path = folder / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = data["files"]
        if isinstance(files, dict) and all(isinstance(v, str) for v in files.values()):
            return dict(files)
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return {}


def _manifest_bytes(record: dict[str, str]) -> bytes:
    body = {"version": 1, "files": dict(sorted(record.items()))}
    return (json.dumps(body, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise OutputError(f"cannot read {path}: {err.strerror}") from None


def _refuse_open_in_word(folder: Path, paths: list[Path]) -> None:
    for path in paths:
        if (folder / f"~${path.name[2:]}").exists() or (folder / f"~${path.name}").exists():
            raise OutputError(f"{path.name} is open in another program (Word?); close it and retry")


def _backup(path: Path) -> Path:
    data = _read(path)
    target = path.with_name(f"{path.name}.bak-{sha256(data)[:12]}")
    if not target.exists():
        _commit(path.parent, {target: data})
    return target


def _commit(folder: Path, files: Mapping[Path, bytes]) -> None:
    """Write every file to a temporary name first; rename them all only if all succeeded."""
    staged: list[tuple[str, Path]] = []
    try:
        for target, data in files.items():
            staged.append((_stage(folder, target, data), target))
        for temp, target in staged:
            Path(temp).replace(target)
        staged = []
    except OSError as err:
        raise OutputError(_describe(err, folder)) from None
    finally:
        for temp, _target in staged:
            with contextlib.suppress(OSError):
                Path(temp).unlink()


def _stage(folder: Path, target: Path, data: bytes) -> str:
    fd, temp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            Path(temp).chmod(target.stat().st_mode & 0o777)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temp).unlink()
        raise
    return temp


def _describe(err: OSError, folder: Path) -> str:
    if err.errno == errno.ENOSPC:
        return f"disk full while writing to {folder}; nothing was changed"
    if err.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"permission denied writing to {folder}; nothing was changed"
    return f"cannot write to {folder}: {err.strerror}; nothing was changed"

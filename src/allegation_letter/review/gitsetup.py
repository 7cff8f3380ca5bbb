"""`letter init-git`: let `git diff` and `git log -p` show drafts as text."""

from __future__ import annotations

import subprocess
from pathlib import Path

from allegation_letter.errors import OutputError, UsageError

ATTRIBUTE = "*.docx diff=letter"


def init_git(root: Path, textconv_command: str) -> list[str]:
    """Add the .gitattributes line and the textconv driver to the repository at `root`."""
    if not (root / ".git").exists():
        raise UsageError(f"{root} is not the top folder of a git repository (no .git)")
    done = []
    attributes = root / ".gitattributes"
    try:
        lines = attributes.read_text(encoding="utf-8").splitlines() if attributes.exists() else []
        if ATTRIBUTE not in lines:
            attributes.write_text("\n".join([*lines, ATTRIBUTE]) + "\n", encoding="utf-8")
            done.append(f"added '{ATTRIBUTE}' to {attributes}")
    except OSError as err:
        raise OutputError(f"cannot update {attributes}: {err.strerror}") from None
    for key, value in (("diff.letter.textconv", textconv_command), ("diff.letter.cachetextconv", "true")):
        subprocess.run(["git", "-C", str(root), "config", key, value], check=True)
        done.append(f"git config {key} {value!r}")
    return done

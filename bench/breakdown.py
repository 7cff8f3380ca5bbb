"""Where the time of one `letter build VNM` goes: import time per top-level package, then the work.

Usage: python bench/breakdown.py [--runs N]

Runs the build under `python -X importtime` several times and reports, per top-level
package, the median of the summed self-times of its modules, and the rest of the
process's wall time (start-up, our code's work and exit).
"""

from __future__ import annotations

import argparse
import collections
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GROUPS = {
    "typer": "Typer (CLI)",
    "docx": "python-docx",
    "lxml": "lxml (python-docx)",
    "jinja2": "Jinja2",
    "markupsafe": "Jinja2",
    "markdown_it": "markdown-it-py",
    "mdit_py_plugins": "markdown-it-py",
    "yaml": "PyYAML",
    "_yaml": "PyYAML",
    "rich": "rich",
    "allegation_letter": "allegation_letter (our code)",
}


def one_run(out: Path) -> tuple[dict[str, float], float]:
    """Import self-times grouped by package (ms), and the process wall time (ms)."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "allegation_letter", "build", "VNM", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    wall = (time.perf_counter() - start) * 1000
    groups: dict[str, float] = collections.defaultdict(float)
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        fields = line.removeprefix("import time:").split("|")
        try:
            self_us = int(fields[0])
        except ValueError:
            continue
        top = fields[2].strip().split(".")[0]
        groups[GROUPS.get(top, "Python standard library and others")] += self_us / 1000
    return groups, wall


def main() -> None:
    """Print the median breakdown of several runs."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=True, capture_output=True)
    samples: dict[str, list[float]] = collections.defaultdict(list)
    walls = []
    with tempfile.TemporaryDirectory() as folder:
        for i in range(args.runs):
            groups, wall = one_run(Path(folder) / f"out{i}")
            walls.append(wall)
            for name, ms in groups.items():
                samples[name].append(ms)
    wall = statistics.median(walls)
    rows = sorted(((statistics.median(v), k) for k, v in samples.items()), reverse=True)
    imports = sum(ms for ms, _ in rows)
    print("| part of `letter build VNM` | median ms |\n|---|---|")
    for ms, name in rows:
        print(f"| import: {name} | {ms:.0f} |")
    print(f"| start-up, work and exit (the rest) | {wall - imports:.0f} |")
    print(f"| **whole process (under -X importtime)** | **{wall:.0f}** |")


if __name__ == "__main__":
    main()

"""Benchmark `letter` against pandoc converting the same Markdown, as ratios measured in one run.

Usage: python bench/run.py [--runs N] [--big N] [--letter PATH]

Every measurement is a whole process (start-up included), run several times; the table
reports medians, the ratio to the matching pandoc run, and the peak memory (max RSS) of
the `letter` process. Needs pandoc on PATH (Debian package `pandoc`).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ("states", "addressees", "instruments", "mandates", "communications", "templates", "sources")
COMM = "communications/2025-03-scam-compounds"


@dataclass
class Timing:
    """Medians of one command: wall time in seconds, peak memory in MiB."""

    name: str
    seconds: float
    peak_mib: float


def run_once(argv: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time and peak RSS of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(argv)}")
    return elapsed, usage.ru_maxrss / 1024


def measure(name: str, make_argvs, runs: int, cwd: Path) -> Timing:
    """Median over `runs` of running every argv that make_argvs(i) returns, one after another."""
    times, peaks = [], []
    for i in range(runs):
        total, peak = 0.0, 0.0
        for argv in make_argvs(i):
            seconds, mib = run_once(argv, cwd)
            total += seconds
            peak = max(peak, mib)
        times.append(total)
        peaks.append(peak)
    return Timing(name, statistics.median(times), statistics.median(peaks))


def make_big_project(target: Path, count: int) -> list[str]:
    """A copy of the project whose communication has `count` generated State addressees."""
    for name in DATA:
        shutil.copytree(ROOT / name, target / name)
    template = (ROOT / "states" / "THA.yaml").read_text(encoding="utf-8")
    codes = [f"G{i:03d}" for i in range(1, count + 1)]
    for i, code in enumerate(codes, start=1):
        text = template.replace("id: THA", f"id: {code}").replace('name: "Thailand"', f'name: "Generated State {i}"')
        (target / "states" / f"{code}.yaml").write_text(text, encoding="utf-8")
    meta = target / COMM / "communication.yaml"
    lines = meta.read_text(encoding="utf-8").split("\n")
    start = lines.index("addressees:")
    end = next(i for i in range(start + 1, len(lines)) if lines[i] and not lines[i].startswith((" ", "#")))
    lines[start + 1 : end] = [f"  - {code}" for code in codes]
    meta.write_text("\n".join(lines), encoding="utf-8")
    shutil.rmtree(target / COMM / "sections")  # Viet Nam's own sections: Viet Nam is not in this batch
    return codes


def markdown_files(letter: str, root: Path, out: Path) -> list[Path]:
    """Build the Markdown of every letter once; pandoc converts the same files."""
    subprocess.run(
        [letter, "build", "--all", "--format", "md", "--root", str(root), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    return sorted(out.glob("*.md"))


def main() -> None:
    """Run every benchmark and print the table of ratios."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="runs of each short command (median reported)")
    parser.add_argument("--big", type=int, default=200, help="letters in the large batch")
    parser.add_argument("--letter", default=shutil.which("letter") or str(Path(sys.executable).with_name("letter")))
    args = parser.parse_args()
    if shutil.which("pandoc") is None:
        raise SystemExit("pandoc is not installed (Debian: apt-get install pandoc)")
    letter, runs = args.letter, args.runs
    # An installed package has compiled modules; an editable install may not (PYTHONDONTWRITEBYTECODE).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src")], check=True, capture_output=True)
    work = Path(tempfile.mkdtemp(prefix="letter-bench-"))
    try:
        big = work / "big"
        make_big_project(big, args.big)
        small_md = markdown_files(letter, ROOT, work / "md9")
        big_md = markdown_files(letter, big, work / "md-big")
        vnm_md = next(p for p in small_md if p.name == "AL-VNM-1-2025.md")

        def ours(name: str, args_: list[str], count: int, tag: str) -> Timing:
            """`letter ARGS --out <new folder>`: every run does the whole work."""
            return measure(name, lambda i: [[letter, *args_, "--out", str(work / f"out-{tag}-{i}")]], count, ROOT)

        def pandoc(name: str, sources: list[Path], count: int, tag: str) -> Timing:
            """pandoc converting each Markdown draft, one process per letter."""
            return measure(
                name,
                lambda i: [["pandoc", str(p), "-o", str(work / f"{tag}{i}-{p.stem}.docx")] for p in sources],
                count,
                ROOT,
            )

        few = max(3, runs // 2)
        results = [
            (
                measure("letter --help", lambda _i: [[letter, "--help"]], runs * 2, ROOT),
                pandoc("pandoc, one letter", [vnm_md], runs, "p"),
            ),
            (
                ours("letter build VNM (md + docx)", ["build", "VNM"], runs, "vnm"),
                pandoc("pandoc, one letter", [vnm_md], runs, "q"),
            ),
            (
                ours("letter build VNM --format md", ["build", "VNM", "--format", "md"], runs, "vnm-md"),
                pandoc("pandoc, one letter", [vnm_md], runs, "r"),
            ),
            (
                ours("letter build --all (9 letters)", ["build", "--all"], few, "all"),
                pandoc("pandoc loop, 9 letters", small_md, few, "n"),
            ),
            (
                ours(f"letter build --all ({args.big} letters)", ["build", "--all", "--root", str(big)], 3, "big"),
                pandoc(f"pandoc loop, {args.big} letters", big_md, 2, "b"),
            ),
        ]
        print(report(results, args.big))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report(results: list[tuple[Timing, Timing]], big: int) -> str:
    """The Markdown table of the run, with the machine it ran on."""
    rows = [
        "| measurement | letter | pandoc | ratio | letter peak memory |",
        "|---|---|---|---|---|",
    ]
    for ours, theirs in results:
        rows.append(
            f"| {ours.name} vs {theirs.name} | {ours.seconds * 1000:.0f} ms | {theirs.seconds * 1000:.0f} ms | "
            f"{ours.seconds / theirs.seconds:.2f} × | {ours.peak_mib:.0f} MiB |"
        )
    cpu = platform.processor() or platform.machine()
    head = (
        f"Machine: {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, "
        f"{subprocess.run(['pandoc', '--version'], capture_output=True, text=True).stdout.splitlines()[0]}; "
        f"large batch: {big} letters."
    )
    return head + "\n\n" + "\n".join(rows)


if __name__ == "__main__":
    main()

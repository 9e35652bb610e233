"""Large but honest inputs: time and peak memory of parse, check, build and ingest as a plan grows.

    python benchmarks/scale.py                      # plans of 1, 5, 20 and 50 MB, build of 2,000 items
    python benchmarks/scale.py --sizes 1 5 --items 2000
    python benchmarks/scale.py --one-line 5         # also a 5 MB plan pasted as one line
    python benchmarks/scale.py --lines 200000       # also a 1.8 MB plan hard-wrapped into 200,000 lines

Each plan is written the way a bureau writes one: sections of numbered items, every item a
real sentence from the seed plans made distinct (no two items alike) with its responsible
units. Each command runs in its own process (the real CLI); its wall time, CPU time and peak RSS
(``os.wait4``) are printed. Targets (issue 12, item 11): parse and check grow linearly with
size; ``build`` of a 2,000-item plan under 10 s.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from foundation import DRAFTER, seeds

ITEM = re.compile(r"^\d+[.．、](.{20,})$")
UNITS = ["基础教育处", "财务处", "人事处", "教师工作处", "学生工作处", "发展规划处", "督导处", "审计处"]
MAX_SECTIONS = 99  # section and sub-section ordinals stay within 一…九十九, as a plan writes them
PER_GROUP = 20  # items under one sub-section


def sentences() -> list[str]:
    """The item texts of the seed plans (numbering stripped)."""
    found = []
    for path in seeds():
        for line in path.read_text(encoding="utf-8").splitlines():
            match = ITEM.match(line.strip())
            if match:
                found.append(match.group(1))
    return found


def make_plan(items: int, one_line: bool = False) -> str:
    """A plan of ``items`` distinct items, nested as real plans are: sections 一、…, sub-sections
    (一)… and at most ``PER_GROUP`` items 1.… in each (every marker within what a plan writes)."""
    from drafter.lang.numerals import to_chinese

    pool = sentences()
    groups = -(-items // PER_GROUP)
    per_section = max(1, -(-groups // MAX_SECTIONS))
    lines = ["长沙市教育局2027年工作要点", ""]
    for index in range(items):
        group, number = divmod(index, PER_GROUP)
        section, sub = divmod(group, per_section)
        if number == 0 and sub == 0:
            lines += [f"{to_chinese(section + 1)}、第{section + 1}部分重点工作", ""]
        if number == 0:
            lines += [f"（{to_chinese(sub + 1)}）第{section + 1}部分第{sub + 1}组", ""]
        text = pool[index % len(pool)]
        units = "、".join(UNITS[(index + k) % len(UNITS)] for k in range(2))
        lines += [f"{number + 1}.{text}(第{index + 1}项)责任单位:{units}", ""]
    return (" " if one_line else "\n").join(lines) + "\n"


def plan_of_size(megabytes: float, one_line: bool = False) -> str:
    """A plan of about ``megabytes`` MB (UTF-8)."""
    sample = make_plan(200)
    items = max(1, round(megabytes * 1e6 / len(sample.encode("utf-8")) * 200))
    return make_plan(items, one_line)


def plan_of_lines(lines: int, megabytes: float) -> str:
    """A plan of about ``megabytes`` MB hard-wrapped into about ``lines`` short lines, the way a
    copy out of a narrow PDF column arrives (title and headings stay whole)."""
    paragraphs = [line for line in plan_of_size(megabytes).split("\n") if line]
    items = [p for p in paragraphs if ITEM.match(p)]
    width = max(1, sum(map(len, items)) // lines)
    wrapped = [
        piece
        for p in paragraphs
        for piece in ([p[i : i + width] for i in range(0, len(p), width)] if ITEM.match(p) else [p])
    ]
    return "\n".join(wrapped) + "\n"


def measure(*args: str) -> tuple[float, float, float, int]:
    """Run ``drafter ARGS``: wall seconds, CPU seconds (user + system: what a busy machine does
    not inflate), peak RSS in MB, exit code."""
    start = time.perf_counter()
    process = subprocess.Popen([str(DRAFTER), "-q", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.stderr is not None
    error = process.stderr.read().decode(errors="replace").strip()
    if process.returncode == 2 or "Traceback" in error:
        print(f"  ! {' '.join(args[:1])}: {error.splitlines()[-1] if error else process.returncode}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode


def run(label: str, text: str, folder: Path, build: bool) -> None:
    path = folder / f"{label}.txt"
    path.write_text(text, encoding="utf-8")
    size = path.stat().st_size / 1e6
    figures = {
        "parse": measure("parse", str(path), "--json"),
        "check": measure("check", str(path), "--format", "json"),
        "ingest": measure("ingest", str(path), "--corpus", str(folder / f"corpus-{label}")),
    }
    if build:
        figures["build"] = measure("build", str(path), "-o", str(folder / f"{label}.docx"), "--force")
    shown = "  ".join(
        f"{name} {s:6.1f} s (CPU {cpu:6.1f} s) {rss:5.0f} MB" for name, (s, cpu, rss, _) in figures.items()
    )
    print(f"{label:>14} {size:6.1f} MB  {shown}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=float, nargs="*", default=[1, 5, 20, 50], help="plan sizes in MB")
    parser.add_argument("--items", type=int, default=2000, help="items of the plan that is built")
    parser.add_argument("--one-line", type=float, default=0, help="also a plan of this many MB on one line")
    parser.add_argument("--lines", type=int, default=0, help="also a plan of this many short lines")
    parser.add_argument("--lines-size", type=float, default=1.8, help="MB of the plan of short lines")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        run(f"{args.items} items", make_plan(args.items), folder, build=True)
        for megabytes in args.sizes:
            run(f"{megabytes:g} MB", plan_of_size(megabytes), folder, build=False)
        if args.one_line:
            run(
                f"{args.one_line:g} MB one line",
                plan_of_size(args.one_line, one_line=True),
                folder,
                build=False,
            )
        if args.lines:
            label = f"{args.lines} lines"
            run(label, plan_of_lines(args.lines, args.lines_size), folder, build=False)


if __name__ == "__main__":
    main()

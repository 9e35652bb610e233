"""Time and peak memory of parse (and check) on hostile inputs (issue 12, items 8, 9, 11).

    python benchmarks/hostile_input.py [--scale 1.0]

Each case runs in a child process (so a slow one is cut off at --timeout and peak memory
is the child's own). Before the fix: 8,000 unclosed “（” took 7 s, 16,000 took 31 s,
100,000 never finished; 3,000 “(详见附件” took 19 s; a zip bomb took 11 GB.
Target: every case linear — well under a second per 100,000 brackets, a bomb refused at once.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import textwrap
import zipfile
from pathlib import Path

HEAD = "长沙市教育局2024年工作要点\n一、总体要求\n1.加强管理。"

# name → (body of the one item, as a Python expression of n; n)
TEXT_CASES = {
    "unclosed （ ×n": ('"（" * n', 100_000),
    "(详见附件 ×n": ('"(详见附件" * n', 20_000),
    "nested （…） depth n": ('"（" * n + "）" * n', 50_000),
    "【 ×n then ） ×n": ('"【" * n + "）" * n', 50_000),
    "（ ×n then a label": ('"（" * n + "牵头单位:组织处"', 50_000),
    "n clauses in one item": ('"推进工作(责任单位:组织处)" * n', 40_000),
    "one line of n phrases (7n chars)": ('"推进工作落实，" * n', 150_000),
    "n continuation lines": ('"\\n".join(["继续推进工作落实。"] * n)', 50_000),
}

CHILD = """
import resource, sys, time, drafter
from drafter.errors import DrafterError
started = time.perf_counter()
{work}
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{{elapsed:.2f}} {{peak:.0f}} {{outcome}}")
"""


def run(work: str, timeout: float) -> str:
    code = CHILD.format(work=textwrap.dedent(work))
    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"> {timeout:.0f} s (cut off)"
    if done.returncode:
        return "error: " + done.stderr.strip().splitlines()[-1]
    seconds, megabytes, outcome = done.stdout.split(maxsplit=2)
    return f"{seconds:>6} s  {megabytes:>5} MB  {outcome.strip()}"


def bomb(folder: Path) -> Path:
    """A .docx whose document.xml inflates to 1 GB of white space (about 1 MB on disk)."""
    import docx

    plain = folder / "plain.docx"
    document = docx.Document()
    document.add_paragraph("长沙市教育局2024年工作要点")
    document.save(str(plain))
    path = folder / "bomb.docx"
    with zipfile.ZipFile(plain) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for member in old.infolist():
            if member.filename != "word/document.xml":
                new.writestr(member, old.read(member))
                continue
            xml = old.read(member)
            cut = xml.index(b"<w:body>")
            with new.open("word/document.xml", "w", force_zip64=True) as out:
                out.write(xml[:cut])
                for _ in range(1024):
                    out.write(b" " * (1024 * 1024))
                out.write(xml[cut:])
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every n")
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    print(f"{'case':36} {'n':>8}  parse + check")
    for name, (expression, n) in TEXT_CASES.items():
        n = int(n * args.scale)
        work = f"""
n = {n}
plan = drafter.parse_text({HEAD!r} + {expression} + "\\n")
drafter.check(plan)
outcome = f"{{len(plan.items())}} item"
"""
        print(f"{name:36} {n:>8}  {run(work, args.timeout)}")
    with tempfile.TemporaryDirectory() as temp:
        path = bomb(Path(temp))
        work = f"""
try:
    drafter.parse_file({str(path)!r})
    outcome = "parsed"
except DrafterError as error:
    outcome = "refused: " + error.message
"""
        size = path.stat().st_size / 1024 / 1024
        print(f"{'zip bomb (1 GB document.xml)':36} {size:>6.1f}MB  {run(work, args.timeout)}")


if __name__ == "__main__":
    main()

"""Speed of ``drafter check``: one 30-item plan end to end, and 1,000 plans in one call.

    python benchmarks/check.py [--plans 1000]

Targets (issue “check”): a 30-item plan in the CLI under 0.5 s; 1,000 plans in one
call under 60 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from foundation import DRAFTER, make_documents, seeds


def thirty_item_plan(folder: Path) -> Path:
    """The 沈阳 plan (27 items) with three more items: 30 items, every one with units."""
    text = next(p for p in seeds() if "沈阳" in p.name).read_text(encoding="utf-8")
    item = (
        "\n{}.加强经费管理第{}项\n\n工作措施:落实预算绩效管理,提高资金使用效益。\n\n责任部门:财务处、审计处\n"
    )
    extra = "".join(item.format(28 + i, i) for i in range(3))
    path = folder / "plan30.txt"
    path.write_text(text.replace("文件链接", extra + "\n文件链接", 1), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--plans", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        plan = thirty_item_plan(folder)
        times = []
        for _ in range(10):
            start = time.perf_counter()
            subprocess.run([str(DRAFTER), "check", str(plan)], capture_output=True)
            times.append(time.perf_counter() - start)
        median, best = statistics.median(times) * 1000, min(times) * 1000
        print(f"check a 30-item plan (CLI): median {median:.0f} ms, best {best:.0f} ms")
        (folder / "many").mkdir()
        documents = make_documents(folder / "many", args.plans)
        start = time.perf_counter()
        subprocess.run([str(DRAFTER), "check", "--format", "json", *map(str, documents)], capture_output=True)
        elapsed = time.perf_counter() - start
        each = elapsed / args.plans * 1000
        print(f"check {args.plans} plans in one call: {elapsed:.1f} s ({each:.1f} ms a plan)")


if __name__ == "__main__":
    main()

"""Speed of ``drafter build``: a 30-item plan with the notice and the task table, end to end.

    python benchmarks/build.py

Target (issue “build”): under 1 s.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from check import thirty_item_plan
from foundation import DRAFTER


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        plan = thirty_item_plan(folder)
        out = folder / "plan.docx"
        command = [
            str(DRAFTER),
            "build",
            str(plan),
            "-o",
            str(out),
            "--notice",
            "--red-header",
            "--table",
            "--force",
        ]
        times = []
        for _ in range(10):
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            times.append(time.perf_counter() - start)
        median, best = statistics.median(times) * 1000, min(times) * 1000
        print(f"build a 30-item plan with notice and table (CLI): median {median:.0f} ms, best {best:.0f} ms")


if __name__ == "__main__":
    main()

"""Speed of ``drafter new`` and ``drafter diff`` on 30-item plans, end to end.

    python benchmarks/new_diff.py

Target (issue “new”): each under 1 s.
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


def timed(command: list[str], rounds: int = 10) -> str:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return f"median {statistics.median(times) * 1000:.0f} ms, best {min(times) * 1000:.0f} ms"


def main() -> None:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        plan = thirty_item_plan(folder)
        draft = folder / "draft.yaml"
        new = [str(DRAFTER), "new", "--year", "2023", "--from", str(plan), "-o", str(draft), "--force"]
        print(f"new --from a 30-item plan (CLI): {timed(new)}")
        seeded = [
            str(DRAFTER),
            "new",
            "--year",
            "2027",
            "--issuer",
            "江城市教育局",
            "-o",
            str(folder / "s.yaml"),
            "--force",
        ]
        print(f"new from the standard structure (CLI): {timed(seeded)}")
        print(f"diff two 30-item plans (CLI): {timed([str(DRAFTER), 'diff', str(plan), str(draft)])}")


if __name__ == "__main__":
    main()

"""End-to-end time of ``drafter`` processes: what a clerk waits for at the shell.

    python benchmarks/startup.py                      # --help, and suggest on a 100k corpus
    python benchmarks/startup.py --corpus /tmp/c100k  # reuse a corpus written before
    python benchmarks/startup.py --items 10000 --runs 20

Reported, as the median of ``--runs`` whole processes (warm file cache, warm index; one
unmeasured run first): ``drafter --help``, ``drafter suggest "加强经费管理"`` on a synthetic
corpus of ``--items`` items (written as ``benchmarks/suggest_scale.py`` writes them and
indexed once, when ``--corpus`` does not exist yet), and the same with one corpus file
touched before each run (a touch in place leaves the corpus folder as it was: the index
opens with one stat, and the file is hashed only if one of its items is shown). Targets
(issue 11): ``--help`` ≤ 0.15 s, ``suggest`` at 100k
items ≤ 0.3 s, on a quiet machine (the load average is printed).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from suggest_scale import DRAFTER, ENV, write_corpus

QUERY = "加强经费管理"


def median_seconds(command: list[str], runs: int, before: object = None) -> tuple[float, float]:
    """The median wall time and median CPU time (user + system) of ``runs`` processes of
    ``command``, after one warm-up run; ``before``, if given, is called before each run,
    untimed. CPU time shows what a busy machine's wall time hides."""
    subprocess.run(command, capture_output=True, check=True, env=ENV)
    walls, cpus = [], []
    for _ in range(runs):
        if callable(before):
            before()
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, env=ENV)
        walls.append(time.perf_counter() - start)
        now = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(now.ru_utime - used.ru_utime + now.ru_stime - used.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def report(label: str, figures: tuple[float, float], target: str = "") -> None:
    wall, cpu = figures
    print(f"  {label:<44} {wall * 1000:5.0f} ms  (CPU {cpu * 1000:3.0f} ms){target}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--corpus", type=Path, default=None, help="corpus folder (written if missing)")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    corpus = args.corpus or Path(f"/tmp/drafter-startup-{args.items}")
    if not corpus.exists():
        start = time.perf_counter()
        write_corpus(corpus, args.items)
        subprocess.run([str(DRAFTER), "index", "--corpus", str(corpus)], capture_output=True, check=True)
        print(f"corpus of {args.items:,} items written and indexed in {time.perf_counter() - start:.0f} s")
    files = len(list(corpus.glob("*.yaml")))
    machine = f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}"
    print(f"{machine}, median of {args.runs} runs")
    report("drafter --help", median_seconds([str(DRAFTER), "--help"], args.runs), "  target 150")
    suggest = [str(DRAFTER), "suggest", QUERY, "--corpus", str(corpus)]
    report(f"drafter suggest {QUERY} ({files} files)", median_seconds(suggest, args.runs), "  target 300")
    first = min(corpus.glob("*.yaml"))
    touched = median_seconds(suggest, args.runs, before=lambda: os.utime(first))
    report("the same, one corpus file touched each time", touched, "  (no rebuild)")


if __name__ == "__main__":
    main()

"""Foundation speed figures: parse the seeds, ingest 1,000 documents, start the CLI.

    python benchmarks/foundation.py            # all three
    python benchmarks/foundation.py --docs 200 # a smaller ingest run

Targets (issue “Foundation”): parsing all five seeds in-process well under 0.5 s;
ingesting 1,000 documents under 30 s on a 2-core machine; ``drafter --help`` under 0.3 s.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from drafter.parse.plan import parse_file
from drafter.resources import bundled
from drafter.store.serialize import load_plan

DRAFTER = Path(sys.executable).parent / "drafter"


# The five seed plans among the bundled corpus's entries (corpus/README.md, first table); the
# rest are corpus-dev documents, which the benchmarks read from corpus-dev itself.
SEED_IDS = (
    "2017-湘潭市教育局-8d98f8bf",
    "2022-沈阳市教育局-620dbf59",
    "2022-长沙市教育局-15927aa0",
    "2024-xx-a306d09c",
    "2024-长沙市-79934502",
)


def seeds() -> list[Path]:
    """The raw sources of the five seeds, as the bundled corpus keeps them."""
    corpus = bundled("corpus")
    plans = [load_plan(corpus / f"{entry_id}.yaml") for entry_id in SEED_IDS]
    return [corpus / plan.source.provenance["stored"] for plan in plans]


def bench_parse(rounds: int = 20) -> None:
    paths = seeds()
    parse_file(paths[0])  # warm imports
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for path in paths:
            parse_file(path)
        times.append(time.perf_counter() - start)
    median, best = statistics.median(times) * 1000, min(times) * 1000
    print(f"parse 5 seeds in-process: median {median:.1f} ms, best {best:.1f} ms")


def make_documents(folder: Path, count: int) -> list[Path]:
    """Distinct plans: the seeds with their items shuffled and their targets renumbered."""
    rng = random.Random(20261122)
    texts = [p.read_text(encoding="utf-8") for p in seeds()]
    documents = []
    for index in range(count):
        lines = texts[index % len(texts)].split("\n")
        body = [line.replace("所", f"所(第{index}批)", 1) if rng.random() < 0.3 else line for line in lines]
        path = folder / f"plan-{index:04d}.txt"
        path.write_text("\n".join(body) + f"\n编号{index}\n", encoding="utf-8")
        documents.append(path)
    return documents


def bench_ingest(count: int) -> None:
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        (folder / "in").mkdir()
        documents = make_documents(folder / "in", count)
        start = time.perf_counter()
        subprocess.run([str(DRAFTER), "ingest", *map(str, documents), "--corpus", str(folder / "corpus")],
                       check=True, capture_output=True)  # fmt: skip
        elapsed = time.perf_counter() - start
        stored = len(list((folder / "corpus").glob("*.yaml")))
        print(f"ingest {count} documents (one CLI call): {elapsed:.1f} s, {stored} entries, "
              f"{elapsed / count * 1000:.1f} ms a document")  # fmt: skip
        shutil.rmtree(folder / "corpus")


def bench_help(rounds: int = 15) -> None:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run([str(DRAFTER), "--help"], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    print(f"drafter --help: median {statistics.median(times) * 1000:.0f} ms, best {min(times) * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    args = parser.parse_args()
    bench_parse()
    bench_help()
    bench_ingest(args.docs)


if __name__ == "__main__":
    main()

"""Speed of ``drafter suggest`` on synthetic national-scale corpora.

    python benchmarks/suggest_scale.py                 # 10k and 100k items
    python benchmarks/suggest_scale.py --sizes 1000000 # the national corpus (about 20 min)

Each corpus is written as real corpus YAML files (30 items a plan, as ``drafter ingest``
would leave them), its items recombined from the bundled corpus's measures: two or three
sentences of different items, synonyms swapped, 10 % of the characters changed. Reported
per size: index build time, size on disk and peak memory; query latency p50/p95
in-process (short titles and full items, perturbed); ``drafter suggest`` end to end with
a warm index; memory of a process that has answered queries; and the brute-force
baseline (rapidfuzz ``process.extract`` with ``ratio`` over every item) in the same run.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from drafter.model import Clause, Item, Plan, Section, Source
from drafter.resources import bundled
from drafter.store.corpus import entries
from drafter.store.serialize import dump_yaml, plan_to_dict

DRAFTER = Path(sys.executable).parent / "drafter"
SYNONYMS = [("推进", "推动"), ("加强", "强化"), ("提升", "提高"), ("完善", "健全"), ("落实", "贯彻")]
PER_PLAN = 30


def corpus_measures() -> tuple[list[str], list[str], list[list[str]]]:
    titles, sentences, units = [], [], []
    for entry in entries(bundled("corpus")):
        for _, item in entry.plan.walk():
            titles.append(item.title or item.text[:12])
            sentences += [s for s in re.split(r"(?<=[。;])", item.text) if len(s) >= 8]
            units.append(item.all_units() or ["办公室"])
    return titles, sentences, units


def perturb(text: str, rng: random.Random, alphabet: str, share: float = 0.1) -> str:
    for old, new in SYNONYMS:
        if old in text and rng.random() < 0.5:
            text = text.replace(old, new)
    chars = list(text)
    for i in rng.sample(range(len(chars)), int(len(chars) * share)):
        chars[i] = rng.choice(alphabet)
    return "".join(chars)


def write_corpus(folder: Path, size: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    titles, sentences, units = corpus_measures()
    alphabet = "".join(sorted({c for s in sentences for c in s if "\u4e00" <= c <= "\u9fff"}))
    folder.mkdir(parents=True)
    for number in range(0, size, PER_PLAN):
        year = 2015 + number // PER_PLAN % 11
        issuer = f"第{number // PER_PLAN // 11}市教育局"
        items = []
        for k in range(min(PER_PLAN, size - number)):
            text = "".join(perturb(s, rng, alphabet) for s in rng.sample(sentences, rng.randint(2, 3)))
            clause = Clause(units=list(rng.choice(units)), labels={"units": "责任处室"}, position=len(text))
            items.append(Item(str(k + 1), perturb(rng.choice(titles), rng, alphabet), text, [clause]))
        plan = Plan(
            title=f"{issuer}{year}年工作要点",
            issuer=issuer,
            year=year,
            doc_type="工作要点",
            sections=[Section("一", "主要任务", items=items)],
            source=Source(path=f"plan-{number // PER_PLAN}.txt", sha256=f"{number:064x}"),
        )
        (folder / f"{year}-{issuer}-{number:08d}.yaml").write_text(
            dump_yaml(plan_to_dict(plan)), encoding="utf-8"
        )


def queries(count: int, seed: int = 2) -> list[str]:
    rng = random.Random(seed)
    titles, sentences, _ = corpus_measures()
    alphabet = "".join(sorted({c for s in sentences for c in s if "\u4e00" <= c <= "\u9fff"}))
    found = []
    for n in range(count):
        source = rng.choice(titles) if n % 2 else "".join(rng.sample(sentences, 2))
        found.append(perturb(source, rng, alphabet, 0.15))
    return found


def child(args: list[str]) -> dict:
    """Run this script's measuring part in a fresh process (clean peak-memory figures)."""
    out = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure_build(corpus: str) -> None:
    from drafter.suggest.index import open_index

    built = open_index(Path(corpus), rebuild=True)
    size = sum(f.stat().st_size for f in built.index.folder.iterdir())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps({"seconds": built.seconds, "mb": size / 1e6, "peak_mb": peak, "items": built.index.size})
    )


def measure_queries(corpus: str, count: str) -> None:
    from drafter.suggest.index import open_index
    from drafter.suggest.search import search

    start = time.perf_counter()
    index = open_index(Path(corpus)).index
    load = time.perf_counter() - start
    asked = queries(int(count))
    search(index, asked[0])
    times = []
    for query in asked:
        start = time.perf_counter()
        search(index, query, top=5)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "load_ms": load * 1000,
                "p50": statistics.median(times),
                "p95": times[int(len(times) * 0.95) - 1],
                "peak_mb": peak,
            }
        )
    )


def measure_brute_force(corpus: str, count: str) -> None:
    from rapidfuzz import fuzz, process

    from drafter.suggest.index import normalize, open_index

    index = open_index(Path(corpus)).index
    choices = [normalize(index.record(i).title + index.record(i).text) for i in range(index.size)]
    asked = [normalize(q) for q in queries(int(count))]
    start = time.perf_counter()
    for query in asked:
        process.extract(query, choices, scorer=fuzz.ratio, limit=5)
    print(json.dumps({"ms": (time.perf_counter() - start) * 1000 / len(asked)}))


def end_to_end(corpus: Path, rounds: int = 5) -> float:
    asked = queries(rounds, seed=3)
    times = []
    for query in asked:
        start = time.perf_counter()
        subprocess.run(
            [str(DRAFTER), "suggest", query, "--corpus", str(corpus)], capture_output=True, check=True
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1].startswith("measure"):
        {
            "measure-build": measure_build,
            "measure-queries": measure_queries,
            "measure-brute-force": measure_brute_force,
        }[sys.argv[1]](*sys.argv[2:])
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        for size in args.sizes:
            corpus = Path(temp) / f"c{size}"
            start = time.perf_counter()
            write_corpus(corpus, size)
            print(f"{size:>9,} items: corpus written in {time.perf_counter() - start:.0f} s", flush=True)
            b = child(["measure-build", str(corpus)])
            print(
                f"  index build {b['seconds']:.1f} s, {b['mb']:.0f} MB on disk,"
                f" peak memory {b['peak_mb']:.0f} MB"
            )
            q = child(["measure-queries", str(corpus), str(args.queries)])
            print(
                f"  query in-process: p50 {q['p50']:.1f} ms, p95 {q['p95']:.1f} ms "
                f"(index opened in {q['load_ms']:.0f} ms; process peak memory {q['peak_mb']:.0f} MB)"
            )
            e2e = end_to_end(corpus)
            print(f"  drafter suggest end to end (warm index): median {e2e * 1000:.0f} ms")
            brute = child(["measure-brute-force", str(corpus), "20"])
            print(
                f"  brute force rapidfuzz.process.extract(ratio): {brute['ms']:.0f} ms a query, "
                f"{brute['ms'] / q['p50']:.0f}× the index's p50",
                flush=True,
            )


if __name__ == "__main__":
    main()

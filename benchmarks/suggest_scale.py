"""Speed of ``drafter suggest`` on synthetic national-scale corpora.

    python benchmarks/suggest_scale.py                 # 10k and 100k items
    python benchmarks/suggest_scale.py --sizes 1000000 # the national corpus (about 20 min)
    python benchmarks/suggest_scale.py --corpus /tmp/c1m  # reuse a corpus written (and indexed) before

Each corpus is written as real corpus YAML files (30 items a plan, as ``drafter ingest``
would leave them), its items recombined from the bundled corpus's measures: two or three
sentences of different items, synonyms swapped, 10 % of the characters changed. Reported
per size: index build time, size on disk and peak memory; query latency p50/p95
in-process (short titles and full items, perturbed); ``drafter suggest`` end to end with
a warm index, for a phrase and for ``--plan`` of a 30-item draft; memory of a process that
has answered queries; the brute-force baseline (rapidfuzz ``process.extract`` with
``ratio`` over every item) in the same run; the update after one real plan is ingested
(and a query that must find it; the plan is removed again afterwards, another update);
and a hand edit keeping size and modification time, which a query must not show old.
"""

from __future__ import annotations

import argparse
import json
import os
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
# An installed drafter has its bytecode cached; a shell that forbids writing it would
# measure compiling drafter's sources on every run instead.
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
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
    import numpy as np
    from rapidfuzz import fuzz, process

    from drafter.suggest.index import normalize, open_index

    index = open_index(Path(corpus)).index
    # every live item's normalized title and text (an update leaves replaced items dead)
    live = [facts[5] for facts in index.files().values() if facts[5] >= 0]
    choices = [index.plain(int(doc)) for doc in np.flatnonzero(np.isin(index.plan_of, live))]
    asked = [normalize(q) for q in queries(int(count))]
    start = time.perf_counter()
    for query in asked:
        process.extract(query, choices, scorer=fuzz.ratio, limit=5)
    print(json.dumps({"ms": (time.perf_counter() - start) * 1000 / len(asked)}))


def end_to_end(corpus: Path, rounds: int = 5) -> tuple[float, float]:
    """Median wall and CPU seconds of ``drafter suggest QUERY`` processes."""
    return _median(
        [[str(DRAFTER), "suggest", query, "--corpus", str(corpus)] for query in queries(rounds, seed=3)]
    )


def _median(commands: list[list[str]]) -> tuple[float, float]:
    walls, cpus = [], []
    for command in commands:
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True, env=ENV)
        walls.append(time.perf_counter() - start)
        now = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(now.ru_utime - used.ru_utime + now.ru_stime - used.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def review_end_to_end(corpus: Path, rounds: int = 3) -> tuple[float, float]:
    """Median wall and CPU seconds of ``drafter suggest --plan`` of a 30-item draft."""
    with tempfile.TemporaryDirectory() as temp:
        write_corpus(Path(temp) / "draft", PER_PLAN, seed=9)
        (draft,) = (Path(temp) / "draft").glob("*.yaml")
        return _median([[str(DRAFTER), "suggest", "--plan", str(draft), "--corpus", str(corpus)]] * rounds)


def measure_update(corpus: str) -> None:
    """Ingest one real plan, time the index update, find it, then remove it again."""
    from drafter.store.corpus import ingest
    from drafter.suggest.index import open_index
    from drafter.suggest.search import search

    folder = Path(corpus)
    open_index(folder)
    source = min((bundled("corpus") / "sources").glob("*.txt"))
    start = time.perf_counter()
    entry = ingest(source, folder, issuer="基准测试新增局").entry
    ingested = time.perf_counter() - start
    start = time.perf_counter()
    built = open_index(folder)
    update = time.perf_counter() - start
    items = [item for _, item in entry.plan.walk() if len(item.text) >= 20][:10]
    found = sum(
        1
        for item in items
        if (hits := search(built.index, item.title + item.text, top=1)) and hits[0].issuer == "基准测试新增局"
    )
    stored = folder / str(entry.plan.source.provenance["stored"])
    entry.path.unlink()
    stored.unlink()
    start = time.perf_counter()
    removed = open_index(folder)
    removal = time.perf_counter() - start
    facts = {
        "ingest": ingested,
        "update": update,
        "updated": built.updated,
        "found": found,
        "asked": len(items),
    }
    print(json.dumps(facts | {"removal": removal, "removal_updated": removed.updated}))


def hand_edit(corpus: Path) -> dict:
    """Edit one item of a corpus file in place (same size, modification time restored) and
    ask ``drafter suggest`` for the old text: it must show the new one, never the old."""
    path = min(corpus.glob("*.yaml"))
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.strip().startswith("text:"))
    old = line.split("text:", 1)[1].strip()
    new = old[:2] + "鑫淼" + old[4:]  # same byte length
    time.sleep(0.05)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    try:
        start = time.perf_counter()
        out = subprocess.run(
            [str(DRAFTER), "suggest", old, "--corpus", str(corpus), "--json", "--top", "10"],
            capture_output=True, check=True, text=True, env=ENV,
        )  # fmt: skip
        seconds = time.perf_counter() - start
        shown = [s["text"] for s in json.loads(out.stdout)]
    finally:
        path.write_text(text, encoding="utf-8")
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    return {
        "seconds": seconds,
        "old_shown": any(old in s for s in shown),
        "new_shown": any(new in s for s in shown),
    }


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1].startswith("measure"):
        {
            "measure-build": measure_build,
            "measure-queries": measure_queries,
            "measure-brute-force": measure_brute_force,
            "measure-update": measure_update,
        }[sys.argv[1]](*sys.argv[2:])
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--corpus", type=Path, nargs="+", default=[], help="corpora written before (reused)")
    parser.add_argument("--no-build", action="store_true", help="with --corpus: time no full build")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}", flush=True)
    with tempfile.TemporaryDirectory() as temp:
        for size_or_corpus in args.corpus or args.sizes:
            if isinstance(size_or_corpus, Path):
                corpus = size_or_corpus
                print(f"{corpus}: {len(list(corpus.glob('*.yaml')))} plans", flush=True)
            else:
                corpus = Path(temp) / f"c{size_or_corpus}"
                start = time.perf_counter()
                write_corpus(corpus, size_or_corpus)
                print(
                    f"{size_or_corpus:>9,} items: corpus written in {time.perf_counter() - start:.0f} s",
                    flush=True,
                )
            if not (args.corpus and args.no_build):
                b = child(["measure-build", str(corpus)])
                print(
                    f"  index build {b['seconds']:.1f} s, {b['mb']:.0f} MB on disk,"
                    f" peak memory {b['peak_mb']:.0f} MB",
                    flush=True,
                )
            q = child(["measure-queries", str(corpus), str(args.queries)])
            print(
                f"  query in-process: p50 {q['p50']:.1f} ms, p95 {q['p95']:.1f} ms "
                f"(index opened in {q['load_ms']:.0f} ms; process peak memory {q['peak_mb']:.0f} MB)"
            )
            wall, cpu = end_to_end(corpus)
            print(
                f"  drafter suggest end to end (warm index): median {wall * 1000:.0f} ms"
                f" (CPU {cpu * 1000:.0f} ms)"
            )
            plan_wall, plan_cpu = review_end_to_end(corpus)
            print(
                f"  drafter suggest --plan (30 items): median {plan_wall * 1000:.0f} ms"
                f" (CPU {plan_cpu * 1000:.0f} ms)"
            )
            brute = child(["measure-brute-force", str(corpus), "20"])
            print(
                f"  brute force rapidfuzz.process.extract(ratio): {brute['ms']:.0f} ms a query, "
                f"{brute['ms'] / q['p50']:.0f}× the index's p50,"
                f" {brute['ms'] / 1000 / wall:.1f}× suggest end to end",
                flush=True,
            )
            u = child(["measure-update", str(corpus)])
            print(
                f"  one plan ingested in {u['ingest']:.1f} s; index updated in {u['update']:.1f} s"
                f" ({'update' if u['updated'] else 'full build'}),"
                f" {u['found']}/{u['asked']} of its items found first;"
                f" removed again: updated in {u['removal']:.1f} s",
                flush=True,
            )
            edit = hand_edit(corpus)
            print(
                f"  hand edit (same size, mtime restored): suggest {edit['seconds'] * 1000:.0f} ms,"
                f" old text shown: {edit['old_shown']}, new text shown: {edit['new_shown']}",
                flush=True,
            )


if __name__ == "__main__":
    main()

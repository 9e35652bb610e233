"""Quality of ``drafter suggest``, measured on data built from the corpus.

    python benchmarks/suggest_quality.py                 # recall
    python benchmarks/suggest_quality.py --calibration   # score distributions behind the bands

Both are measured on the bundled corpus (five seeds and 42 corpus-dev documents, 838 items)
and, for comparison with the figures the bands were first fitted on, on the five seeds alone
(127 items). Two tests, each with the rapidfuzz WRatio and character-bigram TF-IDF baselines
that the issue quotes, computed the same way:

* topical: every item of one plan as a query (its short title, then its full text) against
  the items of the other issuers; the relevant ones are those on the same theme of the
  standard structure (``templates/structure.yaml``). Recall@5 = share of the relevant
  items found in the top five (over all queries, and per query out of at most five).
  Query plans: 沈阳市教育局 2022 (a 工作要点, on both corpora) and, on the bundled corpus,
  沈阳市人民政府办公厅 2017 (a 美育 实施意见, among 40 texts on the same subject). drafter is
  measured with and without its theme bonus, since the bonus uses the same themes as the labels.
* near-duplicates: every corpus item copied with 20 % of its characters changed, its
  clauses reordered, or cut to a fragment, among 2,000 distractors recombined from other
  items; recall@1 = share of copies whose original comes first.

The calibration queries are every themed item of every plan, against the other issuers' items.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import numpy as np
from foundation import SEED_IDS
from rapidfuzz import fuzz, process

from drafter.knowledge.structure import classify, load_structure
from drafter.render.text import plan_to_text
from drafter.resources import bundled
from drafter.store.corpus import entries, ingest
from drafter.suggest import search as match
from drafter.suggest.index import normalize, open_index
from drafter.suggest.search import Filters, search


def corpus_items(corpus):
    """(issuer, plan id/item path, item) of every item of the corpus folder."""
    found = []
    for entry in entries(corpus):
        for path, item in entry.plan.walk():
            found.append((entry.plan.issuer, f"{entry.id}/{'/'.join(path)}", item))
    return found


def key(record):
    """The corpus_items key of a search result."""
    return f"{record.plan['id']}/{'/'.join(record.path)}"


def seed_corpus(folder):
    """A corpus of the five seeds alone (the bundled corpus before corpus-dev joined it)."""
    bundle, copy = bundled("corpus"), folder / "seeds"
    (copy / "sources").mkdir(parents=True)
    for entry_id in SEED_IDS:
        shutil.copy(bundle / f"{entry_id}.yaml", copy)
        shutil.copy(bundle / "sources" / f"{entry_id}.txt", copy / "sources")
    return copy


class Tfidf:
    """The character-bigram TF-IDF baseline (sublinear tf, smooth idf, cosine)."""

    def __init__(self, docs):
        self.vocab = {}
        rows = [self._counts(d, grow=True) for d in docs]
        df = np.zeros(len(self.vocab))
        for row in rows:
            for t in row:
                df[t] += 1
        self.idf = np.log((1 + len(docs)) / (1 + df)) + 1
        self.matrix = np.array([self._vector(r) for r in rows])

    def _counts(self, text, grow=False):
        counts = defaultdict(int)
        for i in range(len(text) - 1):
            gram = text[i : i + 2]
            if gram not in self.vocab:
                if not grow:
                    continue
                self.vocab[gram] = len(self.vocab)
            counts[self.vocab[gram]] += 1
        return counts

    def _vector(self, counts):
        v = np.zeros(len(self.vocab))
        for t, c in counts.items():
            v[t] = (1 + np.log(c)) * self.idf[t]
        n = np.linalg.norm(v)
        return v / n if n else v

    def rank(self, query, allowed):
        scores = self.matrix @ self._vector(self._counts(query))
        return [i for i in np.argsort(-scores) if i in allowed]


def own(index, issuer):
    """The index's plans of this issuer: what a query from it leaves out."""
    return frozenset(i for i, p in enumerate(index.plans) if p["issuer"] == issuer)


def topical(items, index, issuer, k=5):
    structure = load_structure()
    theme = [classify(item, structure) for _, _, item in items]
    own_plans = own(index, issuer)
    queries = [i for i, (by, _, _) in enumerate(items) if by == issuer]
    others = {i for i, (by, _, _) in enumerate(items) if by != issuer}
    docs = [normalize(it.title + it.text) for _, _, it in items]
    tfidf = Tfidf(docs)
    choices = {i: docs[i] for i in others}
    results = defaultdict(lambda: [0, 0, 0.0, 0])  # hits, relevant, capped recall sum, queries
    key_of = {path: i for i, (_, path, _) in enumerate(items)}
    for q in queries:
        relevant = {i for i in others if theme[i] is not None and theme[i] is theme[q]}
        if not relevant:
            continue
        for kind, text in (("title", items[q][2].title), ("full", items[q][2].title + items[q][2].text)):
            plain = normalize(text)
            wratio = [i for _, _, i in process.extract(plain, choices, scorer=fuzz.WRatio, limit=k)]
            ranked = {
                "WRatio": wratio,
                "TF-IDF bigrams": tfidf.rank(plain, others)[:k],
            }
            for label, bonus in (("drafter", True), ("drafter, no theme bonus", False)):
                match.THEME_BONUS = 0.15 if bonus else 0.0
                found = search(index, text, top=k, filters=Filters(exclude_plans=own_plans))
                ranked[label] = [key_of.get(key(s.record)) for s in found]
            for label, top in ranked.items():
                hits = len(relevant & set(top[:k]))
                row = results[(label, kind)]
                row[0] += hits
                row[1] += len(relevant)
                row[2] += hits / min(k, len(relevant))  # share of what five results could hold
                row[3] += 1
    match.THEME_BONUS = 0.15
    return results


def perturb(text, how, rng, alphabet):
    chars = list(text)
    if how == "edit20":
        for i in rng.sample(range(len(chars)), max(1, len(chars) // 5)):
            chars[i] = rng.choice(alphabet)
        return "".join(chars)
    if how == "reorder":
        clauses = [c for c in text.replace("。", "，").split("，") if c]
        rng.shuffle(clauses)
        return "，".join(clauses)
    size = max(8, int(len(text) * rng.uniform(0.4, 0.7)))
    start = rng.randrange(0, max(1, len(text) - size))
    return text[start : start + size]


def near_duplicates(folder, source):
    rng = random.Random(7)
    items = corpus_items(source)
    texts = [item.text for _, _, item in items if len(item.text) >= 30]
    alphabet = [c for t in texts for c in t if "\u4e00" <= c <= "\u9fff"]
    clauses = [c for t in texts for c in t.replace("。", "，").split("，") if len(c) >= 6]
    lines = ["某市教育局2030年工作要点", "一、干扰条目"]
    for n in range(2000):
        lines.append(f"{n + 1}.{'，'.join(rng.sample(clauses, 3))}。（责任处室：组织处）")
    distractors = folder / "distractors.txt"
    distractors.write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = folder / "corpus"
    for entry in entries(source):
        text = folder / f"{entry.id}.txt"
        text.write_text(plan_to_text(entry.plan), encoding="utf-8")
        ingest(text, corpus)
    ingest(distractors, corpus)
    index = open_index(corpus).index
    scores = defaultdict(lambda: [0, 0])
    for how in ("edit20", "reorder", "fragment"):
        for original in texts:
            query = perturb(original, how, rng, alphabet)
            found = search(index, query, top=1)
            hit = bool(found) and normalize(found[0].record.text) == normalize(original)
            scores[("drafter", how)][0] += hit
            scores[("drafter", how)][1] += 1
    return scores, len(texts)


def calibration(items, index) -> None:
    """Score quantiles (5/25/45/65/85 %) by kind of match: what the bands rest on."""
    import statistics

    structure = load_structure()
    theme = [classify(item, structure) for _, _, item in items]
    key_of = {path: i for i, (_, path, _) in enumerate(items)}
    queries = [i for i in range(len(items)) if theme[i]]
    rng = random.Random(1)

    def show(label, scores):
        cuts = statistics.quantiles(scores, n=20)[::4]
        print(f"  {label:40} n={len(scores):5}  " + " ".join(f"{c:5.1f}" for c in cuts))

    bands = defaultdict(lambda: [0, 0, 0])  # (kind, band): results, same theme, worded as a copy
    for kind in ("title", "full"):
        for calibrated in (False, True):
            same, other = [], []
            for q in queries:
                issuer, _, item = items[q]
                text = item.title if kind == "title" else item.title + item.text
                if not text.strip():
                    continue
                for found in search(index, text, top=10, filters=Filters(exclude_plans=own(index, issuer))):
                    k = key_of.get(key(found.record))
                    if k is None:  # an item the walk does not reach (an attachment's)
                        continue
                    score = found.score if calibrated else found.fused
                    (same if theme[k] is theme[q] else other).append(score)
                    if calibrated:
                        row = bands[(kind, found.band)]
                        row[0] += 1
                        row[1] += theme[k] is theme[q]
                        row[2] += copied(text, items[k][2], kind)
            name = "calibrated" if calibrated else "fused"
            show(f"{kind} query, same theme ({name})", same)
            show(f"{kind} query, other theme ({name})", other)
    copies = []
    for _, _, item in items:
        if len(item.text) >= 30:
            chars = list(item.text)
            for i in rng.sample(range(len(chars)), len(chars) // 5):
                chars[i] = "的"
            copies.append(search(index, "".join(chars), top=1)[0].score)
    show("copy, 20 % characters changed", copies)
    print(f"what each band holds (same theme; worded as a copy: fuzz.ratio >= {COPY_RATIO}):")
    for (kind, name), (count, themed, worded) in sorted(bands.items()):
        shares = f"same theme {themed / count:4.0%}  copy {worded / count:4.0%}"
        print(f"  {kind:5} {name:4} n={count:5}  {shares}")


COPY_RATIO = 70  # fuzz.ratio of query and result (title to title, or whole item) that reads as a copy


def copied(query, item, kind):
    """Whether the result words the query's measure nearly as the query does."""
    result = item.title if kind == "title" else item.title + item.text
    return fuzz.ratio(normalize(query), normalize(result)) >= COPY_RATIO


def measure(name, corpus, query_issuers) -> None:
    items = corpus_items(corpus)
    index = open_index(corpus).index
    print(f"== {name}: {len(index.plans)} plans, {len(items)} items")
    if "--calibration" in sys.argv:
        print("score quantiles 5/25/45/65/85 % (every themed item against the other issuers):")
        calibration(items, index)
        return
    for issuer in query_issuers:
        print(f"topical recall@5 ({issuer} items against the other issuers): relevant found / all relevant,")
        print("and per query relevant found / min(5, relevant), averaged:")
        for (label, kind), (hits, total, capped, count) in sorted(
            topical(items, index, issuer).items(), key=lambda kv: (kv[0][1], kv[0][0])
        ):
            print(f"  {kind:5} {label:26} {hits / total:6.1%}  ({hits}/{total})   {capped / count:6.1%}")
    with tempfile.TemporaryDirectory() as temp:
        scores, count = near_duplicates(Path(temp), corpus)
    print(f"near-duplicate recall@1 ({count} items among 2,000 distractors):")
    for (label, how), (hits, total) in sorted(scores.items()):
        print(f"  {how:9} {label:8} {hits / total:6.1%}")


def main() -> None:
    """Topical and near-duplicate recall; with ``--calibration``, the score distributions."""
    with tempfile.TemporaryDirectory() as temp:
        measure("five seeds (the bands' first fit)", seed_corpus(Path(temp)), ["沈阳市教育局"])
    measure("bundled corpus", bundled("corpus"), ["沈阳市教育局", "沈阳市人民政府办公厅"])


if __name__ == "__main__":
    sys.exit(main())

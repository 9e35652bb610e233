"""Parse time by format: the same two seeds as plain text, Word, a portal page and a PDF.

    python benchmarks/formats.py [--repeat 10]

Library calls (``drafter.parse.plan.parse_file``) on the fixtures of tests/data/formats/ and
the seeds they were made from; the .docx is built from the seed by ``drafter.build_docx`` (no
LibreOffice needed). Prints the median and best time per file, and the time of the reading
step alone (``read_document``) — the rest is the parser, the same for every format.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from drafter.api import build_docx  # noqa: E402
from drafter.parse.plan import parse_file  # noqa: E402
from drafter.parse.read import read_document  # noqa: E402
from drafter.store.serialize import load_plan  # noqa: E402

FORMATS = ROOT / "tests" / "data" / "formats"


def _seed(prefix: str) -> Path:
    """The raw copy of a seed in the bundled corpus (as tests/conftest.py finds it)."""
    for entry in sorted((ROOT / "corpus").glob("*.yaml")):
        plan = load_plan(entry)
        if plan.source.path.startswith(prefix):
            return ROOT / "corpus" / plan.source.provenance["stored"]
    raise SystemExit(f"seed {prefix} not found in corpus/")


def _time(call: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, min(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        files: list[tuple[str, Path]] = []
        for prefix, name in (("000", "changsha-2022"), ("003", "xiangtan-2017")):
            text = _seed(prefix)
            docx = Path(temp) / f"{name}.docx"
            docx.write_bytes(build_docx(parse_file(text), notice=True))
            files += [
                ("txt", text),
                ("docx", docx),
                ("html", FORMATS / f"{name}.html"),
                ("pdf", FORMATS / f"{name}.pdf"),
            ]
        print(f"{'format':6} {'file':22} {'KB':>5} {'items':>5}  parse median/best ms   read median ms")
        for kind, path in files:
            items = len(parse_file(path).all_items())
            median, best = _time(lambda p=path: parse_file(p), args.repeat)
            read, _ = _time(lambda p=path: read_document(p), args.repeat)
            size = path.stat().st_size / 1024
            row = f"{kind:6} {path.stem[:22]:22} {size:5.0f} {items:5}"
            print(f"{row}  {median:8.1f} / {best:6.1f}   {read:8.1f}")


if __name__ == "__main__":
    main()

"""Ingest of a mixed downloads folder in one call, with the time each format takes.

    python benchmarks/ingest_folder.py               # 200 files
    python benchmarks/ingest_folder.py --files 400

The folder is made the way a clerk's downloads look: the seed plans and the development
corpus (tests/data/corpus-dev) as .txt, .md, .docx (one paragraph a line), and — when
LibreOffice is installed — Word 97 .doc and .odt saved by it; every plan is another year's
(so each is its own entry), a tenth of the plans also downloaded a second time as .docx
(recognised as the same document), and a few .xls/.jpg files drafter skips. The library
call (``drafter.store.batch.ingest_all``) is timed per file; the run is made twice, the
second time with LibreOffice's conversions in the cache. A last run times the real CLI.

Measured 2026-12-01 (2 cores shared with other jobs, load average about 9; LibreOffice 7.4.7.2),
200 files: 171 entries, 18 second copies recognised, 9 failures (development-corpus texts with
no numbered items), 2 skipped. Per file, first run / cached run: .txt 121/117 ms, .md 153/148 ms,
.docx 394/334 ms, .doc 6964/414 ms, .odt 7878/361 ms (a conversion is LibreOffice starting in a
fresh profile); the whole folder 331 s / 49 s, the CLI's one call (cached) 63 s.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

import docx

from drafter.parse.convert import soffice
from drafter.store import batch

sys.path.insert(0, str(Path(__file__).parent))
from foundation import DRAFTER, seeds

ROOT = Path(__file__).parents[1]
SHARE = {"txt": 0.35, "md": 0.1, "docx": 0.25, "doc": 0.15, "odt": 0.05}  # of the plans; rest skipped
SECOND_COPY = 10  # every tenth plan is downloaded twice (its .docx beside it)
UNSUPPORTED = ("统计表.xls", "照片.jpg")


def texts() -> list[str]:
    found = [p.read_text(encoding="utf-8") for p in seeds()]
    found += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/data/corpus-dev").glob("*.txt"))]
    return found


def write_docx(text: str, path: Path) -> None:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line.strip())
    document.save(path)


def make_folder(folder: Path, count: int) -> None:
    """``count`` files: plans in the formats of SHARE, second copies and unsupported files."""
    pool = texts()
    formats = [f for f, share in SHARE.items() for _ in range(round(share * 100))]
    if soffice() is None:
        formats = [f if f not in ("doc", "odt") else "docx" for f in formats]
    plans = int(count * 0.95)
    convert: dict[str, list[Path]] = defaultdict(list)
    made = 0
    for index in range(plans):
        if made >= count - len(UNSUPPORTED):
            break
        year = 2000 + index // len(pool)  # each copy of a text another year: distinct entries
        text = pool[index % len(pool)]
        for found in {str(y) for y in range(2010, 2030)}:
            text = text.replace(found, str(year))
        kind = formats[index * 37 % len(formats)]
        sub = folder / f"{index % 7}"
        sub.mkdir(exist_ok=True)
        stem = sub / f"plan-{index:04d}"
        if kind in ("txt", "md"):
            stem.with_suffix(f".{kind}").write_text(text, encoding="utf-8")
        else:
            write_docx(text, stem.with_suffix(".docx"))
            if kind != "docx":
                convert[kind].append(stem.with_suffix(".docx"))
        made += 1
        if index % SECOND_COPY == 0 and kind in ("txt", "md"):
            write_docx(text, sub / f"plan-{index:04d}-附件.docx")
            made += 1
    for kind, sources in convert.items():
        with tempfile.TemporaryDirectory() as work:
            profile = (Path(work) / "profile").as_uri()
            command = [soffice() or "soffice", f"-env:UserInstallation={profile}", "--headless"]
            command += ["--convert-to", "doc:MS Word 97" if kind == "doc" else kind, "--outdir", work]
            subprocess.run([*command, *map(str, sources)], check=True, capture_output=True, timeout=1800)
            for source in sources:
                (Path(work) / f"{source.stem}.{kind}").replace(source.with_suffix(f".{kind}"))
                source.unlink()
    for name in UNSUPPORTED:
        (folder / name).write_bytes(b"\xd0\xcf\x11\xe0 not a plan")


def timed_run(folder: Path, corpus: Path, label: str) -> None:
    files, skipped = batch.gather([folder], corpus)
    times: dict[str, list[float]] = defaultdict(list)
    order = iter(files)
    last = time.perf_counter()

    def step() -> None:
        nonlocal last
        now = time.perf_counter()
        times[next(order).suffix.lstrip(".")].append(now - last)
        last = now

    start = time.perf_counter()
    done = batch.ingest_all([folder], corpus, step=step, files=(files, skipped))
    total = time.perf_counter() - start
    outcomes = {
        o: sum(1 for i in done.ingested if i.outcome == o) for o in (batch.ADDED, batch.PRESENT, batch.MERGED)
    }
    print(f"{label}: {len(files)} files in {total:.1f} s; {outcomes}, {len(done.failures)} failed, "
          f"skipped {dict(skipped)}")  # fmt: skip
    for kind, spent in sorted(times.items()):
        each = sum(spent) / len(spent) * 1000
        print(f"  .{kind:5} {len(spent):4} files  {sum(spent):6.1f} s  {each:7.0f} ms a file")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        os.environ["XDG_CACHE_HOME"] = str(Path(temp) / "cache")  # a cold conversion cache
        folder = Path(temp) / "下载"
        folder.mkdir()
        start = time.perf_counter()
        make_folder(folder, args.files)
        made = sum(1 for p in folder.rglob("*") if p.is_file())
        print(f"made {made} files in {time.perf_counter() - start:.1f} s")
        timed_run(folder, Path(temp) / "corpus-1", "first run (LibreOffice converts)")
        timed_run(folder, Path(temp) / "corpus-2", "second run (conversions cached)")
        start = time.perf_counter()
        cli = subprocess.run(
            [str(DRAFTER), "ingest", str(folder), "--corpus", str(Path(temp) / "corpus-3")],
            capture_output=True, check=False, env={**os.environ, "NO_COLOR": "1"},
        )  # fmt: skip
        print(f"CLI, one call (cached): {time.perf_counter() - start:.1f} s, exit {cli.returncode}")


if __name__ == "__main__":
    main()

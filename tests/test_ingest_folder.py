"""`drafter ingest DIR…`: folders walked, unsupported files counted, failures listed without
stopping the rest, and one plan in two formats stored once with both sources."""

from __future__ import annotations

import shutil

import yaml
from conftest import DATA, run_cli

from drafter.parse.read import SUPPORTED
from drafter.store import batch
from drafter.store.corpus import entries

FORMATS = DATA / "formats"


def downloads(tmp_path, seed):
    """A downloads folder: two plans, one of them also as a .docx (automatic numbering),
    files drafter does not read, an empty text, a hidden file and a Word lock file."""
    folder = tmp_path / "下载"
    (folder / "2022" / "附件").mkdir(parents=True)
    shutil.copyfile(seed["000"], folder / "2022" / "长沙2022.txt")
    shutil.copyfile(FORMATS / "numbered.docx", folder / "2022" / "附件" / "长沙2022.docx")
    shutil.copyfile(seed["003"], folder / "湘潭.txt")
    for name in ("统计表.xls", "汇总.XLS", "照片.jpg"):
        (folder / name).write_bytes(b"\xd0\xcf\x11\xe0 not a plan")
    (folder / "空白.txt").write_bytes(b"")
    (folder / ".DS_Store").write_bytes(b"\0\0")
    (folder / "2022" / "~$长沙2022.docx").write_bytes(b"\0owner")
    return folder


def test_a_folder_is_ingested_with_skips_failures_and_one_entry_per_plan(seed, tmp_path):
    folder, corpus = downloads(tmp_path, seed), tmp_path / "corpus"
    result = run_cli("ingest", str(folder), "--corpus", str(corpus))
    assert result.returncode == 1, result.stderr  # one file failed, the others are in
    assert "跳过 3 个不支持的文件: .xls 2、.jpg 1" in result.stderr
    assert "空白.txt:文件为空" in result.stderr and "空白.txt\t\t\t\t\t\t\t失败:文件为空" in result.stdout
    rows = {line.split("\t")[0]: line.split("\t")[-1] for line in result.stdout.splitlines()[2:]}
    assert rows == {
        "长沙2022.txt": "新增",
        "长沙2022.docx": "并入(同文另一格式)",
        "湘潭.txt": "新增",
        "空白.txt": "失败:文件为空",
    }
    plans = {entry.plan.issuer: entry for entry in entries(corpus)}
    assert sorted(plans) == ["湘潭市教育局", "长沙市教育局"]
    changsha = plans["长沙市教育局"]
    record = yaml.safe_load(changsha.path.read_text(encoding="utf-8"))["source"]
    (other,) = record["provenance"]["other_sources"]
    assert (other["path"], other["format"]) == ("长沙2022.docx", "docx")
    stored = corpus / other["stored"]
    assert stored.read_bytes() == (FORMATS / "numbered.docx").read_bytes()
    assert record["path"] == "长沙2022.txt" and (corpus / record["provenance"]["stored"]).is_file()

    again = run_cli("ingest", str(folder), "--corpus", str(corpus))
    assert again.returncode == 1
    assert again.stdout.count("已存在") == 3 and "新增" not in again.stdout and "并入" not in again.stdout
    assert len(list((corpus / "sources").iterdir())) == 3


def test_all_ingested_is_0_nothing_readable_is_2(seed, tmp_path):
    good, bad, corpus = tmp_path / "good", tmp_path / "bad", tmp_path / "corpus"
    good.mkdir()
    bad.mkdir()
    shutil.copyfile(seed["001"], good / "a.txt")
    (bad / "empty.txt").write_bytes(b"")
    (bad / "表.xls").write_bytes(b"x")
    assert run_cli("ingest", str(good), "--corpus", str(corpus)).returncode == 0
    failed = run_cli("ingest", str(bad), "--corpus", str(corpus))
    assert failed.returncode == 2 and "empty.txt:文件为空" in failed.stderr
    only_skipped = tmp_path / "图片"
    only_skipped.mkdir()
    (only_skipped / "a.jpg").write_bytes(b"x")
    nothing = run_cli("ingest", str(only_skipped), "--corpus", str(corpus))
    assert nothing.returncode == 2
    skipped, error = nothing.stderr.splitlines()
    assert (
        skipped == "跳过 1 个不支持的文件: .jpg 1"
        and error == f"错误:{only_skipped}:没有找到可入库的文件(支持 {SUPPORTED})"
    )


def test_the_same_words_in_another_year_are_another_plan(seed, tmp_path):
    """A plan and next year's copy of it (same items, another year) are two entries."""
    folder, corpus = tmp_path / "in", tmp_path / "corpus"
    folder.mkdir()
    text = seed["000"].read_text(encoding="utf-8")
    (folder / "2022.txt").write_text(text, encoding="utf-8")
    (folder / "2023.txt").write_text(text.replace("2022", "2023"), encoding="utf-8")
    done = batch.ingest_all([folder], corpus)
    assert [i.outcome for i in done.ingested] == [batch.ADDED, batch.ADDED] and done.status == 0
    assert sorted(e.plan.year for e in entries(corpus)) == [2022, 2023]


def test_the_corpus_inside_the_folder_is_not_ingested_into_itself(seed, tmp_path):
    folder = tmp_path / "工作"
    folder.mkdir()
    shutil.copyfile(seed["002"], folder / "plan.txt")
    corpus = folder / "corpus"
    assert run_cli("ingest", str(folder), "--corpus", str(corpus)).returncode == 0
    again = batch.ingest_all([folder], corpus)
    assert [(i.source.name, i.outcome) for i in again.ingested] == [("plan.txt", batch.PRESENT)]

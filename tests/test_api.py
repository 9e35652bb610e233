"""The public Python API (``import drafter``), called on the seeds as a library user would,
and the README's library example, run as written."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from conftest import DATA

import drafter
from drafter.knowledge.structure import load_structure, themes_of

README = Path(__file__).resolve().parent.parent / "README.md"
CLEAN_TEXT = (
    "某市教育局2027年工作要点\n"
    "一、加强党的建设\n"
    "1.推进集团化办学。新组建教育集团5个。（牵头处室：基础教育处，责任处室：组织处、人事处）\n"
)


@pytest.fixture(autouse=True)
def hostile_shell(tmp_path, monkeypatch):
    """What the library must ignore: a corpus named by the environment, a ./corpus in the
    current folder; and the bundled corpus's index kept out of the real user cache."""
    monkeypatch.setenv("DRAFTER_CORPUS", str(tmp_path / "nonexistent"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "cwd" / "corpus").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "cwd")


def test_parse_file_and_parse_text(seed):
    plan = drafter.parse_file(seed["000"])
    assert isinstance(plan, drafter.Plan)
    assert (plan.title, plan.issuer, plan.year) == ("2022年全市教育工作要点", "长沙市教育局", 2022)
    assert (len(plan.sections), len(plan.items())) == (7, 25)
    (item,) = drafter.parse_text(CLEAN_TEXT).items()
    assert (item.title, item.lead) == ("推进集团化办学", ["基础教育处"])
    assert item.all_units() == ["基础教育处", "组织处", "人事处"]


def test_check_finds_the_slips_of_a_seed_and_nothing_in_clean_text(seed):
    found = drafter.check(seed["000"])
    assert all(isinstance(f, drafter.Finding) for f in found)
    slip = next(f for f in found if f.rule == "PLAN013" and "宣传统统处" in f.message)
    assert (slip.name, slip.severity, slip.path) == ("unknown-unit", "error", "一/1")
    line = seed["000"].read_text(encoding="utf-8").split("\n")[slip.line - 1]
    assert line[slip.column - 1 :].startswith("宣传统统处") and slip.excerpt
    assert drafter.check(drafter.parse_text(CLEAN_TEXT)) == []


def test_check_year_units_and_previous(seed, tmp_path):
    plan = drafter.parse_text(CLEAN_TEXT)
    # the title says 2027; checked as 2026 the title's year is wrong
    assert "PLAN030" in {f.rule for f in drafter.check(plan, year=2026)}
    other = drafter.parse_text(CLEAN_TEXT.replace("人事处", "公共服务中心"))  # in no registry or organ list
    assert [(f.rule, f.severity) for f in drafter.check(other)] == [("PLAN013", "info")]
    assert drafter.check(other, units=["基础教育处", "组织处", "公共服务中心"]) == []
    by_names = drafter.check(other, units=["基础教育处", "组织处"])
    assert [(f.rule, f.severity) for f in by_names] == [("PLAN013", "error")]
    assert "公共服务中心" in by_names[0].message and "本局单位名录" in by_names[0].message
    units_file = tmp_path / "units.txt"
    units_file.write_text("基础教育处\n组织处\n", encoding="utf-8")
    assert [f.message for f in drafter.check(other, units=units_file)] == [f.message for f in by_names]
    assert [f.message for f in drafter.check(other, units=str(units_file))] == [f.message for f in by_names]
    carried = [f for f in drafter.check(seed["000"], previous=seed["000"]) if f.rule == "PLAN061"]
    assert len(carried) == 25  # every item of last year's plan, unedited
    same = drafter.parse_file(seed["000"])
    assert len([f for f in drafter.check(same, previous=same) if f.rule == "PLAN061"]) == 25


def test_check_learns_units_from_the_corpus_it_is_given(seed, tmp_path):
    text = (
        "沈阳市教育局2022年工作要点\n一、加强党的建设\n"
        "1.推进高校党建。加强高校党组织建设。（责任处室：科研单位工作处）\n"
    )
    (tmp_path / "mine").mkdir()
    corpus = drafter.Corpus(tmp_path / "mine")
    assert [f.rule for f in drafter.check(drafter.parse_text(text), corpus=corpus)] == ["PLAN013"]
    corpus.ingest(seed["001"])  # 沈阳 names 科研单位工作处 in its own plan
    assert drafter.check(drafter.parse_text(text), corpus=corpus) == []
    assert drafter.check(drafter.parse_text(text), corpus=corpus.folder) == []


def test_build_docx_is_a_word_file_with_the_title(seed):
    data = drafter.build_docx(seed["001"], notice=True, table=True)
    document = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    assert "沈阳市教育局2022年工作要点" in paragraphs
    assert any(p.startswith("沈阳市教育局关于印发") and p.endswith("的通知") for p in paragraphs)
    assert "序号" in [table.rows[0].cells[0].text for table in document.tables]  # the task table
    plain = docx.Document(io.BytesIO(drafter.build_docx(drafter.parse_file(seed["001"]))))
    assert not plain.tables and not any(p.text.endswith("的通知") for p in plain.paragraphs)


def test_build_docx_refuses_an_unknown_option(seed):
    with pytest.raises(TypeError, match=r"notcie.*notice"):
        drafter.build_docx(seed["001"], notcie=True)
    with pytest.raises(TypeError, match=r"drafter\.Plan"):
        drafter.build_docx(42)


def test_new_draft_from_a_base_and_from_the_structure(seed):
    base = drafter.parse_file(seed["000"])
    draft = drafter.new_draft(2023, base=seed["000"])
    assert draft.year == 2023 and draft.issuer == "长沙市教育局" and "2023" in draft.title
    assert len(draft.items()) == len(base.items())
    assert {item.origin["year"] for item in draft.items()} == {2022}
    assert any("已过时" in note for note in draft.warnings)  # the base's stale preamble
    fresh = drafter.new_draft(2027, issuer="某市教育局")
    assert fresh.title == "某市教育局2027年工作要点"
    assert len(fresh.items()) == len(themes_of(load_structure()))
    assert all(item.origin["seed"] for item in fresh.items())
    with pytest.raises(drafter.UsageError, match="issuer"):
        drafter.new_draft(2027)


def test_diff_plans(seed):
    base = drafter.parse_file(seed["000"])
    edited = drafter.parse_text(
        seed["000"].read_text(encoding="utf-8").replace("新扩建公办幼儿园30所", "新扩建公办幼儿园20所")
    )
    result = drafter.diff_plans(base, edited)
    assert isinstance(result, drafter.PlanDiff)
    assert (len(result.new), len(result.dropped), len(result.unchanged)) == (0, 0, 24)
    (changed,) = result.changed
    assert (changed.old_path, changed.targets) == ("三/10", [("新扩建公办幼儿园", "30所", "20所")])
    carried = drafter.diff_plans(seed["000"], drafter.new_draft(2023, base=base))
    assert not carried.new and not carried.dropped
    assert len(carried.changed) + len(carried.unchanged) == 25


def test_the_bundled_corpus():
    corpus = drafter.Corpus.bundled()
    # corpus/README.md: the five seeds and 42 corpus-dev documents
    assert len(corpus) == 47 and len(corpus.plans()) == 47
    assert next(iter(corpus)).id == "2015-内蒙古自治区人民政府办公厅-8f977e02"  # ids sort by year first
    issuers = {plan.issuer for plan in corpus.plans()}
    assert issuers >= {"长沙市教育局", "沈阳市教育局", "湘潭市教育局", "国务院办公厅"}
    assert corpus.get("沈阳市教育局").plan.title == "沈阳市教育局2022年工作要点"
    with pytest.raises(drafter.UsageError, match="对应多篇"):
        corpus.get("沈阳")  # 沈阳市教育局 2022 and 沈阳市人民政府办公厅 2017
    assert corpus.latest("长沙市教育局").plan.year == 2022
    with pytest.raises(drafter.UsageError, match="只读"):
        corpus.ingest(DATA / "wuhu_style.txt")
    with pytest.raises(drafter.InputError, match="语料库目录不存在"):
        drafter.Corpus("nonexistent")


def test_search_results_carry_their_source():
    hits = drafter.Corpus.bundled().search("加强经费管理", top=3)
    assert len(hits) == 3 and all(isinstance(h, drafter.Suggestion) for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    best = hits[0]
    assert (best.issuer, best.year, best.title, best.path) == (
        "沈阳市教育局", 2022, "沈阳市教育局2022年工作要点", ["五", "26"]
    )  # fmt: skip
    assert best.band == "几乎相同" and best.score >= 75
    assert "预算" in best.text and "财务处" in best.units and best.lead == []
    assert best.to_dict()["issuer"] == best.issuer and best.to_dict()["units"] == best.units
    assert {h.band for h in hits[1:]} == {"相关"}
    only = drafter.Corpus.bundled().search("加强经费管理", top=5, issuer="湘潭市教育局", since=2017)
    assert only and {h.issuer for h in only} == {"湘潭市教育局"}
    with pytest.raises(drafter.UsageError):
        drafter.Corpus.bundled().search("加强经费管理", top=0)


def test_an_own_corpus_ingests_and_searches(tmp_path):
    (tmp_path / "mine").mkdir()
    corpus = drafter.Corpus(tmp_path / "mine")
    first = corpus.ingest(DATA / "wuhu_style.txt", issuer="芜湖市教育局")
    assert first.added and len(corpus) == 1 and corpus.plans()[0].issuer == "芜湖市教育局"
    assert not corpus.ingest(DATA / "wuhu_style.txt").added and len(corpus) == 1
    (hit,) = corpus.search("新组建教育集团5个,实现城区优质教育资源全覆盖", top=1)
    assert hit.issuer == "芜湖市教育局" and "教育集团" in hit.text and hit.band == "几乎相同"
    assert (tmp_path / "mine" / ".index" / "current").is_file()  # the index sits beside the corpus


def test_the_public_names():
    assert set(drafter.__all__) <= set(dir(drafter))
    for name in drafter.__all__:
        assert getattr(drafter, name) is not None
    with pytest.raises(AttributeError):
        drafter.no_such_name  # noqa: B018
    code = "import sys, drafter; drafter.check, drafter.Corpus; print(' '.join(sorted(sys.modules)))"
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.split())
    heavy = {"docx", "numpy", "rapidfuzz", "jinja2", "yaml", "drafter.parse"}
    assert "drafter.api" in loaded and not loaded & heavy


def _readme_examples() -> list[str]:
    """The ```python blocks of the README's library sections (Chinese and English)."""
    text = README.read_text(encoding="utf-8")
    blocks = []
    for heading in ("## 作为 Python 库使用", "**As a Python library**"):
        block = re.search(r"```python\n(.*?)```", text[text.index(heading) :], re.S)
        assert block, f"README: no python example after {heading}"
        blocks.append(block.group(1))
    return blocks


@pytest.mark.parametrize("language", ["中文", "English"])
def test_the_readme_example_runs(language, capsys):
    code = _readme_examples()[["中文", "English"].index(language)]
    exec(compile(code, f"README ({language})", "exec"), {})
    printed = capsys.readouterr().out
    assert "PLAN013" in printed and "沈阳市教育局" in printed
    built = sorted(Path.cwd().glob("*.docx"))
    assert built and any("2023年全市教育工作要点" in p.text for p in docx.Document(built[0]).paragraphs)


def test_parse_file_takes_a_smaller_unzip_limit(seed, tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(drafter.build_docx(drafter.parse_file(seed["000"])))
    assert drafter.parse_file(path).items()  # well under the default limit
    with pytest.raises(drafter.InputError, match="解压"):
        drafter.parse_file(path, max_unzipped=10_000)

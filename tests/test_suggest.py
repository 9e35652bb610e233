"""suggest and index: retrieval quality on the real corpus, the JSON shape, filters,
grouping, the draft review sheet and an index that follows the corpus."""

from __future__ import annotations

import json
import random
import shutil

import pytest

from drafter.parse.plan import parse_file
from drafter.render.text import plan_to_text
from drafter.resources import bundled
from drafter.store import corpus as corpus_lib
from drafter.suggest.index import Index, location, normalize, open_index
from drafter.suggest.search import Filters, band, highlight, own_plans, search


@pytest.fixture(scope="module")
def bundled_index(tmp_path_factory) -> Index:
    copy = tmp_path_factory.mktemp("suggest") / "corpus"
    # without an index a run in the checkout left beside the corpus (``drafter suggest`` there
    # reads ./corpus): this one is built here, by this code
    shutil.copytree(bundled("corpus"), copy, ignore=shutil.ignore_patterns(".index"))
    return open_index(copy).index


def _items():
    return [
        (entry.plan, item)
        for entry in corpus_lib.entries(bundled("corpus"))
        for _, item in entry.plan.walk()
        if len(item.text) >= 30
    ]


def test_perturbed_copies_find_their_original(bundled_index):
    rng = random.Random(3)
    items = _items()
    alphabet = [c for _, item in items for c in item.text if "\u4e00" <= c <= "\u9fff"]
    hits = 0
    for _, item in items:
        chars = list(item.text)
        for i in rng.sample(range(len(chars)), len(chars) // 5):
            chars[i] = rng.choice(alphabet)
        found = search(bundled_index, "".join(chars), top=1)
        hits += bool(found) and normalize(found[0].record.text) == normalize(item.text)
    assert hits / len(items) >= 0.98


def test_a_fragment_and_a_reordered_copy_rank_their_original_first(bundled_index):
    plan, item = next((p, i) for p, i in _items() if i.title == "加大教育投入力度")
    clauses = item.text.rstrip("。").split(",")
    for query in (item.text[40:90], ",".join(reversed(clauses))):
        top = search(bundled_index, query, top=1)[0]
        assert (top.record.title, top.record.plan["issuer"]) == (item.title, plan.issuer)
        assert top.band == "几乎相同"


def test_a_short_subject_finds_other_wordings_through_synonyms(bundled_index):
    found = search(bundled_index, "加强经费管理", top=5, filters=Filters(issuer="长沙"))
    assert found[0].record.title == "加大教育投入力度"  # 经费 ↔ 投入: no shared word
    assert "【资金】" in found[0].highlight  # the sentence that shares most, synonyms included


def test_unrelated_text_is_not_close(bundled_index):
    assert search(bundled_index, "天气晴朗去郊游", top=3) == []  # not one bigram in common
    found = search(bundled_index, "明天天气晴朗学校组织郊游", top=3)  # 学校, 组织: common words only
    assert len(found) == 3 and {s.band for s in found} == {"无相近"}
    assert band(80) == "几乎相同" and band(60) == "相关" and band(10) == "无相近"


def test_filters_limit_issuer_and_years(bundled_index):
    for found in (
        search(bundled_index, "教师队伍建设", top=10, filters=Filters(issuer="湘潭")),
        search(bundled_index, "教师队伍建设", top=10, filters=Filters(since=2023)),
        search(bundled_index, "教师队伍建设", top=10, filters=Filters(until=2017)),
    ):
        assert found
    assert {s.record.plan["issuer"] for s in search(bundled_index, "教师", 10, Filters(issuer="湘潭"))} == {
        "湘潭市教育局"
    }
    # the bundled corpus's only plans after 2022 are of 2024; each filter keeps to its side of the line
    assert {s.record.plan["year"] for s in search(bundled_index, "教师", 10, Filters(since=2023))} == {2024}
    assert all(s.record.plan["year"] <= 2017 for s in search(bundled_index, "教师", 10, Filters(until=2017)))
    assert search(bundled_index, "教师", 5, min_score=101) == []


def test_a_query_reads_only_the_plans_it_shows(seed, tmp_path):
    """Opening costs nothing per plan, and a query without an issuer filter or excluded plans
    reads the metadata of the plans of its results, not of every plan (at 33k plans, reading
    them all was most of a query's time)."""
    corpus = tmp_path / "corpus"
    for name in ("000", "001", "003"):
        corpus_lib.ingest(seed[name], corpus)
    index = open_index(corpus).index
    read = []
    plan = Index.plan
    index.plan = lambda slot: read.append(slot) or plan(index, slot)  # type: ignore[method-assign]
    found = search(index, "教师队伍建设", top=1, filters=Filters(since=2000, until=2100))
    assert found and index._plans is None
    assert set(read) == {int(index.plan_of[found[0].doc])}
    by_issuer = search(index, "教师队伍建设", top=10, filters=Filters(issuer="湘潭"))
    assert by_issuer and {s.record.plan["issuer"] for s in by_issuer} == {"湘潭市教育局"}
    assert index.plans == [plan(index, slot) for slot in range(len(index.plans))]  # read at once, the same


def test_the_templates_kept_with_the_index_are_the_yaml_read(bundled_index, monkeypatch):
    """A query reads the synonyms and the standard structure from the index's copy while their
    files are unchanged, and from the YAML once a file changed: the same either way."""
    from drafter.knowledge.structure import load_structure
    from drafter.suggest import index as index_module

    copies = bundled_index.templates()
    assert set(copies) == set(index_module.TEMPLATES)
    assert copies == {name: index_module.read_template(name) for name in index_module.TEMPLATES}
    assert index_module.structure_from(copies["structure"]) == load_structure()
    changed = {**bundled_index.meta["templates"]["synonyms"], "sha256": "0" * 64}
    monkeypatch.setitem(bundled_index.meta["templates"], "synonyms", changed)
    assert set(bundled_index.templates()) == {"structure"}  # a file changed since: not the copy


def test_highlight_marks_shared_words():
    assert highlight("深化集团化办学改革。", "办学改革深化") == "【深化】集团化【办学改革】。"
    assert highlight("全面加强师德师风建设。", "师德") == "全面加强【师德师风】建设。"  # a synonym too


def test_near_identical_measures_are_grouped(seed, tmp_path):
    folder = tmp_path / "corpus"
    text = seed["001"].read_text(encoding="utf-8")
    for year in (2021, 2022, 2023):
        source = tmp_path / f"{year}.txt"
        source.write_text(text.replace("2022", str(year)), encoding="utf-8")
        corpus_lib.ingest(source, folder, year=year)
    index = open_index(folder).index
    found = search(index, "全面加强师德师风建设", top=5)
    top = found[0]
    assert len(top.same) == 2
    assert "2021–2023,3 次" in top.also()
    assert len({s.record.text for s in found}) == len(found)  # the copies do not fill the list


def test_index_follows_the_corpus(seed, tmp_path, cli):
    folder = tmp_path / "corpus"
    assert cli("ingest", str(seed["000"]), "--corpus", str(folder)).returncode == 0
    first = json.loads(cli("index", "--corpus", str(folder), "--json").stdout)
    assert first["rebuilt"] and first["plans"] == 1
    again = json.loads(cli("index", "--corpus", str(folder), "--json").stdout)
    assert not again["rebuilt"] and again["items"] == first["items"]
    before = json.loads(cli("suggest", "学生资助", "--corpus", str(folder), "--json").stdout)
    assert {s["issuer"] for s in before} == {"长沙市教育局"}
    assert cli("ingest", str(seed["003"]), "--corpus", str(folder)).returncode == 0
    result = cli("suggest", "学生资助", "--corpus", str(folder), "--json", "--top", "10")
    assert "已为语料库建立索引" in result.stderr
    assert "湘潭市教育局" in {s["issuer"] for s in json.loads(result.stdout)}
    assert location(folder) == folder / ".index"
    forced = json.loads(cli("index", "--corpus", str(folder), "--rebuild", "--json").stdout)
    assert forced["rebuilt"] and forced["plans"] == 2 and forced["bytes"] > 0


def test_the_bundled_corpus_is_indexed_in_the_user_cache(hermetic):
    """The bundled corpus belongs to the package: its index goes to $XDG_CACHE_HOME (here the
    test's own), never beside it."""
    assert location(bundled("corpus")).parent == hermetic / ".cache" / "drafter"


def test_suggest_json_shape(cli):
    result = cli("suggest", "加强经费管理", "--top", "3", "--json")
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert len(found) == 3
    for entry in found:
        keys = {"score", "text", "source", "issuer", "year", "title", "path", "item_title", "units"}
        assert keys <= set(entry)
        assert 0 <= entry["score"] <= 100
        assert entry["source"].endswith(".txt") and isinstance(entry["path"], list)
    assert [s["score"] for s in found] == sorted((s["score"] for s in found), reverse=True)
    top = found[0]
    assert (top["path"], top["item_title"], top["units"][0]) == (["五", "26"], "加强经费管理", "财务处")


def test_suggest_text_output_and_bad_use(cli):
    result = cli("suggest", "学前教育普及普惠", "--top", "2", "--since", "2022")
    assert result.returncode == 0 and "1. 〔" in result.stdout and "年《" in result.stdout
    neither = cli("suggest")
    assert neither.returncode == 2 and "二者取一" in neither.stderr and "Traceback" not in neither.stderr
    zero = cli("suggest", "教育", "--top", "0")
    assert zero.returncode == 2 and "应不小于 1" in zero.stderr and "Input" not in zero.stderr


def test_review_sheet_excludes_the_draft_and_its_base(seed, tmp_path, cli):
    draft = tmp_path / "draft.yaml"
    made = cli("new", "--year", "2023", "--from", str(seed["000"]), "-o", str(draft))
    assert made.returncode == 0, made.stderr
    plan = parse_file(draft)
    index = open_index(bundled("corpus")).index
    excluded = {index.plans[i]["source"] for i in own_plans(index, plan)}
    assert len(excluded) == 1 and excluded.pop().startswith("000")  # the 长沙 2022 plan
    result = cli("suggest", "--plan", str(draft), "--top", "2", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == len(plan.items())
    sources = {s["source"] for row in rows for s in row["suggestions"]}
    assert sources and not any(source.startswith("000") for source in sources)
    sheet = cli("suggest", "--plan", str(draft), "--top", "1").stdout
    assert sheet.count("【") >= len(plan.items())


def test_a_plan_ingested_itself_is_excluded_from_its_review(seed, tmp_path):
    folder = tmp_path / "corpus"
    for name in ("000", "001"):
        corpus_lib.ingest(seed[name], folder)
    text = tmp_path / "own.txt"
    text.write_text(plan_to_text(parse_file(seed["001"])), encoding="utf-8")
    index = open_index(folder).index
    own = own_plans(index, parse_file(text))
    assert [index.plans[i]["issuer"] for i in own] == ["沈阳市教育局"]


def test_one_sentence_repeated_inside_different_items_is_grouped(tmp_path):
    shared = "深入实施县域普通高中振兴计划,推动城区优质高中与县域高中结对共建。"
    plans = {
        "甲市教育局2023年工作要点": f"加强家校协同育人,办好家长学校。{shared}",
        "乙市教育局2024年工作要点": f"{shared}完善高中招生制度,规范招生秩序,严禁违规跨区域招生。",
    }
    folder = tmp_path / "corpus"
    for number, (title, text) in enumerate(plans.items()):
        source = tmp_path / f"{number}.txt"
        source.write_text(
            f"{title}\n一、主要任务\n1.办好普通高中。{text}（责任处室：基础教育处）\n", encoding="utf-8"
        )
        corpus_lib.ingest(source, folder)
    found = search(open_index(folder).index, shared, top=5)
    assert len(found) == 1 and len(found[0].same) == 1
    assert found[0].match == shared
    assert "甲市教育局 2023,1 次" in found[0].also() and "乙市教育局 2024,1 次" in found[0].also()


def test_scores_stay_on_the_0_to_100_scale():
    index = open_index(bundled("corpus")).index
    scores = [s.score for s in search(index, "加强经费管理", 5, Filters())]
    assert scores and max(scores) == 100.0 and min(scores) >= 0  # a copy of a title scores exactly 100

"""What check used to miss on real plans (issue 14): each miss caught on a realistic snippet and on
the seed document where it occurs, the right forms next to it left alone, and the stale table
complete for party congresses, plenums and the five-year 普法 plans."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import run_cli

from drafter.checks import RULES, Context, check_plan
from drafter.checks.runner import Options, check_files
from drafter.knowledge.stale import find_stale, load_table
from drafter.parse.plan import parse_text

HEAD = "{year}年全市教育工作要点\n一、加强党的建设\n"


def check(body: str, rule: str, year: int = 2023):
    plan = parse_text(HEAD.format(year=year) + body)
    return check_plan(plan, Context(year=year), [RULES[rule]])


def on_seed(path, rule: str):
    (report,) = check_files([path], Options(select=(rule,)))
    assert not report.error, report.error
    return report.findings


# --- enumeration gaps (PLAN082) --------------------------------------------------------------


def test_a_gap_in_yi_shi_er_shi_is_caught_even_after_a_cut_out_clause():
    body = (
        "25.办好教育民生实事。一是建设5万个以上基础教育优质学位(责任处室:发展规划处);"
        "二是推动5所学校转办为公办学校(责任处室:民办教育处);"
        "六是创建50个市级标准化食堂(牵头处室:学生工作处);七是建设20个劳动教育基地。\n"
    )
    (found,) = check(body, "PLAN082")
    assert "缺少“三、四、五”" in found.message
    assert found.suggestions[0]["replacement"] == "三"


def test_a_gap_and_a_repeat_in_bracketed_lists():
    gap = check(
        "1.推进集团化办学。主要做好:\n（1）建设联盟;\n（3）开展交流。（责任处室：组织处）\n", "PLAN082"
    )
    assert [f.message for f in gap] == ["列举序号跳号:“1”之后是“3”,缺少“2”"]
    repeat = check("1.推进集团化办学。①建设联盟;②开展交流;②总结推广。（责任处室：组织处）\n", "PLAN082")
    assert "重复" in repeat[0].message and repeat[0].suggestions[0]["replacement"] == "③"


def test_enumeration_words_that_are_not_lists_stay_quiet():
    body = (
        "1.统一思想。统一是前提,唯一是目标,二是二、三是三的问题要分清;"
        "落实第(3)项要求和附件(2)。（责任处室：组织处）\n"
        "2.推进改革。一是建机制;二是强队伍。另一方面,一是抓落实;二是重实效。（责任处室：组织处）\n"
    )
    assert check(body, "PLAN082") == []


def test_the_changsha_seed_list_of_ten_livelihood_projects(seed):
    found = on_seed(seed["000"], "PLAN082")
    assert any("缺少“三、四、五”" in f.message for f in found)


# --- broken numbers and units (PLAN037 PLAN038 PLAN039 PLAN072 PLAN073) ------------------------


def test_a_run_together_date_in_the_text():
    (found,) = check("1.落实市委2022218印发的实施意见。（责任处室：组织处）\n", "PLAN037", year=2022)
    assert found.suggestions[0]["replacement"] == "2022年2月18日"
    ambiguous = check("1.落实市委2022112印发的实施意见。（责任处室：组织处）\n", "PLAN037", year=2022)
    assert "2022年1月12日" in ambiguous[0].message and "2022年11月2日" in ambiguous[0].message
    assert ambiguous[0].suggestions == []


def test_numbers_that_are_no_dates_stay_quiet():
    body = (
        "1.投入资金2022218元,培训2022118人次,咨询电话20221108,"
        "项目编号2022031501,另见2019年的2019118号文。（责任处室：组织处）\n"
    )
    assert check(body, "PLAN037", year=2022) == []
    assert check("1.落实2015118号文件精神。（责任处室：组织处）\n", "PLAN037", year=2022) == []


def test_year_range_without_connector_is_fixed(seed):
    (found,) = check("1.贯彻落实《教育信息化五年行动计划(20162020年)》。（责任处室：组织处）\n", "PLAN038")
    assert found.suggestions == [{"replacement": "2016—2020", "safe": True}]
    assert check("1.完成20202016年度的审计,新建20162020个座位。（责任处室：组织处）\n", "PLAN038") == []
    assert [f.excerpt for f in on_seed(seed["003"], "PLAN038")] != []


def test_percent_followed_by_the_letter_o(seed):
    (found,) = check("1.智能教学助手教师应用率达85%o开展人工智能教育实验。（责任处室：组织处）\n", "PLAN039")
    assert [s["replacement"] for s in found.suggestions] == ["%。", "‰"]
    assert len(on_seed(seed["004"], "PLAN039")) == 2  # “85%o” and “60%o”


def test_counts_without_a_measure_word(seed):
    body = "1.提质25乡村小规模学校,遴选300市级卓越教师,建设10名师工作室。（责任处室：教师工作处）\n"
    found = check(body, "PLAN072")
    assert [f.suggestions[0]["replacement"] for f in found] == ["25所", "300名", "10个"]
    assert "“25所乡村小规模学校”" in found[0].message
    assert sorted(f.suggestions[0]["replacement"] for f in on_seed(seed["000"], "PLAN072")) == [
        "25所",
        "300名",
    ]


def test_counts_with_their_measure_words_stay_quiet():
    body = (
        "1.提质25所乡村小规模学校,遴选300名市级卓越教师,办好市、区、校3级学生艺术展演,"
        "培养1至2项艺术特长,保证72课时,开设2+1美育课程,确保2025年学校全部达标,"
        "新建第25中学,建成5G校园,培训教师3000人次。（责任处室：教师工作处）\n"
    )
    assert check(body, "PLAN072") == []


def test_a_multiple_without_its_number(seed):
    (found,) = check("1.将资助标准提高至不低于省定标准的倍。（责任处室：财务处）\n", "PLAN073")
    assert found.severity == "error"
    assert check("1.资助标准达省定标准的1.5倍,经费成倍增长,倍加珍惜。（责任处室：财务处）\n", "PLAN073") == []
    assert len(on_seed(seed["002"], "PLAN073")) == 1


# --- 错别字 (PLAN070) --------------------------------------------------------------------------


def test_official_document_typos(seed):
    body = "1.各地要要制定方窠,明确岗位只责。（前头处室：组织处）\n2.落实双减。（宣传处前头,组织处配合）\n"
    found = check(body, "PLAN070")
    assert [f.suggestions[0]["replacement"] for f in found] == ["要", "方案", "职责", "牵头处室", "牵头"]
    assert any("方窠" in f.message for f in on_seed(seed["004"], "PLAN070"))


def test_a_typo_pair_never_fires_inside_a_real_word():
    body = (
        "1.按照规划纲要要求,要要求学校走在前头,不只责任在校,严峻工作形势下有关健康、"
        "按装修标准施工,主题纲要明确。（责任处室：组织处）\n"
    )
    assert check(body, "PLAN070") == []


# --- paragraphs split mid-sentence (PLAN083) ---------------------------------------------------


def test_a_paragraph_split_mid_sentence_is_found_and_joined(tmp_path):
    text = (
        HEAD.format(year=2023) + "1.推进集团化办学。深化集团化办学改革,扩大优质教育资源覆盖面,加强\n"
        "学校党建工作,做好教育系统党风廉政建设。（责任处室：组织处）\n"
    )
    source = tmp_path / "plan.txt"
    source.write_text(text, encoding="utf-8")
    (found,) = [f for f in check_plan(parse_text(text), Context(year=2023)) if f.rule == "PLAN083"]
    assert (found.line, found.edits[0].old) == (3, "强\n")
    run = run_cli("check", str(source), "--select", "PLAN083", "--fix")
    fixed = source.with_name("plan.fixed.txt").read_text(encoding="utf-8")
    assert "覆盖面,加强学校党建工作" in fixed, run.stdout + run.stderr


def test_a_split_with_a_blank_line_between_is_reported_without_a_fix():
    body = (
        "1.推进集团化办学。深化集团化办学改革,扩大优质资源覆盖面,加强\n\n"
        "学校党建工作,做好党风廉政建设。（责任处室：组织处）\n"
    )
    (found,) = check(body, "PLAN083")
    assert found.edits == []


def test_headings_titles_and_lists_on_their_own_lines_are_no_split():
    body = (
        "1.开展文艺展演。主要内容包括:\n参赛学校\n一是合唱,二是舞蹈。\n"
        "（1）各校上报节目,\n（2）组织评审。（责任处室：宣传处）\n"
    )
    assert check(body, "PLAN083") == []


# --- stale table completeness (PLAN032 PLAN033) -------------------------------------------------


def test_a_2023_plan_with_eighteenth_plenum_and_seventh_pufa_is_caught():
    text = (
        "2023年全市教育工作要点\n2023年全市教育工作的总体要求是:深入学习贯彻党的十八届六中全会精神,"
        "扎实推进“七五”普法。\n一、加强党的建设\n1.推进集团化办学。（责任处室：组织处）\n"
    )
    found = check_plan(parse_text(text), Context(year=2023), [RULES["PLAN032"], RULES["PLAN033"]])
    assert {f.rule for f in found} == {"PLAN032", "PLAN033"}
    assert any("十八届六中全会" in f.message for f in found)
    assert any("七五" in f.message for f in found)


CONGRESSES = ("十五", "十六", "十七", "十八", "十九", "二十")
PLENUMS = "一二三四五六七"


def test_every_congress_and_plenum_is_in_the_table_and_dated():
    table = load_table()
    for congress in CONGRESSES:
        current = congress == "二十"  # its wording has no end yet
        for plenum in PLENUMS[:4] if current else PLENUMS:
            name = f"{congress}届{plenum}中全会"
            assert any(e.pattern.search(name) and e.valid_from for e in table), name
            ends = [e for e in table if e.pattern.search(name + "精神") and e.valid_until]
            assert bool(ends) != current, name
        if not current:
            assert any(e.pattern.search(f"党的{congress}大精神") and e.valid_until for e in table), congress
    # Each session's wording is current until the next congress opens, and not before it closes.
    assert find_stale("学习贯彻党的十八届六中全会精神", 2017) == []
    assert find_stale("学习贯彻党的十八届六中全会精神", 2016, dt.date(2016, 3, 1))[0].problem == "尚未发生"
    assert find_stale("学习贯彻党的十九届六中全会精神", 2022, dt.date(2022, 3, 1)) == []
    assert find_stale("学习贯彻党的十九届六中全会精神", 2023)[0].problem == "已过时"
    assert find_stale("党的十八届三中全会以来的改革成就", 2023) == []  # looking back is no stale wording
    assert find_stale("党的十八届三中全会对全面改进美育教学作出重要部署", 2018) == []  # a citation


@pytest.mark.parametrize(("ordinal", "first"), [(o, 1986 + 5 * i) for i, o in enumerate("一二三四五六七八")])
def test_every_five_year_pufa_plan_is_dated(ordinal, first):
    phrase = f"深入开展“{ordinal}五”普法"
    assert find_stale(phrase, first) == find_stale(phrase, first + 4) == []
    assert find_stale(phrase, first + 5)[0].problem == "已过时"
    assert find_stale(phrase, first - 1)[0].problem == "尚未发生"


def test_a_signature_date_run_together_is_caught_where_it_is_written(seed):
    # the Changsha seed's notice is dated “2022218”: the parser reads 2022-02-18, check says so
    found = on_seed(seed["000"], "PLAN037")
    assert [(f.path, f.line, f.excerpt.strip()) for f in found] == [("落款", 11, "2022218")]
    assert "2022年2月18日" in found[0].message


def test_a_signature_date_written_right_is_quiet():
    text = "某县教育局2027年工作要点\n一、重点任务\n1.推进工作。（责任处室：组织处）\n"
    text += "某县教育局\n2027年2月8日"
    plan = parse_text(text)
    assert plan.date_written == "2027年2月8日"
    assert [f for f in check_plan(plan, Context(), [RULES["PLAN037"]])] == []

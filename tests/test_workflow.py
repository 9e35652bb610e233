"""The whole winter's work, end to end through the real CLI, as the README walks it:
init → ingest → new --from-latest → edit → suggest --plan → check (fails, then passes)
→ build --notice --table → edit the .docx → check the .docx → diff against last year.
Plus the profile's rules: found upward, flags win, a typo is a clear error."""

from __future__ import annotations

import json
import re
import shutil

import docx
import pytest
import yaml

# What a clerk puts right after the first check (each was a finding): unit names in the
# clauses' lists and raw text, a stale phrase, a lost opening quote.
UNIT_FIXES = {
    "宣传统统处": "宣传统战处",
    "基础教育教处": "基础教育处",
    "学生工作": "学生工作处",
    "高等教育教处": "高等教育处",
    "基础教育": "基础教育处",
    "职业教育与成人教育": "职业教育与成人教育处",
}
TEXT_FIXES = {
    "开展迎接、学习、宣传党的二十大专项行动": "开展深入学习贯彻党的二十大精神专项行动",
    "职业教育3+2”五年制": "职业教育“3+2”五年制",
}


def _corrected(text: str) -> str:
    for wrong, right in UNIT_FIXES.items():
        text, count = re.subn(rf"(?<=[：、，\s]){wrong}(?=[）、，\n])", right, text)
        assert count, wrong
    for wrong, right in TEXT_FIXES.items():
        assert wrong in text, wrong
        text = text.replace(wrong, right)
    return text


@pytest.fixture
def office(tmp_path, cli):
    """A bureau's working folder, and the CLI run inside it."""

    def run(*args: str, stdin: str | None = None, folder=None):
        return cli(*args, cwd=folder or tmp_path, stdin=stdin)

    return run


def test_the_walkthrough(tmp_path, seed, office):
    # 1. the profile: the issuer asked for, the units of its past plans offered and accepted
    made = office("init", "--year", "2023", stdin="长沙市教育局\ny\n")
    assert made.returncode == 0, made.stderr
    profile = yaml.safe_load((tmp_path / "drafter.yaml").read_text(encoding="utf-8"))
    assert profile["issuer"] == "长沙市教育局" and profile["year"] == 2023
    assert "基础教育处" in profile["units"] and "宣传统统处" not in profile["units"]  # a slip is left out

    # 2. last year's plans into the profile's corpus
    ingested = office("ingest", str(seed["000"]), str(seed["001"]), str(seed["003"]))
    assert ingested.returncode == 0, ingested.stderr
    assert len(list((tmp_path / "corpus").glob("*.yaml"))) == 3

    # 3. next year's draft from the issuer's latest plan (year and issuer from the profile)
    draft = tmp_path / "2023年工作要点.yaml"
    started = office("new", "--from-latest", "-o", draft.name)
    assert started.returncode == 0, started.stderr
    text = draft.read_text(encoding="utf-8")
    assert "2023年全市教育工作要点" in text

    # 4. the first check fails on what last year's text got wrong
    first = office("check", draft.name, "--format", "json")
    assert first.returncode == 1
    rules = {f["rule"] for f in json.loads(first.stdout)["files"][0]["findings"] if f["severity"] == "error"}
    assert {"PLAN013", "PLAN032", "PLAN002"} <= rules

    # 5. the review sheet: prior measures for every item, never from the plan it was carried from
    sheet = office("suggest", "--plan", draft.name, "--top", "2", "--json")
    assert sheet.returncode == 0, sheet.stderr
    rows = json.loads(sheet.stdout)
    assert len(rows) == 25
    issuers = {s["issuer"] for row in rows for s in row["suggestions"]}
    assert issuers and "长沙市教育局" not in issuers

    # 6. the clerk's edits; now it passes (carried-over warnings remain, errors do not)
    draft.write_text(_corrected(text), encoding="utf-8")
    second = office("check", draft.name)
    assert second.returncode == 0, second.stdout
    assert "错误 0" in second.stdout

    # 7. the official Word file, the notice filled from the profile
    out = tmp_path / "2023年工作要点.docx"
    built = office("build", draft.name, "-o", out.name, "--notice", "--table", "--date", "2023-02-15")
    assert built.returncode == 0, built.stderr
    document = docx.Document(str(out))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "局属各单位" in body and len(document.tables) >= 1

    # 8. someone edits the .docx in Word: a target is raised
    target = next(
        (run, found)
        for paragraph in document.paragraphs
        for run in paragraph.runs
        if (found := re.search(r"\d+(?=所)", run.text))
    )
    run, found = target
    run.text = run.text[: found.start()] + str(int(found.group()) + 5) + run.text[found.end() :]
    document.save(str(out))
    edited = office("check", out.name)
    assert edited.returncode == 0, edited.stdout

    # 9. what changed since last year, for leadership
    changes = office("diff", str(seed["000"]), out.name, "--json")
    assert changes.returncode == 0, changes.stderr
    result = json.loads(changes.stdout)
    assert result["changed"] and not result["dropped"]
    assert any(t for pair in result["changed"] for t in pair.get("targets", []))


def _rules(result) -> set[str]:
    return {f["rule"] for f in json.loads(result.stdout)["files"][0]["findings"]}


def test_profile_is_found_upward_and_flags_win(tmp_path, seed, office, cli):
    (tmp_path / "drafter.yaml").write_text(
        "issuer: 长沙市教育局\nyear: 2023\nnotice:\n  signer: 长沙市教育局办公室\n  cc: 市政府办公厅\n"
        "  doc_number_prefix: 长教发\ncheck:\n  severity:\n    PLAN013: warning\n    PLAN070: off\n",
        encoding="utf-8",
    )
    work = tmp_path / "草稿" / "第一稿"
    work.mkdir(parents=True)
    shutil.copy(seed["000"], work / "plan.txt")
    unset = cli("check", str(work / "plan.txt"), "--format", "json")  # no profile above the test's folder
    assert {"PLAN013", "PLAN070"} <= _rules(unset)
    checked = office("check", "plan.txt", "--format", "json", folder=work)
    findings = json.loads(checked.stdout)["files"][0]["findings"]
    assert _rules(checked) == _rules(unset) - {"PLAN070"}
    assert {f["severity"] for f in findings if f["rule"] == "PLAN013"} == {"warning"}

    def built(*flags: str) -> tuple[str, list[str]]:
        result = office(
            "build", "plan.txt", "-o", "a.docx", "--notice", "--red-header", "--force", *flags, folder=work
        )
        assert result.returncode == 0, result.stderr
        document = docx.Document(str(work / "a.docx"))
        return "".join(document.element.itertext()), [p.text.strip() for p in document.paragraphs]

    text, paragraphs = built("--doc-number", "3")
    assert "长教发〔2022〕3号" in text and "抄送：市政府办公厅。" in text  # from the profile
    assert "长沙市教育局" in paragraphs and "长沙市教育局办公室" not in paragraphs  # the plan's own signer
    text, paragraphs = built("--signer", "某某", "--cc", "别的机关")
    assert "某某" in paragraphs and "抄送：别的机关。" in text
    draft = office("new", "-o", "draft.yaml", "--from", "plan.txt", folder=work)
    assert draft.returncode == 0, draft.stderr
    assert "signer: 长沙市教育局办公室" in (work / "draft.yaml").read_text(encoding="utf-8")
    other = tmp_path / "other.yaml"
    other.write_text("check:\n  ignore: [PLAN013]\n", encoding="utf-8")
    ignored = office("--config", str(other), "check", "plan.txt", "--format", "json", folder=work)
    assert _rules(ignored) == _rules(unset) - {"PLAN013"}  # the named profile only, not the one above


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        ("isuer: 长沙市教育局\n", "drafter.yaml 第1行:未知的设置“isuer”,是不是“issuer”?"),
        ("issuer: 长沙\nyear: 二〇二七\n", "drafter.yaml 第2行:year 应为四位年份"),
        ("notice:\n  singer: 某\n", "drafter.yaml 第2行:未知的设置“notice.singer”,是不是“notice.signer”?"),
        ("check:\n  severity:\n    PLAN999: off\n", "drafter.yaml 第3行:check.severity 中没有规则“PLAN999”"),
        ("units: 3\n", "drafter.yaml 第1行:units 应为单位名称的列表"),
        ("check:\n  ignore: [PLAN999]\n", "drafter.yaml 第2行:check.ignore 中没有规则“PLAN999”"),
        ("check:\n  severity:\n    PLAN013: fatal\n", "drafter.yaml 第3行:PLAN013 的级别应为"),
        ("issuer: [\n", "drafter.yaml 第2行:YAML 语法错误"),
    ],
)
def test_a_broken_profile_is_one_clear_line(tmp_path, seed, office, profile, expected):
    (tmp_path / "drafter.yaml").write_text(profile, encoding="utf-8")
    result = office("check", str(seed["001"]))
    assert result.returncode == 2
    assert expected in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_init_never_overwrites_and_missing_config_is_named(tmp_path, office):
    assert office("init", "--issuer", "某县教育局", "-y").returncode == 0
    again = office("init", "--issuer", "某县教育局", "-y")
    assert again.returncode == 2 and "--force" in again.stderr
    missing = office("--config", "无此文件.yaml", "units")
    assert missing.returncode == 2 and "无此文件.yaml" in missing.stderr


def test_quiet_output_stays_clean(tmp_path, seed, office):
    loud = office("build", str(seed["001"]), "-o", "a.docx")
    assert loud.returncode == 0 and "a.docx" in loud.stdout + loud.stderr
    quiet = office("-q", "build", str(seed["001"]), "-o", "b.docx")
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""
    assert (tmp_path / "b.docx").stat().st_size > 0


def test_preview_renders_pages_or_names_what_is_missing(tmp_path, seed, office):
    assert office("build", str(seed["001"]), "-o", "a.docx").returncode == 0
    if shutil.which("soffice") is None or shutil.which("pdftoppm") is None:
        result = office("preview", "a.docx", "-o", "pages")
        assert result.returncode == 2 and "libreoffice" in result.stderr.lower()
        return
    result = office("preview", "a.docx", "-o", "pages")
    assert result.returncode == 0, result.stderr
    pages = sorted((tmp_path / "pages").glob("a-*.png"))
    assert len(pages) >= 2 and pages[0].read_bytes()[:4] == b"\x89PNG"
    again = office("preview", "a.docx", "-o", "pages")
    assert again.returncode == 2 and "--force" in again.stderr


def test_preview_of_a_broken_docx_is_one_clear_line(tmp_path, office):
    (tmp_path / "坏.docx").write_bytes(b"not a word file")
    result = office("preview", "坏.docx", "-o", "pages")
    assert result.returncode == 2 and "坏.docx" in result.stderr and "不是有效的 .docx" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not (tmp_path / "pages").exists()


def test_preview_without_libreoffice_names_the_packages(tmp_path, seed, office, cli):
    assert office("build", str(seed["001"]), "-o", "a.docx").returncode == 0
    bare = tmp_path / "bin"
    bare.mkdir()
    result = cli("preview", "a.docx", cwd=tmp_path, env={"PATH": str(bare)})
    assert result.returncode == 2
    assert "LibreOffice" in result.stderr and "apt-get install" in result.stderr


def test_every_command_has_an_example_in_its_help():
    import typer

    from drafter.cli.app import app

    def commands(group, prefix=()):
        for name, command in group.commands.items():
            if hasattr(command, "commands"):
                yield from commands(command, (*prefix, name))
            else:
                yield " ".join((*prefix, name)), command

    found = dict(commands(typer.main.get_command(app)))
    assert {"init", "preview", "suggest", "index", "corpus list"} <= set(found)
    assert [name for name, command in found.items() if "示例:drafter" not in (command.help or "")] == []

"""Back into next year: ``new`` from last year's plan and its ledger marks every item not
已完成 续办 and every 已完成 one carried unchanged a candidate to drop or raise — in the YAML
draft (origin and flags) and as comments in a .docx draft."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from ledger_filling import filled

from drafter.draft.new import CONTINUE, RAISE, make_draft, write_draft
from drafter.errors import UsageError
from drafter.ledger.model import DONE
from drafter.parse.plan import parse_file
from drafter.store.serialize import load_plan


def test_new_with_a_ledger_marks_exactly_the_unfinished_items(seed: dict[str, Path], tmp_path: Path) -> None:
    plan = parse_file(seed["000"])
    ledger = filled(plan)
    draft = make_draft(2023, base=seed["000"], ledger=ledger)
    unfinished = {row.path for row in ledger.rows if row.status != DONE}
    done = {row.path for row in ledger.rows if row.status == DONE}
    marks = {str(item.origin["item"]): item.origin["ledger"]["mark"] for _, item in draft.plan.walk()}
    assert {path for path, mark in marks.items() if mark == CONTINUE} == unfinished
    assert {path for path, mark in marks.items() if mark == RAISE} == done
    out = tmp_path / "2023.yaml"
    write_draft(draft, out, "test")
    back = load_plan(out)
    flagged = {
        str(item.origin["item"])
        for _, item in back.walk()
        if any(flag.startswith(f"台账 {CONTINUE}") for flag in item.origin.get("flags", []))
    }
    assert flagged == unfinished
    lagging = next(row for row in ledger.rows if row.status == "滞后" and row.progress)
    assert f"台账 {CONTINUE}:上年完成情况为“滞后”,进展:{lagging.progress}" in out.read_text(encoding="utf-8")


def test_a_word_draft_carries_the_marks_as_comments(seed: dict[str, Path], tmp_path: Path) -> None:
    plan = parse_file(seed["000"])
    ledger = filled(plan)
    draft = make_draft(2023, base=plan, ledger=ledger)
    out = tmp_path / "2023.docx"
    write_draft(draft, out, "test")
    with zipfile.ZipFile(out) as package:
        comments = docx.oxml.parse_xml(package.read("word/comments.xml"))
    texts = ["".join(t.text or "" for t in c.iter() if t.tag.endswith("}t")) for c in comments]
    assert sum(t.startswith(f"台账 {CONTINUE}") for t in texts) == sum(r.status != DONE for r in ledger.rows)
    assert sum(RAISE in t for t in texts) == sum(r.status == DONE for r in ledger.rows)
    assert docx.Document(io.BytesIO(out.read_bytes())).paragraphs  # Word opens it


def test_without_a_ledger_nothing_is_marked_and_a_ledger_needs_a_base(seed: dict[str, Path]) -> None:
    draft = make_draft(2023, base=seed["000"])
    assert not any("ledger" in item.origin for _, item in draft.plan.walk())
    with pytest.raises(UsageError, match="台账须与上年计划同用"):
        make_draft(2023, "长沙市教育局", ledger=filled(parse_file(seed["000"])))


def test_an_item_the_ledger_lacks_is_flagged_for_checking(seed: dict[str, Path]) -> None:
    plan = parse_file(seed["000"])
    ledger = filled(plan)
    gone_path = ledger.rows.pop(3).path
    draft = make_draft(2023, base=plan, ledger=ledger)
    item = next(item for path, item in draft.plan.walk() if item.origin["item"] == gone_path)
    assert "ledger" not in item.origin
    assert any("上年台账中没有这一条" in flag for flag in item.origin["flags"])

"""Stable item ids, end to end: given by ``new`` and kept in the YAML draft and the .docx draft,
written by ``build`` into the .docx, read back by ``parse_file`` — also after a clerk inserts
an item in Word, renumbers the rest and edits one — and the ledger's 编号 are those ids."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import docx
import openpyxl

from drafter.ledger.create import ledger_of
from drafter.ledger.ids import ID_KEY, item_paths
from drafter.ledger.xlsx import HEADER_ROW
from drafter.parse.plan import parse_file
from drafter.render.annotate import read_origins

_NUMBER = re.compile(r"^(\d+)\.")


def ids(path: Path) -> dict[str, str]:
    """{item path: the id ``parse_file`` gives it back from the file}."""
    return {p: str(item.origin.get(ID_KEY, "")) for p, item in item_paths(parse_file(path))}


def draft(cli, seed, out: Path) -> Path:
    made = cli("new", "--year", "2023", "--from", str(seed["000"]), "-o", str(out))
    assert made.returncode == 0, made.stderr
    return out


def build(cli, source: Path, out: Path, *options: str) -> Path:
    made = cli("build", str(source), "-o", str(out), *options)
    assert made.returncode == 0, made.stderr
    return out


def insert_and_renumber(path: Path) -> None:
    """What a clerk does in Word: a new item before the first, the numbers typed after it moved
    up by one, and a sentence added to item 3 (now 4)."""
    document = docx.Document(path)
    items = [p for p in document.paragraphs if _NUMBER.match(p.text)]
    new = copy.deepcopy(items[0]._p)
    items[0]._p.addprevious(new)
    for paragraph in items:
        first = paragraph.runs[0]
        first.text = _NUMBER.sub(lambda m: f"{int(m[1]) + 1}.", first.text)
    inserted = docx.text.paragraph.Paragraph(new, items[0]._parent)
    for run in inserted.runs[1:]:
        run.text = ""
    inserted.runs[0].text = "1.落实新增任务。按上级要求部署的新任务。"
    items[2].add_run("另加一句新的措施。")
    document.save(path)


def test_new_gives_every_item_an_id_kept_in_the_yaml_draft(seed, tmp_path, cli):
    out = draft(cli, seed, tmp_path / "草稿.yaml")
    found = ids(out)
    assert len(found) == 25 and all(v.startswith("2023-") for v in found.values())
    assert len(set(found.values())) == 25
    assert found["一/3"] in out.read_text(encoding="utf-8")  # in the item's origin block
    assert re.fullmatch(r"2023-一-3-[0-9a-f]{6}", found["一/3"])


def test_the_word_draft_carries_the_same_ids_as_the_yaml_draft(seed, tmp_path, cli):
    yaml_ids = ids(draft(cli, seed, tmp_path / "草稿.yaml"))
    assert ids(draft(cli, seed, tmp_path / "草稿.docx")) == yaml_ids


def test_build_writes_the_ids_and_they_survive_a_rebuild(seed, tmp_path, cli):
    yaml_draft = draft(cli, seed, tmp_path / "草稿.yaml")
    expected = ids(yaml_draft)
    built = build(cli, yaml_draft, tmp_path / "印发稿.docx", "--notice", "--attachment")
    assert ids(built) == expected
    # each item is known by its words, not only by its title or place: the fingerprint kept is
    # the one the reader gives the built item
    kept = [record["fingerprint"] for record in read_origins(built)]
    assert kept == [item.fingerprint() for _, item in item_paths(parse_file(built))]
    assert ids(build(cli, built, tmp_path / "再排.docx")) == expected


def test_a_plan_without_ids_gets_the_ids_its_text_gives_in_build_and_ledger(seed, tmp_path, cli):
    built = build(cli, seed["000"], tmp_path / "排版.docx")
    from_text = [row.id for row in ledger_of(parse_file(seed["000"])).rows]
    assert list(ids(built).values()) == from_text
    assert [row.id for row in ledger_of(parse_file(built)).rows] == from_text


def test_ids_survive_an_item_inserted_and_the_rest_renumbered_in_word(seed, tmp_path, cli):
    built = build(cli, draft(cli, seed, tmp_path / "草稿.yaml"), tmp_path / "印发稿.docx")
    before = parse_file(built)
    by_title = {item.title: item.origin[ID_KEY] for _, item in item_paths(before)}
    insert_and_renumber(built)
    after = parse_file(built)
    items = list(item_paths(after))
    assert len(items) == 26 and items[1][0] == "一/2" and items[1][1].title == "强化思想武装"
    for _, item in items[1:]:
        assert item.origin[ID_KEY] == by_title[item.title], item.title
    assert items[3][1].text.endswith("另加一句新的措施。")  # edited, and still its id
    assert ID_KEY not in items[0][1].origin  # the new item was never given one
    out = tmp_path / "台账.xlsx"
    assert cli("ledger", "create", str(built), "-o", str(out)).returncode == 0
    sheet = openpyxl.load_workbook(out).active
    numbers = [sheet.cell(row, 1).value for row in range(HEADER_ROW + 1, sheet.max_row + 1)]
    assert numbers[1:] == [by_title[item.title] for _, item in items[1:]]
    assert numbers[0].startswith("2023-一-1-") and numbers[0] not in by_title.values()


def test_an_attachments_items_keep_their_ids_through_build(tmp_path, cli):
    from test_ledger import PLAN

    source = tmp_path / "计划.txt"
    source.write_text(PLAN, encoding="utf-8")
    expected = [row.id for row in ledger_of(parse_file(source)).rows]
    built = build(cli, source, tmp_path / "排版.docx")
    found = ids(built)
    assert "附件/一/1" in found and list(found.values()) == expected


def test_a_task_table_built_after_the_plan_is_not_listed_twice(seed, tmp_path, cli):
    built = build(cli, seed["000"], tmp_path / "排版.docx", "--table")
    assert len(list(item_paths(parse_file(built)))) == 50  # the table's rows read as an attachment
    out = tmp_path / "台账.xlsx"
    made = cli("ledger", "create", str(built), "-o", str(out))
    assert made.returncode == 0 and "25 条" in made.stdout
    assert made.stderr == "警告:附件 的 25 条与正文条目相同(如 附件/一/1 即 一/1),台账中只列一次\n"

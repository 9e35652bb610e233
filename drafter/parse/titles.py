"""Split a block's first words into its short title and the text that follows.

An item's title is set off in one of four ways: a bold run (Word, Markdown), its own
line (“1.始终把政治建设摆在首位” then the measures), a short first sentence
(“1.切实加强德育工作。建成…”), or — when the bold was lost in a copy — nothing at
all (“1.强化思想武装推动党史学习教育…”). The last case is guessed from where the
body's first verb starts, and only when most items of the document look that way;
``choose`` makes that document-level call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lang.patterns import RUN_IN_TITLE, SENTENCE_END
from ..lang.vocabulary import alternation, vocabulary
from ..lang.width import COLONS, fold
from .located import Located

_VOCABULARY = vocabulary()
# Words that open a plan's standard parts; a heading glued to its text splits after them.
HEADING_WORDS = _VOCABULARY.heading_words
# Verbs that open the measures of an item (``templates/vocabulary.yaml``: title_body_openers).
_OPENER = re.compile(alternation(_VOCABULARY.title_body_openers))
# Patterns run on width-folded text (see ``width``).
_INNER_PUNCT = re.compile(r"[,;:。!?]")
_SENTENCE = re.compile(rf"({RUN_IN_TITLE.pattern})[。:]")
_STOP = re.compile(f"[{SENTENCE_END}]")
_TRAILING = "。" + COLONS
_GLUED_TITLE = (4, 20)  # length range of a title that lost its bold
_GLUED_EVIDENCE = 5  # items needed before a whole document is read as having lost its bold
_GLUED_BODY = 6  # a glued title's measures run at least this long before their first stop
_LINE_TITLE = 50  # a first line this short, with no full stop inside, is a title on its own line
_BOLD_START = 1  # a bold run that starts by the second character (a stray space) opens the paragraph
_BOLD_TITLE = 2  # a bold run at the start makes a title when at least this long
_HEADING_LINE = 60  # a heading paragraph this short, with no full stop inside, is all title
_HEADING_RUN_ON = 30  # text after a standard heading word longer than this is its run-on text
_SENTENCE_SHARE = 2  # a run-in sentence title counts when one item in this many has one
_GLUED_SHARE = (4, 5)  # the lost-bold reading counts when 4 in 5 items allow it


@dataclass
class TitleGuess:
    """One way to read a title: where it ends and where the text resumes."""

    kind: str  # "bold" | "line" | "sentence" | "glued"
    end: int
    rest: int


def guess(first: Located, has_more: bool) -> dict[str, TitleGuess]:
    """Every reading of a title the first paragraph of an item allows, by kind."""
    text = fold(first.text)
    found: dict[str, TitleGuess] = {}
    if first.bold and first.bold[0] <= _BOLD_START and first.bold[1] - first.bold[0] >= _BOLD_TITLE:
        found["bold"] = TitleGuess("bold", first.bold[1], first.bold[1])
    if has_more and len(text) <= _LINE_TITLE and not _STOP.search(text.rstrip("。:")):
        found["line"] = TitleGuess("line", len(text.rstrip("。:")), len(text))
    sentence = _SENTENCE.match(text)
    if sentence and text[sentence.end() :].strip():
        found["sentence"] = TitleGuess("sentence", sentence.end(1), sentence.end())
    glued = _glued(text)
    if glued:
        found["glued"] = TitleGuess("glued", glued, glued)
    return found


def _glued(text: str) -> int:
    """Where the measures start after a title that lost its bold, or 0."""
    low, high = _GLUED_TITLE
    stop = _INNER_PUNCT.search(text, 0, high + 1)
    limit = min(stop.start() if stop else high, high)
    for match in _OPENER.finditer(text, low):
        start = match.start()
        if start > limit:
            break
        if text[start - 1] in "“《(":
            continue
        body_clause = _INNER_PUNCT.search(text, start)
        if (body_clause.start() if body_clause else len(text)) - start >= _GLUED_BODY:
            return start
        break
    return 0


def run_in_title(first: Located) -> bool:
    """Whether a paragraph opens with a short run-in title ended by 。 or a colon."""
    text = fold(first.text)
    sentence = _SENTENCE.match(text)
    return bool(sentence and text[sentence.end() :].strip())


def choose(guesses: list[dict[str, TitleGuess]]) -> list[str]:
    """The kinds of evidence to trust in this document, strongest first.

    A run-in sentence title counts when at least half the items have one (and then
    a title glued to its text is read too); the lost-bold reading otherwise only
    when four in five of at least five items allow it.
    """
    order = ["bold", "line"]
    total = len(guesses)
    sentences = sum("sentence" in g for g in guesses)
    glued = sum("glued" in g for g in guesses)
    if total and sentences * _SENTENCE_SHARE >= total:
        order += ["sentence", "glued"]  # an item whose full stop was lost in the copy
    elif total >= _GLUED_EVIDENCE and glued * _GLUED_SHARE[1] >= total * _GLUED_SHARE[0]:
        order += ["glued", "sentence"]
    return order


def pick(found: dict[str, TitleGuess], order: list[str]) -> TitleGuess | None:
    """The reading to use for one item, given the document's order of trust."""
    return next((found[kind] for kind in order if kind in found), None)


def split_heading(first: Located) -> tuple[Located, Located]:
    """A section heading's title and whatever text was glued after it."""
    text = fold(first.text)
    if first.bold and first.bold[0] <= _BOLD_START and first.bold[1] < len(text):
        end = first.bold[1]
        return first.slice(0, end).strip().strip(_TRAILING), first.slice(end).strip().lstrip(_TRAILING)
    for word in HEADING_WORDS:  # “指导思想坚持立德树人。…”: a standard heading run into its text
        rest = text[len(word) :]
        if text.startswith(word) and ("。" in rest or len(rest) > _HEADING_RUN_ON):
            return first.slice(0, len(word)), first.slice(len(word)).strip().lstrip(_TRAILING).strip()
    if len(text) <= _HEADING_LINE and not _STOP.search(text.rstrip("。")):
        return first.strip().strip("。"), Located("")
    sentence = _SENTENCE.match(text)
    if sentence:
        return first.slice(0, sentence.end(1)), first.slice(sentence.end()).strip()
    return Located(""), first

"""Where a responsibility clause may stand in an item's text: after a sentence, never inside one.

A clause governs the text before it, so it closes a sentence (“…上升通道。(责任处室:…)”) or a
phrase of a list (“…优质学位(责任处室:…);二是…”); it also opens or closes the whole text.
Anywhere else it splits a sentence, or a word (“湖南信息职院新(责任处室:…)校区建设”).
"""

from __future__ import annotations

from .patterns import SENTENCE_END
from .width import fold

_AFTER_STOP = '”’")'  # a closing quote or bracket after the stop still ends the sentence (“…”。” )
_PHRASE_END = SENTENCE_END + ",、\n"  # a clause before one of these closes the phrase it follows


def clause_may_stand(text: str, offset: int) -> bool:
    """Whether a clause at ``offset`` of ``text`` stands after a sentence or a phrase."""
    key = fold(text)
    if offset <= 0 or offset >= len(key.rstrip()):
        return True
    if key[offset] in _PHRASE_END:
        return True
    before = key[:offset].rstrip(" \t").rstrip(_AFTER_STOP)
    return not before or before[-1] in SENTENCE_END + "\n"


def sentence_ends(text: str, start: int = 0) -> list[int]:
    """The offsets from ``start`` on where a clause may stand after a sentence, the text's end last."""
    key = fold(text)
    ends = [index + 1 for index in range(start, len(key)) if key[index] in SENTENCE_END]
    ends = [end + len(key[end:]) - len(key[end:].lstrip(_AFTER_STOP)) for end in ends]
    return sorted({*ends, len(text)})

"""Full-width and half-width forms: match on one, keep the other.

Plans mix “(牵头处室:A)” and “（牵头处室：A）”; scraped copies often turn the
full-width forms into ASCII. The parser matches its patterns on ``fold(text)`` —
full-width ASCII variants mapped to ASCII, one character for one, so every offset
still points into the original — and always slices the original text it keeps.
"""

from __future__ import annotations

_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
# The small form variants (U+FE50…) some exports use for punctuation: “1﹒推进…” (corpus-dev 050).
_FOLD |= {ord(small): ord(plain) for small, plain in zip("﹐﹒﹔﹕﹖﹗﹙﹚", ",.;:?!()", strict=True)}

# Official punctuation, spelled out because it looks like ASCII on screen.
LPAREN, RPAREN, COLON, COMMA, SEMICOLON = "\uff08", "\uff09", "\uff1a", "\uff0c", "\uff1b"
COLONS = ":" + COLON


# Every check rule folds the same texts again (some 18 folds per item), walking the whole plan
# once per rule, so an LRU of a few thousand texts misses on every fold of a long plan. The
# folded texts are kept up to this many characters in all (a 50 MB plan has 17 million), then
# dropped together and gathered again.
_FOLDED_BUDGET = 1 << 25
_folded: dict[str, str] = {}
_folded_size = 0


def fold(text: str) -> str:
    """``text`` with full-width ASCII variants (（）：，１２ …) as ASCII; same length."""
    global _folded_size
    folded = _folded.get(text)
    if folded is None:
        folded = text.translate(_FOLD)
        if _folded_size + len(text) > _FOLDED_BUDGET:
            _folded.clear()
            _folded_size = 0
        _folded[text] = folded
        _folded_size += len(text)
    return folded

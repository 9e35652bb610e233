"""Full-width and half-width forms: match on one, keep the other.

Plans mix “(牵头处室:A)” and “（牵头处室：A）”; scraped copies often turn the
full-width forms into ASCII. The parser matches its patterns on ``fold(text)`` —
full-width ASCII variants mapped to ASCII, one character for one, so every offset
still points into the original — and always slices the original text it keeps.
"""

from __future__ import annotations

from functools import lru_cache

_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

# Official punctuation, spelled out because it looks like ASCII on screen.
LPAREN, RPAREN, COLON, COMMA, SEMICOLON = "\uff08", "\uff09", "\uff1a", "\uff0c", "\uff1b"
COLONS = ":" + COLON


@lru_cache(maxsize=4096)  # every check rule folds the same texts again
def fold(text: str) -> str:
    """``text`` with full-width ASCII variants (（）：，１２ …) as ASCII; same length."""
    return text.translate(_FOLD)

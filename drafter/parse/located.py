"""Text that remembers where each character came from in the source file.

The parser cuts, joins and strips paragraphs (page chunks glued back together,
clauses lifted out of an item); ``Located`` keeps a sorted list of anchors so any
offset can still be mapped to its source line and column for ``check``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Anchor, locate


@dataclass(frozen=True)
class Located:
    """A string and its anchors: (offset, line, column), the first at offset 0."""

    text: str
    anchors: tuple[Anchor, ...] = ()
    bold: tuple[int, int] | None = None
    heading: int = 0  # the source paragraph's heading level (``Para.heading``), kept by what starts with it

    @classmethod
    def at(
        cls, text: str, line: int, column: int = 1, bold: tuple[int, int] | None = None, heading: int = 0
    ) -> Located:
        return cls(text, ((0, line, column),), bold, heading)

    def __len__(self) -> int:
        return len(self.text)

    def __add__(self, other: Located) -> Located:
        if not self.text:
            return other
        if not other.text:
            return self
        shift = len(self.text)
        return Located(
            self.text + other.text,
            self.anchors + tuple((o + shift, li, co) for o, li, co in other.anchors),
            self.bold,
            self.heading,
        )

    def slice(self, start: int, end: int | None = None) -> Located:
        """The substring [start:end] with its anchors (and the bold hint, moved)."""
        end = len(self.text) if end is None else min(end, len(self.text))
        start = max(0, min(start, end))
        line, column = self.locate(start)
        anchors = [(0, line, column)] if line else []
        anchors += [(o - start, li, co) for o, li, co in self.anchors if start < o < end]
        bold = None
        if self.bold and self.bold[1] > start and self.bold[0] < end:
            bold = (max(self.bold[0] - start, 0), min(self.bold[1], end) - start)
        return Located(self.text[start:end], tuple(anchors), bold, self.heading if start == 0 else 0)

    def strip(self, chars: str | None = None) -> Located:
        left = len(self.text) - len(self.text.lstrip(chars))
        right = len(self.text.rstrip(chars))
        if left == 0 and right == len(self.text):
            return self
        return self.slice(left, max(left, right))

    def lstrip(self, chars: str | None = None) -> Located:
        return self.slice(len(self.text) - len(self.text.lstrip(chars)))

    def locate(self, offset: int) -> tuple[int, int]:
        return locate(self.anchors, offset)

    def remove(self, spans: list[tuple[int, int]]) -> Located:
        """This text without the given (start, end) spans, which must be sorted and disjoint."""
        out = Located("")
        cursor = 0
        for start, end in spans:
            out = out + self.slice(cursor, start)
            cursor = end
        return out + self.slice(cursor)


def join(parts: list[Located], sep: str = "\n") -> Located:
    """Concatenate located texts with a separator that has no source position of its own.

    Built in one pass (adding one part at a time copies the text so far: quadratic in the
    number of lines of a long item).
    """
    texts: list[str] = []
    anchors: list[Anchor] = []
    length = 0
    bold = None
    for index, part in enumerate(parts):
        if index and length and sep:
            offset, line, column = anchors[-1] if anchors else (0, 0, 0)
            if line:  # the separator sits where the text before it ends
                anchors.append((length, line, column + length - offset))
            texts.append(sep)
            length += len(sep)
        if part.text:
            if not length:
                bold = part.bold
            anchors.extend((o + length, li, co) for o, li, co in part.anchors)
            texts.append(part.text)
            length += len(part.text)
    return Located("".join(texts), tuple(anchors), bold)

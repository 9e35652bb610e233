"""Chinese numerals (一、二…十九、二十一) to and from integers, as used in 公文 ordinals."""

from __future__ import annotations

DIGITS = "〇一二三四五六七八九"
_VALUE = {c: i for i, c in enumerate(DIGITS)} | {"零": 0, "两": 2, "○": 0, "O": 0}
_UNITS = {"十": 10, "百": 100, "千": 1000}
CHINESE_NUMERAL_CHARS = "〇零一二两三四五六七八九十百千"


def to_int(text: str) -> int | None:
    """Value of an Arabic or Chinese numeral (“12”, “十二”, “二十一”); None if it is neither."""
    if text.isdigit():
        return int(text)
    if not text or any(c not in _VALUE and c not in _UNITS for c in text):
        return None
    total, digit = 0, None
    for char in text:
        if char in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[char]
            digit = None
        else:
            # digit by digit (二〇二二) when a digit is already pending
            digit = _VALUE[char] if digit is None else digit * 10 + _VALUE[char]
    return total + (digit or 0)


_PLACES = ((1000, "千"), (100, "百"), (10, "十"), (1, ""))
_GROUPS = ((10**8, "亿"), (10**4, "万"))


def to_chinese(number: int) -> str:
    """Ordinal form used in headings: 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一, 1001 → 一千零一."""
    if number < 0:
        raise ValueError(number)
    return _chinese(number, leading=True)


def _chinese(number: int, leading: bool) -> str:
    for size, unit in _GROUPS:
        if number >= size:
            high, low = divmod(number, size)
            head = _chinese(high, leading) + unit
            if not low:
                return head
            return head + ("零" if low < size // 10 else "") + _chinese(low, leading=False)
    return _below_ten_thousand(number, leading)


def _below_ten_thousand(number: int, leading: bool) -> str:
    """一千零一十 for 1010; 十二 (not 一十二) when the number leads."""
    if number == 0:
        return DIGITS[0]
    out, zero = "", False
    for place, unit in _PLACES:
        digit = number // place % 10
        if not digit:
            zero = bool(out)
            continue
        out += ("零" if zero else "") + DIGITS[digit] + unit
        zero = False
    return out[1:] if leading and out.startswith("一十") else out

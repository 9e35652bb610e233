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


def to_chinese(number: int) -> str:
    """Ordinal form used in headings: 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一."""
    if number < 0:
        raise ValueError(number)
    if number < 10:
        return DIGITS[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        head = "" if tens == 1 else DIGITS[tens]
        return head + "十" + (DIGITS[ones] if ones else "")
    hundreds, rest = divmod(number, 100)
    if rest == 0:
        return DIGITS[hundreds] + "百"
    middle = "零" if rest < 10 else ""
    tail = to_chinese(rest) if rest >= 20 or rest < 10 else "一" + to_chinese(rest)
    return DIGITS[hundreds] + "百" + middle + tail

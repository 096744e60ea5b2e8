"""Text widths in Times New Roman, to size rules under titles and columns of the header.

The widths are the Adobe Times AFM advance widths, which Times New Roman and Liberation Serif
share (1/1000 em). Vietnamese letters are measured by their base letter: tone and vowel marks
sit above or below it, which is how the font spaces them.
"""

from __future__ import annotations

import unicodedata

# Advance widths (1/1000 em) of Times New Roman, from the Adobe Times AFM metrics that
# Times New Roman and Liberation Serif share; enough to size a rule under a known title.
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ROMAN_UPPER: tuple[int, ...] = (
    722,
    667,
    667,
    722,
    611,
    556,
    722,
    722,
    333,
    389,
    722,
    611,
    889,
    722,
    722,
    556,
)
_ROMAN_UPPER += (722, 667, 556, 611, 722, 722, 944, 722, 722, 611)
_ROMAN_LOWER: tuple[int, ...] = (
    444,
    500,
    444,
    500,
    444,
    333,
    500,
    500,
    278,
    278,
    500,
    278,
    778,
    500,
    500,
    500,
)
_ROMAN_LOWER += (500, 333, 389, 278, 500, 500, 722, 500, 500, 444)
_BOLD_UPPER: tuple[int, ...] = (
    722,
    667,
    722,
    722,
    667,
    611,
    778,
    778,
    389,
    500,
    778,
    667,
    944,
    722,
    778,
    611,
)
_BOLD_UPPER += (778, 722, 556, 667, 722, 722, 1000, 722, 722, 667)
_BOLD_LOWER: tuple[int, ...] = (
    500,
    556,
    444,
    556,
    444,
    333,
    500,
    556,
    278,
    333,
    556,
    278,
    833,
    556,
    500,
    556,
)
_BOLD_LOWER += (556, 444, 389, 333, 556, 500, 722, 500, 500, 444)
_ITALIC_UPPER: tuple[int, ...] = (
    611,
    611,
    667,
    722,
    611,
    611,
    722,
    722,
    333,
    444,
    667,
    556,
    833,
)
_ITALIC_UPPER += (667, 722, 611, 722, 611, 500, 556, 722, 611, 833, 611, 556, 556)
_ITALIC_LOWER: tuple[int, ...] = (
    500,
    500,
    444,
    500,
    444,
    278,
    500,
    500,
    278,
    278,
    444,
    278,
    722,
)
_ITALIC_LOWER += (500, 500, 500, 500, 389, 389, 278, 500, 444, 667, 444, 444, 389)
_COMMON_WIDTHS = {" ": 250, ",": 250, ".": 250, "-": 333, "/": 278, "(": 333, ")": 333, "*": 500}
_COMMON_WIDTHS.update(dict.fromkeys("0123456789", 500))
_ROMAN_WIDTHS = {
    **dict(zip(_UPPER, _ROMAN_UPPER, strict=True)),
    **dict(zip(_UPPER.lower(), _ROMAN_LOWER, strict=True)),
    **_COMMON_WIDTHS,
    ":": 278,
    ";": 278,
}
_BOLD_WIDTHS = {
    **dict(zip(_UPPER, _BOLD_UPPER, strict=True)),
    **dict(zip(_UPPER.lower(), _BOLD_LOWER, strict=True)),
    **_COMMON_WIDTHS,
    ":": 333,
    ";": 333,
}
_ITALIC_WIDTHS = {
    **dict(zip(_UPPER, _ITALIC_UPPER, strict=True)),
    **dict(zip(_UPPER.lower(), _ITALIC_LOWER, strict=True)),
    **_COMMON_WIDTHS,
    "-": 333,
    ":": 333,
    ";": 333,
}
_UNKNOWN_WIDTH = 722  # as wide as a capital: a rule may come out long, never too short


def text_width_pt(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """Return the estimated printed width of ``text`` in Times New Roman, in points.

    Vietnamese letters are measured by their base letter (tone and vowel marks sit above or
    below it), which is how the font spaces them; this sizes a rule as long as a title.
    """
    widths = _BOLD_WIDTHS if bold else _ITALIC_WIDTHS if italic else _ROMAN_WIDTHS
    total = 0
    for char in unicodedata.normalize("NFC", text):
        base = unicodedata.normalize("NFD", char)[0].replace("Đ", "D").replace("đ", "d")
        total += widths.get(base, _UNKNOWN_WIDTH)
    return total * size_pt / 1000


def mm_from_pt(points: float) -> float:
    """Return ``points`` in millimetres."""
    return points * 25.4 / 72


__all__ = ["mm_from_pt", "text_width_pt"]

"""Scalar types of the model: clean text, Vietnamese numbers and dates, the literals."""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
)

from drafter import vietnamese as vi

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
_REFUSED = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff{_BIDI_CONTROLS}]"
)
_BIDI = re.compile(f"[{_BIDI_CONTROLS}]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_LOOKALIKE = re.compile("[\u0370-\u03ff\u0400-\u04ff]")
"""Greek and Cyrillic letters: several look exactly like Latin ones ("о", "а", "Р")."""
_MIXED_WORD = re.compile(
    "\\w*(?:[a-zA-Z\u00c0-\u024f\u1e00-\u1eff][\u0370-\u03ff\u0400-\u04ff]"
    "|[\u0370-\u03ff\u0400-\u04ff][a-zA-Z\u00c0-\u024f\u1e00-\u1eff])\\w*"
)


MAX_TEXT = 5000
"""Longest piece of text (a name, an item of a list) in characters."""


@functools.lru_cache(maxsize=4096)  # batch rows repeat most texts; a refusal is never kept
def clean_text(value: str) -> str:
    """Return ``value`` as NFC with single spaces and no invisible characters.

    Zero-width characters are dropped (web copy leaves them behind); bidirectional controls
    and XML-invalid control characters are refused because they would corrupt the document.
    Also refused: text longer than ``MAX_TEXT`` and text in the legacy TCVN3/VNI fonts
    (``vi.garbled_characters``). Text starting with "=" stays text: nothing evaluates it.
    """
    refused = _REFUSED.search(value)
    if refused is not None:
        code = ord(refused.group(0))
        if _SURROGATE.match(refused.group(0)):
            raise ValueError(
                f"có ký tự hỏng (U+{code:04X}, nửa cặp mã UTF-16) do sao chép lỗi; "
                "hãy xóa đoạn này rồi gõ lại"
            )
        if _BIDI.match(refused.group(0)):
            raise ValueError(
                f"có ký tự điều khiển hướng chữ ẩn (U+{code:04X}); "
                "hãy gõ lại đoạn chữ này thay vì dán từ nguồn khác"
            )
        raise ValueError(
            f"có ký tự điều khiển không in được (U+{code:04X}); hãy xóa ký tự này rồi gõ lại"
        )
    text = value.translate(_ZERO_WIDTH)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = " ".join(text.split())
    if len(text) > MAX_TEXT:
        raise ValueError(f"dài {len(text)} ký tự, quá {MAX_TEXT} ký tự; hãy rút gọn")
    if not text.isascii():
        if _LOOKALIKE.search(text):
            mixed = _MIXED_WORD.search(text)
            if mixed is not None:
                raise ValueError(
                    f"từ '{mixed.group(0)[:40]}' lẫn chữ Kirin hoặc Hy Lạp trông giống chữ Latinh "
                    "(thường do dán từ nguồn khác); hãy gõ lại từ này"
                )
        odd = vi.garbled_characters(text)
        if odd:
            shown = ", ".join(f"'{char}'" for char in odd)
            raise ValueError(
                f"chữ bị lỗi phông hoặc gõ bằng bảng mã cũ TCVN3/VNI (có ký tự lạ {shown}); "
                "hãy chuyển sang Unicode (Unikey: Công cụ chuyển mã) rồi gõ lại"
            )
    return text


def _require_text(value: str) -> str:
    if not value:
        raise ValueError("không được để trống")
    return value


Text = Annotated[str, AfterValidator(clean_text), AfterValidator(_require_text)]
"""A one-line piece of text, normalised; never empty."""


def _number_input(value: Any) -> Any:
    """Return a ``Decimal`` for a number typed the Vietnamese way or given by a machine format.

    Strings are read strictly ("2.865" is 2865, "35,8" is 35.8, "35.8" is refused as
    ambiguous). Floats come only from JSON, whose syntax is unambiguous.
    """
    if isinstance(value, bool):
        raise ValueError("cần một con số, không phải đúng/sai")
    if isinstance(value, Decimal | int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("cần một con số hữu hạn")
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return vi.parse_number(value)
        except vi.VietnameseInputError as error:
            raise ValueError(str(error)) from None
    return value


MAX_NUMBER = Decimal(10) ** 18
MAX_DIGITS = 30


def _finite(value: Decimal) -> Decimal:
    if not value.is_finite():
        raise ValueError("cần một con số hữu hạn")
    if abs(value) >= MAX_NUMBER or len(value.as_tuple().digits) > MAX_DIGITS:
        raise ValueError(
            f"số quá lớn hoặc quá nhiều chữ số (tối đa {MAX_DIGITS} chữ số); hãy kiểm tra lại"
        )
    return value


Number = Annotated[Decimal, BeforeValidator(_number_input), AfterValidator(_finite)]
"""A decimal number; typed precision is kept ("120,40" stays two decimals)."""

_VI_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def _date_input(value: Any) -> Any:
    """Accept ISO dates and the Vietnamese "15/9/2023" form."""
    if isinstance(value, str):
        match = _VI_DATE.match(value)
        if match:
            day, month, year = (int(g) for g in match.groups())
            try:
                return date(year, month, day)
            except ValueError:
                raise ValueError(
                    f"ngày {value.strip()} không có trên lịch; hãy kiểm tra ngày và tháng"
                ) from None
    return value


Date = Annotated[date, BeforeValidator(_date_input)]

Level = Literal["province", "central_city", "city", "district", "town", "commune", "ward"]
"""Administrative level of the issuer: tỉnh, thành phố trực thuộc Trung ương, thành phố (thuộc
tỉnh), huyện, thị xã, xã, phường."""
PROVINCE_LEVELS: frozenset[str] = frozenset({"province", "central_city"})
"""The levels directly under the Central Committee: their header writes no superior body."""

Verb = Literal["đạt", "ước đạt", "ước thực hiện", "thực hiện được", "được", "chiếm", "ước chiếm"]
Qualifier = Literal["trên", "hơn", "gần", "khoảng", "trở lên"]
Status = Literal["đạt", "vượt", "chưa đạt"]
Limit = Literal["dưới", "không quá", "trên", "từ"]
"""How a plan bounds its value: "dưới 3%", "không quá 5 vụ", "trên 500 tỷ đồng", "từ 40 ha"."""
PlanSpan = Literal["year", "period"]
"""What a plan covers: the whole year (the usual yearly plan) or only the period reviewed."""
ChangeMeasure = Literal["percent", "amount"]
"""How a change is written: a percentage of the earlier value, or an amount in a unit."""
CountKind = Literal["targets", "units"]
"""What a count counts: targets (chỉ tiêu, nhóm nhiệm vụ) or units (xã, chi bộ, trường)."""
FieldKey = Literal["economy", "culture_society", "defence_security", "party_building"]
Role = Literal["chair", "opening", "report", "speech", "direction", "conclusion", "attend"]
"""A person's part at the conference: chủ trì, phát biểu khai mạc, trình bày báo cáo, phát
biểu (tham luận), phát biểu chỉ đạo (usually a superior's leader), kết luận, dự."""
ComparisonKind = Literal["share", "excess", "change", "plan", "target_range"]
DocumentKind = Literal["resolution", "press", "report"]
"""The documents drafter writes: the draft resolution, the press summary, the period report."""
DOCUMENT_KINDS: tuple[DocumentKind, ...] = get_args(DocumentKind)
"""Every document kind, in the order ``--doc all`` drafts them."""
Body = Literal["executive", "standing"]


class Model(BaseModel):
    """Base: unknown fields are errors (a misspelt key must not vanish silently)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False)

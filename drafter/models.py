"""The report model: every fact of one periodic conference, validated and normalised.

The same models validate data files, wizard answers and batch rows. Numbers are ``Decimal``
and may be typed the Vietnamese way ("2.865", "35,8"); text is NFC with single spaces.
Ratios and statuses are computed here, so a clerk never computes a percentage by hand and a
typed percentage that contradicts the figures is reported.
"""

from __future__ import annotations

import calendar
import functools
import math
import re
import unicodedata
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)

from drafter import vietnamese as vi

# ---------------------------------------------------------------------------
# Scalar types
# ---------------------------------------------------------------------------

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

Level = Literal["province", "city", "district", "town", "commune", "ward"]
"""Administrative level of the issuer: tỉnh, thành phố, huyện, thị xã, xã, phường."""

Verb = Literal["đạt", "ước đạt", "ước thực hiện", "thực hiện được", "được"]
Qualifier = Literal["trên", "hơn", "gần", "khoảng", "trở lên"]
Status = Literal["đạt", "vượt", "chưa đạt"]
FieldKey = Literal["economy", "culture_society", "defence_security", "party_building"]
Role = Literal["chair", "opening", "report", "conclusion", "speech", "attend"]
ComparisonKind = Literal["share", "excess", "change", "plan", "target_range"]
DocumentKind = Literal["resolution", "press"]
Body = Literal["executive", "standing"]


class Model(BaseModel):
    """Base: unknown fields are errors (a misspelt key must not vanish silently)."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False)


# ---------------------------------------------------------------------------
# Issuer, conference, period, people
# ---------------------------------------------------------------------------

_CODE = re.compile(r"^[A-ZĐ]{1,6}$")


def _party_code(value: str) -> str:
    if not _CODE.match(value):
        raise ValueError(
            f"mã cấp ủy '{value}' không hợp lệ; dùng chữ in hoa liền nhau, ví dụ HU, TU, ĐU"
        )
    return value


class Issuer(Model):
    """The Party committee that issues the documents, and what it sits under."""

    name: Text = Field(description="Tên cấp ủy, ví dụ: Huyện ủy Bắc Sơn")
    organisation: Text = Field(description="Tên đảng bộ, ví dụ: Đảng bộ huyện Bắc Sơn")
    superior: Text | None = Field(None, description="Đảng bộ cấp trên (cấp tỉnh không ghi)")
    superior_committee: Text | None = Field(
        default=None, description="Cấp ủy cấp trên, ví dụ: Tỉnh ủy Lạng Sơn"
    )
    level: Level = Field(description="Cấp hành chính của cấp ủy")
    code: Annotated[Text, AfterValidator(_party_code)] = Field(
        description="Chữ viết tắt tên cấp ủy trong ký hiệu văn bản: HU, TU, ĐU"
    )
    place: Text = Field(description="Địa danh ghi ở dòng ngày tháng, ví dụ: Bắc Sơn")
    office: Text | None = Field(
        default=None, description="Văn phòng lưu văn bản, ví dụ: Văn phòng Huyện ủy"
    )

    @model_validator(mode="after")
    def _superior_below_province(self) -> Issuer:
        if self.superior is None and self.level != "province":
            raise ValueError("thiếu issuer.superior: chỉ cấp ủy cấp tỉnh không ghi cấp trên")
        return self

    def writes_superior(self) -> bool:
        """Return whether the header writes a superior (never at level province)."""
        return self.level != "province" and self.superior is not None


class Person(Model):
    """A person at the conference: name, titles in the order they are written, roles."""

    name: Text
    titles: list[Text] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)


_TENURE = re.compile(r"^(\d{4})\s*-\s*(\d{4})$")


def _tenure_input(value: Any) -> Any:
    if isinstance(value, str):
        match = _TENURE.match(value.strip())
        if not match:
            raise ValueError(f"nhiệm kỳ '{value}' cần có dạng NĂM-NĂM, ví dụ 2020-2025")
        start, end = int(match.group(1)), int(match.group(2))
        if end <= start:
            raise ValueError(f"nhiệm kỳ '{value}': năm kết thúc phải sau năm bắt đầu")
        return f"{start}-{end}"
    return value


Tenure = Annotated[str, BeforeValidator(_tenure_input)]
PartOfDay = Literal["sáng", "trưa", "chiều", "tối"]


class Conference(Model):
    """The conference itself: which one, when, where, and what it adopted."""

    ordinal: int = Field(ge=1, le=200, description="Hội nghị lần thứ mấy")
    term: int = Field(ge=1, le=100, description="Khóa (số), in ra bằng số La Mã")
    tenure: Tenure | None = Field(default=None, description="Nhiệm kỳ, ví dụ 2020-2025")
    body: Body = Field(default="executive", description="Ban Chấp hành hay Ban Thường vụ")
    extended: bool = Field(default=False, description="Hội nghị mở rộng")
    date: Date
    part_of_day: PartOfDay | None = None
    venue: Text | None = None
    agenda: list[Text] = Field(default_factory=list)
    adopted: list[Text] = Field(default_factory=list, description="Các dự thảo được thông qua")


PeriodKind = Literal[
    "quarter",
    "first_6_months",
    "first_9_months",
    "last_3_months",
    "last_6_months",
    "year",
    "custom",
]


class PeriodRef(Model):
    """A period: a quarter, the first 6 or 9 months, the last 3 or 6 months, a year, or custom."""

    kind: PeriodKind
    year: int = Field(ge=1945, le=2100)
    quarter: int | None = Field(default=None, ge=1, le=4)
    label: Text | None = Field(default=None, description="Tên kỳ tự đặt (khi kind là custom)")

    @model_validator(mode="after")
    def _parts_fit_the_kind(self) -> PeriodRef:
        if self.kind == "quarter" and self.quarter is None:
            raise ValueError("kỳ theo quý cần ghi quarter (1 đến 4)")
        if self.kind != "quarter" and self.quarter is not None:
            raise ValueError("chỉ kỳ theo quý (kind: quarter) mới ghi quarter")
        if self.kind == "custom" and self.label is None:
            raise ValueError(
                "kỳ tự đặt (kind: custom) cần ghi label, ví dụ: label: 4 tháng đầu năm"
            )
        return self

    def name(self, *, short: bool = False) -> str:
        """Return the period's Vietnamese name ("9 tháng đầu năm 2023", "quý I/2024")."""
        if self.label is not None:
            return self.label
        if self.kind == "custom":  # pragma: no cover - excluded by the validator
            raise ValueError("custom period without label")
        return vi.period_name(self.kind, self.year, self.quarter, short=short)


class Period(PeriodRef):
    """The period under review; the next period is derived unless given."""

    next: PeriodRef | None = Field(default=None, description="Kỳ tới; bỏ trống để tự suy ra")

    @model_validator(mode="after")
    def _custom_needs_next(self) -> Period:
        if self.kind == "custom" and self.next is None:
            raise ValueError("kỳ tự đặt (kind: custom) cần ghi rõ kỳ tới (next)")
        return self

    def following(self) -> PeriodRef:
        """Return the next period: the one given, or the one that follows by the calendar."""
        if self.next is not None:
            return self.next
        if self.kind == "custom":  # pragma: no cover - excluded by the validator
            raise ValueError("custom period without next")
        kind, year, quarter = vi.next_period(self.kind, self.year, self.quarter)
        return PeriodRef(kind=kind, year=year, quarter=quarter)


# ---------------------------------------------------------------------------
# Indicators and counts
# ---------------------------------------------------------------------------


def _decimals(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _agrees(typed: Decimal, computed: Decimal) -> bool:
    """Return True when ``typed`` is ``computed`` rounded to the precision the clerk typed."""
    tolerance = Decimal(5) * Decimal(10) ** -(_decimals(typed) + 1)
    return abs(typed - computed) <= tolerance + Decimal("1e-9")


class Comparison(Model):
    """One comparison of an indicator's value.

    - ``share``: "đạt 120,4% dự toán tỉnh giao" (percent of ``base_value``);
    - ``excess``: "vượt 29% dự toán" (percent above ``base_value``);
    - ``change``: "tăng 9,7% so với cùng kỳ" (``base_value`` is the earlier value);
    - ``plan``: "(kế hoạch 9,05%)" (``base_value`` is the planned value);
    - ``target_range``: "(mục tiêu 10-11%)" (``low`` to ``high``).
    """

    kind: ComparisonKind
    base: Text | None = Field(
        default=None, description="Gốc so sánh: dự toán tỉnh giao, kế hoạch, cùng kỳ năm 2022…"
    )
    base_value: Number | None = Field(
        default=None, description="Giá trị gốc (chỉ tiêu giao, giá trị cùng kỳ, kế hoạch)"
    )
    percent: Number | None = Field(default=None, description="Tỷ lệ % đã có sẵn (nếu có)")
    low: Number | None = None
    high: Number | None = None

    @model_validator(mode="after")
    def _fields_fit_the_kind(self) -> Comparison:
        if self.kind == "target_range":
            if self.low is None or self.high is None:
                raise ValueError("khoảng mục tiêu cần cả low và high, ví dụ low: 10, high: 11")
            if self.low > self.high:
                raise ValueError("khoảng mục tiêu: low phải nhỏ hơn hoặc bằng high")
            if self.percent is not None or self.base_value is not None:
                raise ValueError("khoảng mục tiêu chỉ ghi low và high")
            return self
        if self.low is not None or self.high is not None:
            raise ValueError("low và high chỉ dùng cho kind: target_range")
        if self.kind == "plan":
            if self.base_value is None:
                raise ValueError("so với kế hoạch cần ghi base_value (giá trị kế hoạch)")
            if self.percent is not None:
                raise ValueError("so với kế hoạch chỉ ghi base_value, không ghi percent")
            return self
        if self.base is None:
            raise ValueError("cần ghi base: so sánh với gì (ví dụ: dự toán tỉnh giao, cùng kỳ)")
        if self.percent is None and self.base_value is None:
            raise ValueError("cần ghi percent (tỷ lệ %) hoặc base_value (để tự tính tỷ lệ)")
        if self.base_value is not None and self.base_value == 0:
            raise ValueError("base_value bằng 0 thì không tính được tỷ lệ")
        return self

    def computed_percent(self, value: Decimal) -> Decimal | None:
        """Return the percentage computed from ``value`` and ``base_value``, exact."""
        if self.base_value is None or self.kind in ("plan", "target_range"):
            return None
        share = value * 100 / self.base_value
        if self.kind == "share":
            return share
        if self.kind == "excess":
            return share - 100
        return (value - self.base_value) * 100 / abs(self.base_value)

    def shown_percent(self, value: Decimal) -> Decimal | None:
        """Return the percentage to print: the typed one, else the computed one to 1 decimal."""
        if self.percent is not None:
            return self.percent
        computed = self.computed_percent(value)
        if computed is None:
            return None
        return computed.quantize(Decimal("0.1"), rounding="ROUND_HALF_UP")

    def status(self, value: Decimal, *, lower_is_better: bool) -> Status | None:
        """Return đạt / vượt / chưa đạt when this comparison measures a target, else None."""
        if self.kind == "change":
            return None
        if self.kind == "target_range":
            assert self.low is not None and self.high is not None
            if self.low <= value <= self.high:
                return "đạt"
            better = value < self.low if lower_is_better else value > self.high
            return "vượt" if better else "chưa đạt"
        if self.kind == "excess":
            return "vượt"
        if self.kind == "plan":
            assert self.base_value is not None
            ratio = value * 100 / self.base_value if self.base_value else Decimal(100)
        else:
            shown = self.shown_percent(value)
            assert shown is not None
            ratio = shown
        if ratio == 100:
            return "đạt"
        better = ratio < 100 if lower_is_better else ratio > 100
        return "vượt" if better else "chưa đạt"


class Cutoff(Model):
    """Figures counted up to a day ("tính đến hết ngày 22/11") or a month ("tháng 5/2017")."""

    day: int | None = Field(default=None, ge=1, le=31)
    month: int = Field(ge=1, le=12)
    year: int | None = Field(default=None, ge=1945, le=2100)

    @model_validator(mode="after")
    def _is_on_the_calendar(self) -> Cutoff:
        if self.day is not None:
            year = self.year if self.year is not None else 2000  # a leap year admits 29/2
            if self.day > calendar.monthrange(year, self.month)[1]:
                raise ValueError(f"ngày {self.day}/{self.month} không có trên lịch")
        return self


class Estimate(Model):
    """An estimate for a longer period: "ước cả năm đạt hơn 500 tỷ đồng"."""

    scope: Text = Field(description="Phạm vi ước tính, ví dụ: cả năm")
    qualifier: Qualifier | None = None
    value: Number
    unit: Text | None = Field(default=None, description="Bỏ trống nếu cùng đơn vị với chỉ tiêu")


class Indicator(Model):
    """One indicator of the period with its comparisons; ratio and status are computed."""

    name: Text = Field(description="Tên chỉ tiêu, ví dụ: thu ngân sách")
    field: FieldKey | None = None
    verb: Verb = "đạt"
    qualifier: Qualifier | None = None
    value: Number
    unit: Text | None = None
    lower_is_better: bool = Field(default=False, description="Chỉ tiêu càng thấp càng tốt")
    comparisons: list[Comparison] = Field(default_factory=list)
    cutoff: Cutoff | None = None
    estimate: Estimate | None = None
    status: Status | None = Field(default=None, description="Chỉ ghi khi không tính được")
    key: bool = Field(default=True, description="Nêu trong tin bài")

    @model_validator(mode="after")
    def _typed_figures_agree(self) -> Indicator:
        for index, comparison in enumerate(self.comparisons):
            computed = comparison.computed_percent(self.value)
            if computed is None:
                continue
            if comparison.kind == "excess" and computed <= 0:
                raise ValueError(f"comparisons[{index}]: giá trị không vượt base_value")
            if comparison.percent is not None and not _agrees(comparison.percent, computed):
                shown = vi.format_percent(computed, decimals=max(1, _decimals(comparison.percent)))
                raise ValueError(
                    f"comparisons[{index}]: tỷ lệ đã ghi {vi.format_percent(comparison.percent)} "
                    f"không khớp với tỷ lệ tính từ số liệu ({shown}); "
                    "hãy bỏ percent để drafter tự tính, hoặc sửa lại số liệu"
                )
        computed_status = self.computed_status()
        if self.status is not None and computed_status not in (None, self.status):
            raise ValueError(
                f"trạng thái đã ghi '{self.status}' trái với số liệu "
                f"(tính ra: '{computed_status}'); hãy bỏ status để drafter tự xác định"
            )
        return self

    def computed_status(self) -> Status | None:
        """Return the status given by the first comparison that measures a target."""
        for comparison in self.comparisons:
            status = comparison.status(self.value, lower_is_better=self.lower_is_better)
            if status is not None:
                return status
        return None

    def final_status(self) -> Status | None:
        """Return the computed status, else the one the clerk typed."""
        return self.computed_status() or self.status


class Count(Model):
    """A count of indicators or task groups: "19/22 chỉ tiêu đạt và vượt, trong đó 13 vượt"."""

    met: int = Field(ge=0, description="Số đạt và vượt")
    total: int = Field(ge=1)
    noun: Text | None = Field(default=None, description="Bỏ trống là 'chỉ tiêu'")
    exceeded: int | None = Field(default=None, ge=0)
    missed: int | None = Field(default=None, ge=0)
    not_assessed: int | None = Field(default=None, ge=0)
    change: int | None = Field(default=None, description="Tăng (+) hoặc giảm (-) so với kỳ trước")
    compared_to: PeriodRef | None = None

    @model_validator(mode="after")
    def _parts_add_up(self) -> Count:
        if self.met > self.total:
            raise ValueError(f"số đạt ({self.met}) lớn hơn tổng số ({self.total})")
        if self.exceeded is not None and self.exceeded > self.met:
            raise ValueError(f"số vượt ({self.exceeded}) lớn hơn số đạt và vượt ({self.met})")
        accounted = self.met + (self.missed or 0) + (self.not_assessed or 0)
        if accounted > self.total:
            raise ValueError(
                f"đạt ({self.met}) + chưa đạt + chưa đánh giá = {accounted}, "
                f"lớn hơn tổng số ({self.total})"
            )
        if self.missed is not None and self.not_assessed is not None and accounted != self.total:
            raise ValueError(
                f"đạt + chưa đạt + chưa đánh giá = {accounted}, khác tổng số ({self.total})"
            )
        if (self.change is None) != (self.compared_to is None):
            raise ValueError("change và compared_to phải ghi cùng nhau")
        return self


class FieldResult(Model):
    """Results in one field (economy, culture–society, defence–security, Party building)."""

    field: FieldKey
    items: list[Text] = Field(min_length=1)


class Target(Model):
    """A target for the next period or year: a value, or a range, with its unit."""

    name: Text
    qualifier: Qualifier | None = None
    value: Number | None = None
    low: Number | None = None
    high: Number | None = None
    unit: Text | None = None

    @model_validator(mode="after")
    def _value_or_range(self) -> Target:
        has_range = self.low is not None or self.high is not None
        if self.value is None and not has_range:
            raise ValueError("chỉ tiêu cần value, hoặc khoảng low–high")
        if self.value is not None and has_range:
            raise ValueError("ghi value hoặc khoảng low–high, không ghi cả hai")
        if has_range and (self.low is None or self.high is None or self.low > self.high):
            raise ValueError("khoảng cần cả low và high, với low ≤ high")
        return self


class CitedDocument(Model):
    """A document cited: "Nghị quyết số 62-NQ/TU, ngày 29/5/2013 của Ban Thường vụ Tỉnh ủy về …"."""

    kind: Text = Field(description="Loại văn bản, ví dụ: Nghị quyết")
    number: Text = Field(description="Số và ký hiệu, ví dụ: 62-NQ/TU")
    date: Date
    issuer: Text
    subject: Text | None = Field(default=None, description="Trích yếu, bắt đầu bằng 'về'")


class Photo(Model):
    """A photo with its caption; the file path is relative to the data file."""

    caption: Text
    file: Text | None = None


class Byline(Model):
    """Authors of the press summary, and the outlet when it is named."""

    authors: list[Text] = Field(min_length=1)
    outlet: Text | None = None


class Signer(Model):
    """Who signs the resolution on behalf of the committee."""

    name: Text | None = Field(default=None, description="Họ tên; dự thảo có thể để trống")
    title: Text = Field(description="Chức vụ người ký, ví dụ: Bí thư")


class Resolution(Model):
    """Facts only the resolution needs: number, draft mark, signer, recipients, part III."""

    draft: bool = True
    draft_round: int | None = Field(default=None, ge=2, description="Dự thảo lần mấy (từ 2)")
    number: int | None = Field(default=None, ge=1, description="Số văn bản; dự thảo để trống")
    date: Date | None = Field(default=None, description="Bỏ trống là ngày hội nghị")
    subject: Text | None = Field(default=None, description="Trích yếu; bỏ trống để tự soạn")
    signer: Signer | None = None
    recipients: list[Text] = Field(default_factory=list)
    implementation: list[Text] = Field(default_factory=list)

    @model_validator(mode="after")
    def _draft_has_no_number(self) -> Resolution:
        if self.draft and self.number is not None:
            raise ValueError("dự thảo để trống số văn bản; bỏ number hoặc đặt draft: false")
        if not self.draft and self.draft_round is not None:
            raise ValueError("draft_round chỉ dùng cho dự thảo (draft: true)")
        return self


def _all_documents() -> list[DocumentKind]:
    return ["resolution", "press"]


class Options(Model):
    """How to write the documents: tone style, which documents, phrase choices, profile."""

    tone_style: vi.ToneStyle = "modern"
    documents: list[DocumentKind] = Field(default_factory=_all_documents)
    profile: Text = "hd36"
    variants: dict[str, Text] = Field(
        default_factory=dict, description="Chọn câu mẫu cho từng vị trí: slot → id"
    )


# ---------------------------------------------------------------------------
# The report
# ---------------------------------------------------------------------------


class Report(Model):
    """Every fact of one periodic conference: the unit of work a data file holds."""

    schema_version: Literal[1] = 1
    issuer: Issuer
    conference: Conference
    period: Period
    people: list[Person] = Field(default_factory=list)
    attendance: Text | None = Field(default=None, description="Thành phần dự hội nghị")
    counts: list[Count] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    results: list[FieldResult] = Field(default_factory=list)
    limitations: list[Text] = Field(default_factory=list)
    causes: list[Text] = Field(default_factory=list)
    discussion: list[Text] = Field(default_factory=list)
    tasks: list[Text] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    documents: list[CitedDocument] = Field(default_factory=list)
    photos: list[Photo] = Field(default_factory=list)
    conclusion: list[Text] = Field(default_factory=list)
    byline: Byline | None = None
    resolution: Resolution = Field(default_factory=Resolution)
    options: Options = Field(default_factory=Options)

    @model_validator(mode="after")
    def _dates_fit_the_period(self) -> Report:
        held = self.conference.date.year
        if held not in (self.period.year, self.period.year + 1):
            raise ValueError(
                f"hội nghị họp năm {held} nhưng kỳ đánh giá là năm {self.period.year}; "
                "hãy kiểm tra conference.date và period.year"
            )
        if self.resolution.date is not None and self.resolution.date < self.conference.date:
            raise ValueError("ngày nghị quyết (resolution.date) sớm hơn ngày hội nghị")
        return self

    def people_with(self, role: Role) -> list[Person]:
        """Return the people who hold ``role``, in data order."""
        return [person for person in self.people if role in person.roles]

    def resolution_date(self) -> date:
        """Return the resolution's date: the one given, else the conference's."""
        return self.resolution.date or self.conference.date

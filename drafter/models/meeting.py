"""Who meets and when: the issuer, the people, the conference, the period."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    model_validator,
)

from drafter import vietnamese as vi
from drafter.models.scalars import PROVINCE_LEVELS, Body, Date, Level, Model, Role, Text

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
        if self.superior is None and not self.is_province_level():
            raise ValueError(
                "thiếu issuer.superior: chỉ Tỉnh ủy, Thành ủy trực thuộc Trung ương không ghi "
                "cấp trên"
            )
        return self

    def is_province_level(self) -> bool:
        """Return whether the committee sits directly under the Central Committee."""
        return self.level in PROVINCE_LEVELS

    def writes_superior(self) -> bool:
        """Return whether the header writes a superior (never at province level, HD36)."""
        return not self.is_province_level() and self.superior is not None


class Person(Model):
    """A person at the conference: name, titles in the order they are written, roles."""

    name: Text
    titles: list[Text] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)


_TENURE = re.compile(r"^(\d{4})\s*[-\u2010-\u2015\u2212]\s*(\d{4})$")
"""A tenure as typed: two years joined by a hyphen, an en or em dash or a minus, spaced or not."""


def _tenure_input(value: Any) -> Any:
    """Return a typed tenure ("2020 – 2025") in the house form "2020-2025"."""
    if isinstance(value, str):
        match = _TENURE.match(unicodedata.normalize("NFC", value).strip())
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

    ordinal: int | None = Field(
        default=None, ge=1, le=200, description="Hội nghị lần thứ mấy; nhiều xã không đánh số"
    )
    term: int | None = Field(
        default=None, ge=1, le=100, description="Khóa (số), in ra bằng số La Mã; có thể bỏ trống"
    )
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

"""The period's figures: comparisons, indicators, counts, results by field, targets."""

from __future__ import annotations

import calendar
from decimal import Decimal

from pydantic import (
    Field,
    model_validator,
)

from drafter import vietnamese as vi
from drafter.models.meeting import PeriodRef
from drafter.models.scalars import (
    ComparisonKind,
    FieldKey,
    Model,
    Number,
    Qualifier,
    Status,
    Text,
    Verb,
)


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

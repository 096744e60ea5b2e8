"""The period's figures: comparisons, indicators, counts, results by field, targets.

Each figure says what a sentence may claim about it: the direction it is better in, whether a
change is a percentage or an amount (percentage points for a rate), whether a plan covers the
whole year or only the period, and so the status (đạt, vượt, chưa đạt) the numbers support.
"""

from __future__ import annotations

import calendar
from decimal import Decimal

from pydantic import (
    Field,
    model_validator,
)

from drafter import vietnamese as vi
from drafter.models.directions import inferred_lower_is_better
from drafter.models.meeting import PeriodRef
from drafter.models.scalars import (
    ChangeMeasure,
    ComparisonKind,
    CountKind,
    FieldKey,
    Limit,
    Model,
    Number,
    PlanSpan,
    Qualifier,
    Status,
    Text,
    Verb,
)

PERCENT_UNIT = "%"
"""The unit of a rate: its changes are differences in percentage points."""
_ESTIMATE_VERBS = ("ước đạt", "ước thực hiện", "ước chiếm")
_SHARE_VERBS = ("chiếm", "ước chiếm")
_LOWER_BEATS = {"dưới": "lt", "không quá": "le", "trên": "gt", "từ": "ge"}


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
    - ``change``: "tăng 9,7% so với cùng kỳ" (``base_value`` is the earlier value), or by an
      amount: "tăng hơn 130 ha so với cùng kỳ" (``amount``, or ``by: amount``); a rate in %
      changes by percentage points; ``planned`` is the change the plan asked for;
    - ``plan``: "(kế hoạch 9,05%)" (``base_value`` is the planned value, ``limit`` its bound);
    - ``target_range``: "(mục tiêu 10-11%)" (``low`` to ``high``).

    ``span`` says what a plan covers: the year (the default: a quarter's 78% of the year's
    budget is progress, not a failure) or only the period reviewed.
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
    span: PlanSpan | None = Field(
        default=None,
        description="Kế hoạch cho cả năm (year, mặc định) hay cho riêng kỳ này (period)",
    )
    limit: Limit | None = Field(
        default=None, description="Kế hoạch là một ngưỡng: dưới, không quá, trên, từ"
    )
    amount: Number | None = Field(
        default=None, description="Mức tăng (+) hoặc giảm (-) đã có, theo đơn vị (điểm %)"
    )
    qualifier: Qualifier | None = Field(default=None, description="Mức độ của mức tăng giảm")
    unit: Text | None = Field(
        default=None, description="Đơn vị của mức tăng giảm, nếu khác đơn vị chỉ tiêu"
    )
    by: ChangeMeasure | None = Field(
        default=None, description="Ghi mức tăng giảm theo tỷ lệ (percent) hay số lượng (amount)"
    )
    planned: Number | None = Field(
        default=None, description="Mức tăng (+) hoặc giảm (-) theo kế hoạch, cùng cách ghi"
    )

    @model_validator(mode="after")
    def _fields_fit_the_kind(self) -> Comparison:
        self._change_fields_only_on_a_change()
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
        if self.limit is not None and self.kind != "plan":
            raise ValueError(
                f"limit ({self.limit}) chỉ dùng cho kind: plan, ví dụ kế hoạch dưới 3%: "
                "kind: plan, limit: dưới, base_value: 3"
            )
        if self.kind == "plan":
            if self.base_value is None:
                raise ValueError("so với kế hoạch cần ghi base_value (giá trị kế hoạch)")
            if self.percent is not None:
                raise ValueError("so với kế hoạch chỉ ghi base_value, không ghi percent")
            return self
        if self.base is None:
            raise ValueError("cần ghi base: so sánh với gì (ví dụ: dự toán tỉnh giao, cùng kỳ)")
        if self.kind == "change":
            return self._change_is_complete()
        if self.percent is None and self.base_value is None:
            raise ValueError("cần ghi percent (tỷ lệ %) hoặc base_value (để tự tính tỷ lệ)")
        if self.base_value is not None and self.base_value == 0:
            raise ValueError("base_value bằng 0 thì không tính được tỷ lệ")
        return self

    def _change_fields_only_on_a_change(self) -> None:
        """Refuse the fields of a change (amount, unit, by, planned) on another kind."""
        if self.kind == "change":
            if self.span is not None and self.planned is None:
                raise ValueError("span chỉ ghi khi so với kế hoạch (có planned)")
            return
        extra = [
            name
            for name in ("amount", "qualifier", "unit", "by", "planned")
            if getattr(self, name) is not None
        ]
        if extra:
            raise ValueError(
                f"{', '.join(extra)} chỉ dùng cho phép so sánh tăng giảm (kind: change)"
            )

    def _change_is_complete(self) -> Comparison:
        """Check a change: one way to know its size, and what its fields need."""
        if self.amount is not None and self.percent is not None:
            raise ValueError(
                "ghi percent (tăng giảm theo tỷ lệ %) hoặc amount (tăng giảm theo số lượng), "
                "không ghi cả hai"
            )
        if self.by == "percent" and self.amount is not None:
            raise ValueError("by: percent không đi với amount; hãy ghi percent hoặc base_value")
        if self.by == "amount" and self.percent is not None:
            raise ValueError("by: amount không đi với percent; hãy ghi amount hoặc base_value")
        if self.percent is None and self.base_value is None and self.amount is None:
            raise ValueError(
                "cần ghi base_value (giá trị kỳ so sánh), percent (tỷ lệ % tăng giảm) "
                "hoặc amount (mức tăng giảm)"
            )
        if self.qualifier is not None and self.amount is None:
            raise ValueError("qualifier (hơn, gần…) của mức tăng giảm chỉ ghi cùng amount")
        if (
            self.by != "amount"
            and self.amount is None
            and self.base_value is not None
            and self.base_value == 0
        ):
            raise ValueError(
                "base_value bằng 0 thì không tính được tỷ lệ tăng giảm; "
                "hãy ghi by: amount để ghi mức tăng theo số lượng"
            )
        return self

    def computed_percent(self, value: Decimal | None) -> Decimal | None:
        """Return the percentage computed from ``value`` and ``base_value``, exact."""
        if value is None or self.base_value is None or self.kind in ("plan", "target_range"):
            return None
        if self.base_value == 0:
            return None
        share = value * 100 / self.base_value
        if self.kind == "share":
            return share
        if self.kind == "excess":
            return share - 100
        return (value - self.base_value) * 100 / abs(self.base_value)

    def shown_percent(self, value: Decimal | None) -> Decimal | None:
        """Return the percentage to print: the typed one, else the computed one to 1 decimal."""
        if self.percent is not None:
            return self.percent
        computed = self.computed_percent(value)
        if computed is None:
            return None
        return computed.quantize(Decimal("0.1"), rounding="ROUND_HALF_UP")

    def measure(self, *, rate: bool) -> ChangeMeasure:
        """Return how this change is written; a rate in % always changes by an amount (points)."""
        if rate or self.amount is not None or self.by == "amount":
            return "amount"
        return "percent"

    def computed_amount(self, value: Decimal | None) -> Decimal | None:
        """Return ``value`` minus ``base_value``, exact, when both are known."""
        if value is None or self.base_value is None:
            return None
        return value - self.base_value

    def shown_change(self, value: Decimal | None, *, rate: bool) -> Decimal | None:
        """Return the signed size of this change in its measure: a percentage or an amount."""
        if self.kind != "change":
            return None
        if self.measure(rate=rate) == "percent":
            return self.shown_percent(value)
        return self.amount if self.amount is not None else self.computed_amount(value)

    def direction(self, value: Decimal | None, *, rate: bool) -> str | None:
        """Return "up", "down" or "level" for a change whose size is known, else None."""
        size = self.shown_change(value, rate=rate)
        if size is None:
            return None
        return "up" if size > 0 else "down" if size < 0 else "level"

    def status(
        self,
        value: Decimal | None,
        *,
        lower_is_better: bool,
        rate: bool = False,
        whole_span: bool = True,
    ) -> Status | None:
        """Return đạt / vượt / chưa đạt when this comparison measures a target, else None.

        ``whole_span`` is False when the period reviewed is only part of the plan's year: a
        plan of the year is then judged only once it has been reached by a figure that is
        better higher (a running total only grows); anything else is progress, not a status.
        """
        judged = self._status_over_the_span(value, lower_is_better=lower_is_better, rate=rate)
        if judged is None or whole_span or self.span == "period":
            return judged
        if not lower_is_better and judged in ("đạt", "vượt"):
            return judged
        return None

    def _status_over_the_span(
        self, value: Decimal | None, *, lower_is_better: bool, rate: bool
    ) -> Status | None:
        """Return the status the figures give when the period covers the plan's whole span."""
        if self.kind == "change":
            if self.planned is None:
                return None
            size = self.shown_change(value, rate=rate)
            return None if size is None else _against(size, self.planned, lower_is_better)
        if self.kind == "excess":
            return "chưa đạt" if lower_is_better else "vượt"
        if self.kind == "target_range":
            assert self.low is not None and self.high is not None
            if value is None:
                return None
            if self.low <= value <= self.high:
                return "đạt"
            better = value < self.low if lower_is_better else value > self.high
            return "vượt" if better else "chưa đạt"
        if self.kind == "plan":
            assert self.base_value is not None
            if value is None:
                return None
            if self.limit is not None:
                return "đạt" if _within(value, self.limit, self.base_value) else "chưa đạt"
            return _against(value, self.base_value, lower_is_better)
        shown = self.shown_percent(value)
        return None if shown is None else _against(shown, Decimal(100), lower_is_better)


def _against(figure: Decimal, planned: Decimal, lower_is_better: bool) -> Status:
    """Return the status of ``figure`` against ``planned`` in the better direction."""
    if figure == planned:
        return "đạt"
    better = figure < planned if lower_is_better else figure > planned
    return "vượt" if better else "chưa đạt"


def _within(value: Decimal, limit: Limit, bound: Decimal) -> bool:
    """Return True when ``value`` keeps within a plan "dưới / không quá / trên / từ ``bound``"."""
    test = _LOWER_BEATS[limit]
    if test == "lt":
        return value < bound
    if test == "le":
        return value <= bound
    if test == "gt":
        return value > bound
    return value >= bound


def _check_typed_percents(comparisons: list[Comparison], value: Decimal | None) -> None:
    """Refuse a typed percentage or amount that the figures contradict."""
    for index, comparison in enumerate(comparisons):
        computed = comparison.computed_percent(value)
        if computed is not None:
            if comparison.kind == "excess" and computed <= 0:
                raise ValueError(f"comparisons[{index}]: giá trị không vượt base_value")
            if comparison.percent is not None and not _agrees(comparison.percent, computed):
                shown = vi.format_percent(computed, decimals=max(1, _decimals(comparison.percent)))
                raise ValueError(
                    f"comparisons[{index}]: tỷ lệ đã ghi {vi.format_percent(comparison.percent)} "
                    f"không khớp với tỷ lệ tính từ số liệu ({shown}); "
                    "hãy bỏ percent để drafter tự tính, hoặc sửa lại số liệu"
                )
        difference = comparison.computed_amount(value)
        if (
            comparison.kind == "change"
            and comparison.amount is not None
            and difference is not None
            and comparison.qualifier is None
            and not _agrees(comparison.amount, difference)
        ):
            raise ValueError(
                f"comparisons[{index}]: mức tăng giảm đã ghi {vi.format_number(comparison.amount)} "
                f"không khớp với hiệu số liệu ({vi.format_number(difference)}); "
                "hãy bỏ amount để drafter tự tính, hoặc sửa lại số liệu"
            )


def _check_without_value(comparisons: list[Comparison], owner: str) -> None:
    """Refuse comparisons that need the value when ``owner`` has none (a percentage only)."""
    if not comparisons:
        raise ValueError(
            f"{owner} không có value thì cần ít nhất một phép so sánh có tỷ lệ, "
            "ví dụ kind: share, base: kế hoạch, percent: 116"
        )
    for index, comparison in enumerate(comparisons):
        if comparison.kind in ("plan", "target_range"):
            raise ValueError(
                f"comparisons[{index}]: so với kế hoạch hoặc khoảng mục tiêu cần value "
                "(số liệu đạt được) để so sánh"
            )
        if comparison.percent is None and comparison.amount is None:
            raise ValueError(
                f"comparisons[{index}]: {owner} không có value thì cần ghi percent (tỷ lệ %) "
                "hoặc amount (mức tăng giảm); base_value một mình không tính được gì"
            )


def _check_rate_changes(comparisons: list[Comparison]) -> None:
    """Refuse a relative percentage on the change of a rate: a rate changes by points."""
    for index, comparison in enumerate(comparisons):
        if comparison.kind != "change":
            continue
        if comparison.percent is not None or comparison.by == "percent":
            raise ValueError(
                f"comparisons[{index}]: chỉ tiêu tính bằng % so sánh theo điểm phần trăm "
                "(3,02% → 2,15% là giảm 0,87 điểm phần trăm), không theo tỷ lệ %; hãy ghi "
                "base_value (tỷ lệ kỳ so sánh) hoặc amount (số điểm phần trăm tăng giảm, "
                "ví dụ -0,87) thay cho percent"
            )


def _check_lower_has_a_value(comparisons: list[Comparison]) -> None:
    """Refuse a percentage of the plan alone for a lower-is-better indicator: it says nothing."""
    for index, comparison in enumerate(comparisons):
        if comparison.kind in ("share", "excess"):
            raise ValueError(
                f"comparisons[{index}]: chỉ tiêu càng thấp càng tốt không viết theo tỷ lệ % so "
                "với kế hoạch; hãy ghi value (mức đạt được) và kế hoạch bằng kind: plan, "
                "base_value (ví dụ tỷ lệ hộ nghèo 4,36%, kế hoạch dưới 3%)"
            )


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
    """An estimate for a longer period: "ước cả năm đạt hơn 500 tỷ đồng, vượt 38,8% dự toán"."""

    scope: Text = Field(description="Phạm vi ước tính, ví dụ: cả năm")
    qualifier: Qualifier | None = None
    value: Number
    unit: Text | None = Field(default=None, description="Bỏ trống nếu cùng đơn vị với chỉ tiêu")
    comparisons: list[Comparison] = Field(
        default_factory=list, description="So sánh của số ước: vượt 38,8% dự toán…"
    )

    @model_validator(mode="after")
    def _comparisons_fit(self) -> Estimate:
        _check_typed_percents(self.comparisons, self.value)
        return self


class Indicator(Model):
    """One indicator of the period with its comparisons; ratio and status are computed.

    ``value`` may be left out when only a percentage is known ("đạt 116% kế hoạch").
    ``lower_is_better`` left out is taken from the name for the usual rates (tỷ lệ hộ nghèo…,
    ``drafter/data/directions.yaml``); a value typed always wins.
    """

    name: Text = Field(description="Tên chỉ tiêu, ví dụ: thu ngân sách")
    field: FieldKey | None = None
    verb: Verb = "đạt"
    qualifier: Qualifier | None = None
    value: Number | None = None
    unit: Text | None = None
    share_of: Text | None = Field(
        default=None, description="Sau số khi động từ là chiếm: 'cơ cấu kinh tế'"
    )
    lower_is_better: bool | None = Field(
        default=None,
        description="Chỉ tiêu càng thấp càng tốt; bỏ trống để tự nhận theo tên (tỷ lệ hộ nghèo…)",
    )
    comparisons: list[Comparison] = Field(default_factory=list)
    cutoff: Cutoff | None = None
    estimate: Estimate | None = None
    status: Status | None = Field(default=None, description="Chỉ ghi khi không tính được")
    key: bool = Field(default=True, description="Nêu trong tin bài")

    @model_validator(mode="after")
    def _typed_figures_agree(self) -> Indicator:
        if self.value is None:
            _check_without_value(self.comparisons, "chỉ tiêu")
            if self.qualifier is not None:
                raise ValueError("qualifier (trên, hơn…) đứng trước value; chưa có value")
        if self.share_of is not None and self.verb not in _SHARE_VERBS:
            raise ValueError("share_of chỉ dùng với động từ 'chiếm' hoặc 'ước chiếm'")
        if self.is_rate():
            _check_rate_changes(self.comparisons)
        if self.value is None and self.better_lower():
            _check_lower_has_a_value(self.comparisons)
        _check_typed_percents(self.comparisons, self.value)
        computed_status = self.computed_status()
        if self.status is not None and computed_status not in (None, self.status):
            raise ValueError(
                f"trạng thái đã ghi '{self.status}' trái với số liệu "
                f"(tính ra: '{computed_status}'); hãy bỏ status để drafter tự xác định"
            )
        return self

    def is_rate(self) -> bool:
        """Return True for an indicator measured in %, whose changes are percentage points."""
        return self.unit is not None and self.unit.strip() == PERCENT_UNIT

    def better_lower(self) -> bool:
        """Return the direction in force: the one typed, else the one its name implies."""
        if self.lower_is_better is not None:
            return self.lower_is_better
        return inferred_lower_is_better(self.name)

    def direction_inferred(self) -> bool:
        """Return True when drafter takes this indicator as lower-is-better from its name."""
        return self.lower_is_better is None and inferred_lower_is_better(self.name)

    def estimated(self) -> bool:
        """Return True when the verb says the figure is an estimate ("ước đạt")."""
        return self.verb in _ESTIMATE_VERBS

    def trend(self) -> str | None:
        """Return the direction of the first change whose size is known: up, down, level."""
        for comparison in self.comparisons:
            direction = comparison.direction(self.value, rate=self.is_rate())
            if direction is not None:
                return direction
        return None

    def comparison_status(
        self, comparison: Comparison, *, whole_span: bool = True
    ) -> Status | None:
        """Return the status one of this indicator's comparisons gives."""
        return comparison.status(
            self.value,
            lower_is_better=self.better_lower(),
            rate=self.is_rate(),
            whole_span=whole_span,
        )

    def computed_status(self, *, whole_span: bool = True) -> Status | None:
        """Return the status given by the first comparison that measures a target."""
        for comparison in self.comparisons:
            if self.comparison_status(comparison) is not None:
                return self.comparison_status(comparison, whole_span=whole_span)
        return None

    def status_in(self, period: PeriodRef) -> Status | None:
        """Return the indicator's status (đạt / vượt / chưa đạt) as a report of ``period`` says.

        The one judgement every document uses (the sentences, the report's appendix table):
        computed from the first comparison that measures a target, in the indicator's
        direction; a part of the year measured against the year's plan is judged only once
        the plan is reached (else None: progress, not failure). The status typed in the data
        counts only when no comparison measures a target.
        """
        if self.computed_status() is None:
            return self.status
        return self.computed_status(whole_span=covers_the_year(period))


def covers_the_year(period: PeriodRef) -> bool:
    """Return True when ``period`` spans a whole year, the span of a yearly plan."""
    return period.kind == "year"


def direction_notes(indicators: list[Indicator]) -> list[str]:
    """Return one Vietnamese note per indicator whose direction drafter took from its name."""
    return [
        f"indicators[{index}] ({indicator.name}): coi là chỉ tiêu càng thấp càng tốt "
        "(drafter tự nhận theo tên); nếu không phải, ghi lower_is_better: false"
        for index, indicator in enumerate(indicators)
        if indicator.direction_inferred()
    ]


class Count(Model):
    """A count of targets or of units, or a total of targets.

    - targets: "19/22 chỉ tiêu đạt và vượt, trong đó 13 vượt" (``noun`` defaults to chỉ tiêu);
    - units, each count with its own predicate: "6/16 xã đạt chuẩn nông thôn mới";
    - a total with no ``met``: "32 chỉ tiêu" (the targets of the year being worked on).
    """

    kind: CountKind = Field(default="targets", description="Đếm chỉ tiêu (targets) hay đơn vị")
    met: int | None = Field(default=None, ge=0, description="Số đạt và vượt (số đơn vị đạt)")
    total: int = Field(ge=1)
    noun: Text | None = Field(default=None, description="Bỏ trống là 'chỉ tiêu'")
    predicate: Text | None = Field(
        default=None, description="Đơn vị đạt điều gì: 'đạt chuẩn nông thôn mới'"
    )
    exceeded: int | None = Field(default=None, ge=0)
    missed: int | None = Field(default=None, ge=0)
    not_assessed: int | None = Field(default=None, ge=0)
    change: int | None = Field(default=None, description="Tăng (+) hoặc giảm (-) so với kỳ trước")
    compared_to: PeriodRef | None = None

    @model_validator(mode="after")
    def _parts_add_up(self) -> Count:
        if (self.change is None) != (self.compared_to is None):
            raise ValueError("change và compared_to phải ghi cùng nhau")
        if self.kind == "units":
            return self._units_say_what_they_count()
        if self.predicate is not None:
            raise ValueError(
                "predicate chỉ dùng khi đếm đơn vị (kind: units); số chỉ tiêu dùng lời "
                "'đạt và vượt' của kho câu mẫu"
            )
        if self.met is None:
            parts = self._target_parts()
            if parts:
                raise ValueError(
                    f"tổng số chỉ tiêu (không ghi met) không ghi {', '.join(parts)}; "
                    "hãy ghi met (số đạt) nếu đã đánh giá"
                )
            return self
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
        return self

    def _units_say_what_they_count(self) -> Count:
        """Check a count of units: what is counted, what they achieved, and no target words."""
        if self.noun is None or self.predicate is None:
            raise ValueError(
                "đếm đơn vị (kind: units) cần noun (đếm gì: xã, chi bộ…) và predicate "
                "(đạt điều gì: đạt chuẩn nông thôn mới), ví dụ 6/16 xã đạt chuẩn nông thôn mới"
            )
        if self.met is None:
            raise ValueError("đếm đơn vị cần met: số đơn vị đạt, ví dụ met: 6, total: 16")
        if self.met > self.total:
            raise ValueError(f"số đơn vị đạt ({self.met}) lớn hơn tổng số ({self.total})")
        parts = self._target_parts()
        if parts:
            raise ValueError(f"đếm đơn vị không ghi {', '.join(parts)} (chỉ dùng khi đếm chỉ tiêu)")
        return self

    def _target_parts(self) -> list[str]:
        """Return the names of the parts typed that only a count of targets has."""
        parts = ("exceeded", "missed", "not_assessed")
        return [name for name in parts if getattr(self, name) is not None]

    def is_total(self) -> bool:
        """Return True for a total of targets with no met figure ("32 chỉ tiêu")."""
        return self.met is None


class FieldResult(Model):
    """Results in one field (economy, culture–society, defence–security, Party building)."""

    field: FieldKey
    items: list[Text] = Field(min_length=1)


class Target(Model):
    """A target for the next period or year: a value, or a range, with its unit.

    A lower-is-better target (typed, or known by its name as for indicators) is worded as a
    level to come down to: "tỷ lệ hộ nghèo giảm còn dưới 2%", never "đạt 2%".
    """

    name: Text
    qualifier: Qualifier | None = None
    limit: Limit | None = Field(default=None, description="Ngưỡng: dưới, không quá, trên, từ")
    value: Number | None = None
    low: Number | None = None
    high: Number | None = None
    unit: Text | None = None
    lower_is_better: bool | None = Field(
        default=None, description="Chỉ tiêu càng thấp càng tốt; bỏ trống để tự nhận theo tên"
    )

    @model_validator(mode="after")
    def _value_or_range(self) -> Target:
        has_range = self.low is not None or self.high is not None
        if self.value is None and not has_range:
            raise ValueError("chỉ tiêu cần value, hoặc khoảng low–high")
        if self.value is not None and has_range:
            raise ValueError("ghi value hoặc khoảng low–high, không ghi cả hai")
        if has_range and (self.low is None or self.high is None or self.low > self.high):
            raise ValueError("khoảng cần cả low và high, với low ≤ high")
        if self.limit is not None and (has_range or self.qualifier is not None):
            raise ValueError(
                f"limit ({self.limit}) đi với một value, không đi với khoảng low–high "
                "hay qualifier; ví dụ limit: dưới, value: 2"
            )
        return self

    def better_lower(self) -> bool:
        """Return the direction in force: the one typed, else the one its name implies."""
        if self.lower_is_better is not None:
            return self.lower_is_better
        return inferred_lower_is_better(self.name)

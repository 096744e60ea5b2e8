"""The report: every fact of one periodic conference, and what only one document needs."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import (
    Field,
    model_validator,
)

from drafter import vietnamese as vi
from drafter.models.figures import Count, FieldResult, Indicator, Target
from drafter.models.meeting import Conference, Issuer, Period, Person
from drafter.models.scalars import Date, DocumentKind, Model, Role, Text


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


class PeriodReport(Model):
    """Facts only the period report (báo cáo) needs; the rest follows from the resolution's.

    Left out, the report is a draft dated on the conference day, signed and sent as the
    resolution is (a state report: by the chairman, to the bodies the phrasebank names).
    """

    draft: bool = True
    number: int | None = Field(default=None, ge=1, description="Số báo cáo; dự thảo để trống")
    date: Date | None = Field(default=None, description="Bỏ trống là ngày hội nghị")
    signer: Signer | None = None
    recipients: list[Text] = Field(default_factory=list)

    @model_validator(mode="after")
    def _draft_has_no_number(self) -> PeriodReport:
        if self.draft and self.number is not None:
            raise ValueError("dự thảo để trống số báo cáo; bỏ number hoặc đặt draft: false")
        return self


def _all_documents() -> list[DocumentKind]:
    """Return the documents a data file asks for by default: the two of every conference.

    The report is asked for by name (``--doc report``, ``options.documents``): it is the
    longest document, written once by the office, while a batch of communes needs the two.
    """
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
    period_report: PeriodReport = Field(default_factory=PeriodReport)
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

    def period_report_date(self) -> date:
        """Return the report's date: the one given, else the conference's."""
        return self.period_report.date or self.conference.date

    def resolution_date(self) -> date:
        """Return the resolution's date: the one given, else the conference's."""
        return self.resolution.date or self.conference.date

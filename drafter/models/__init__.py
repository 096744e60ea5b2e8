"""The report model: every fact of one periodic conference, validated and normalised.

The same models validate data files, wizard answers and batch rows. Numbers are ``Decimal``
and may be typed the Vietnamese way ("2.865", "35,8"); text is NFC with single spaces.
Ratios and statuses are computed here, so a clerk never computes a percentage by hand and a
typed percentage that contradicts the figures is reported.
"""

from __future__ import annotations

from drafter.models.figures import (
    Comparison,
    Count,
    Cutoff,
    Estimate,
    FieldResult,
    Indicator,
    Target,
    covers_the_year,
    direction_notes,
)
from drafter.models.meeting import (
    Conference,
    Issuer,
    PartOfDay,
    Period,
    PeriodKind,
    PeriodRef,
    Person,
    Tenure,
)
from drafter.models.report import Byline, CitedDocument, Options, Photo, Report, Resolution, Signer
from drafter.models.scalars import (
    MAX_DIGITS,
    MAX_NUMBER,
    MAX_TEXT,
    Body,
    ChangeMeasure,
    ComparisonKind,
    CountKind,
    Date,
    DocumentKind,
    FieldKey,
    Level,
    Limit,
    Model,
    Number,
    PlanSpan,
    Qualifier,
    Role,
    Status,
    Text,
    Verb,
    clean_text,
)

__all__ = [
    "MAX_DIGITS",
    "MAX_NUMBER",
    "MAX_TEXT",
    "Body",
    "Byline",
    "ChangeMeasure",
    "CitedDocument",
    "Comparison",
    "ComparisonKind",
    "Conference",
    "Count",
    "CountKind",
    "Cutoff",
    "Date",
    "DocumentKind",
    "Estimate",
    "FieldKey",
    "FieldResult",
    "Indicator",
    "Issuer",
    "Level",
    "Limit",
    "Model",
    "Number",
    "Options",
    "PartOfDay",
    "Period",
    "PeriodKind",
    "PeriodRef",
    "Person",
    "Photo",
    "PlanSpan",
    "Qualifier",
    "Report",
    "Resolution",
    "Role",
    "Signer",
    "Status",
    "Target",
    "Tenure",
    "Text",
    "Verb",
    "clean_text",
    "covers_the_year",
    "direction_notes",
]

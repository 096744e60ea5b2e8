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
from drafter.models.report import (
    Byline,
    CitedDocument,
    Options,
    PeriodReport,
    Photo,
    Report,
    Resolution,
    Signer,
)
from drafter.models.scalars import (
    MAX_DIGITS,
    MAX_NUMBER,
    MAX_TEXT,
    Body,
    ComparisonKind,
    Date,
    DocumentKind,
    FieldKey,
    Level,
    Model,
    Number,
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
    "CitedDocument",
    "Comparison",
    "ComparisonKind",
    "Conference",
    "Count",
    "Cutoff",
    "Date",
    "DocumentKind",
    "Estimate",
    "FieldKey",
    "FieldResult",
    "Indicator",
    "Issuer",
    "Level",
    "Model",
    "Number",
    "Options",
    "PartOfDay",
    "Period",
    "PeriodKind",
    "PeriodRef",
    "PeriodReport",
    "Person",
    "Photo",
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
]

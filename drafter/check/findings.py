"""Findings: what a check reports, and the table and JSON that show them to a clerk."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from drafter.errors import Finding

LABELS: dict[str, str] = {
    "party_title": "tiêu đề Đảng",
    "national_title": "Quốc hiệu",
    "motto": "Tiêu ngữ",
    "superior": "tên cơ quan cấp trên",
    "issuer": "tên cơ quan ban hành",
    "star": "dấu sao",
    "number": "số và ký hiệu",
    "date_line": "địa danh và ngày tháng",
    "draft_mark": "dấu dự thảo",
    "document_type": "tên loại văn bản",
    "conference_line": "tên hội nghị",
    "subject": "trích yếu",
    "subject_rule": "gạch dưới trích yếu",
    "body": "nội dung",
    "heading": "tiêu đề phần",
    "decision_heading": "dòng QUYẾT NGHỊ",
    "authority": "quyền hạn ký",
    "signer_title": "chức vụ người ký",
    "signer_name": "họ tên người ký",
    "recipients_label": "chữ «Nơi nhận»",
    "recipients": "danh sách nơi nhận",
    "page_number": "số trang",
    "headline": "tít",
    "lead": "sa-pô",
    "photo": "ảnh",
    "caption": "chú thích ảnh",
    "byline": "tên tác giả",
    "part_heading": "tên phần của báo cáo",
    "subheading": "đề mục",
    "appendix_label": "chữ «Phụ lục»",
    "appendix_title": "tên phụ lục",
    "appendix_subtitle": "dòng «Kèm theo Báo cáo …»",
    "table_header": "tiêu đề cột của bảng phụ lục",
    "table_text": "chữ trong bảng phụ lục",
    "table_center": "ô căn giữa của bảng phụ lục",
    "table_number": "số liệu trong bảng phụ lục",
    "table_group": "tên nhóm trong bảng phụ lục",
    "appendix_note": "ghi chú dưới bảng phụ lục",
}
"""The name of each profile element in the messages."""


def finding(rule: str, where: str, message: str) -> Finding:
    """Return a check finding: the ``rule`` broken, the element ``where``, fact and remedy."""
    return Finding(where, message, rule)


@dataclass(frozen=True)
class CheckResult:
    """The findings on one file, the profile they were checked against, and notes (a rule
    that could not run here, such as --render without LibreOffice)."""

    path: Path
    profile: str
    findings: list[Finding]
    notes: list[str] = field(default_factory=list)


def format_table(result: CheckResult) -> str:
    """Return the findings on one file as a readable table (rule and place, then message)."""
    notes = [f"  Lưu ý: {note}" for note in result.notes]
    if not result.findings:
        return "\n".join([f"✓ {result.path}: đúng thể thức {result.profile}", *notes])
    lines = [f"✗ {result.path}: {len(result.findings)} chỗ sai thể thức {result.profile}"]
    width = max(len(finding.rule) for finding in result.findings)
    for finding in result.findings:
        lines.append(f"  {finding.rule:<{width}}  {finding.where}")
        lines.append(f"  {'':<{width}}  → {finding.reason}")
    return "\n".join(lines + notes)


def to_json(results: Sequence[CheckResult], errors: Sequence[tuple[Path, str]] = ()) -> str:
    """Return the results (and files that could not be read) as a JSON document."""
    files: list[dict[str, Any]] = [
        {
            "file": str(result.path),
            "profile": result.profile,
            "ok": not result.findings,
            "findings": [
                {"rule": item.rule, "where": item.where, "message": item.reason}
                for item in result.findings
            ],
            **({"notes": result.notes} if result.notes else {}),
        }
        for result in results
    ]
    files += [{"file": str(path), "ok": False, "error": message} for path, message in errors]
    return json.dumps({"files": files}, ensure_ascii=False, indent=2)

"""Orchestration for the command line and for Python callers: data file in, documents out.

``draft`` runs the one-way flow: load and validate → compose → render → write → [pdf]. It
checks every output name before writing anything, renders every document in memory, then
writes each one atomically, so a failure leaves no half of a run behind.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from drafter.compose import Composer
from drafter.datafile import load_report
from drafter.errors import UserError
from drafter.files import atomic_write_bytes, refuse_to_clobber
from drafter.models import DocumentKind, Report
from drafter.phrasebank import Phrasebank, load_phrasebank
from drafter.profiles import Profile, load_profile
from drafter.render import render_docx
from drafter.resources import data_dir

TEMPLATES: dict[DocumentKind, str] = {
    "resolution": "nghi-quyet-hoi-nghi.docx",
    "press": "tin-bai.docx",
}


@dataclass(frozen=True)
class Document:
    """One rendered document, in memory, with the name it will be written under."""

    kind: DocumentKind
    name: str
    content: bytes


def draft(
    data: Path,
    *,
    out_dir: Path,
    documents: Sequence[str] | None = None,
    template: Path | None = None,
    profile: str | None = None,
    pdf: bool = False,
    overwrite: bool = False,
    phrasebank: Path | None = None,
    variants: Mapping[str, str] | None = None,
) -> list[Path]:
    """Write the documents of the conference in ``data`` into ``out_dir``; return the paths.

    ``variants`` (slot → phrase id) choose phrases over those of the data's options.variants.
    """
    report = load_report(data)
    if variants:
        report.options.variants = {**report.options.variants, **variants}
    kinds = document_kinds(documents if documents is not None else report.options.documents)
    refuse_one_template_for_many(template, kinds)
    chosen = load_profile(profile or report.options.profile)
    bank = load_phrasebank(phrasebank)
    rendered = render_documents(report, kinds, chosen, bank, template, photo_dir=data.parent)
    targets = [out_dir / document.name for document in rendered]
    for target in targets:
        refuse_to_clobber(target, overwrite=overwrite)
    if pdf:
        for target in targets:
            refuse_to_clobber(target.with_suffix(".pdf"), overwrite=overwrite)
    for document, target in zip(rendered, targets, strict=True):
        atomic_write_bytes(target, document.content, overwrite=overwrite)
    written = list(targets)
    if pdf:
        from drafter.pdf import convert_to_pdf

        written += convert_to_pdf(targets, out_dir, overwrite=overwrite)
    return written


def render_documents(
    report: Report,
    kinds: Sequence[DocumentKind],
    profile: Profile,
    bank: Phrasebank,
    template: Path | None = None,
    *,
    photo_dir: Path,
) -> list[Document]:
    """Return the rendered documents of ``report``, in memory."""
    if "resolution" in kinds and profile.kind != "party":
        raise UserError(
            f"thể thức {profile.name} là thể thức văn bản Nhà nước, không dùng cho nghị quyết "
            "hội nghị Ban Chấp hành Đảng bộ",
            "Dùng --profile hd36 (mặc định) cho nghị quyết.",
        )
    composer = Composer(report, bank)
    documents = []
    for kind in kinds:
        source = template_path(kind, template)
        if kind == "resolution":
            content = render_docx(source, composer.resolution(profile))
        else:
            context, photos = composer.press()
            content = render_docx(source, context, photos, photo_dir, profile.press.photo_width_mm)
        documents.append(Document(kind, output_name(report, source), content))
    return documents


def template_path(kind: DocumentKind, template: Path | None = None) -> Path:
    """Return the template of ``kind``: the clerk's own when given, else the built-in one."""
    return template or data_dir("templates_docx") / TEMPLATES[kind]


def output_name(report: Report, template: Path) -> str:
    """Return the file name of a document: issuer, template and date, ASCII and Windows-safe.

    "huyen-uy-bac-son_nghi-quyet-hoi-nghi_2023-09-15.docx"
    """
    issuer = slug(report.issuer.name)[:80].rstrip("-")  # a file name has at most 255 bytes
    kind = slug(template.stem)[:80].rstrip("-")
    return f"{issuer}_{kind}_{report.resolution_date().isoformat()}.docx"


def slug(text: str) -> str:
    """Return ``text`` as lower-case ASCII words joined by hyphens ("Huyện ủy" → "huyen-uy")."""
    text = text.replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = "".join(char if char.isalnum() else " " for char in ascii_text.lower()).split()
    return "-".join(words) or "van-ban"


def refuse_one_template_for_many(template: Path | None, kinds: Sequence[DocumentKind]) -> None:
    """Raise when a clerk's own template is given for more than one kind of document."""
    if template is not None and len(kinds) != 1:
        raise UserError(
            "--template chỉ dùng khi soạn một văn bản",
            "Thêm --doc resolution hoặc --doc press cùng với --template.",
        )


def document_kinds(names: Sequence[str]) -> list[DocumentKind]:
    """Return the document kinds named, each once, in order; an unknown name is refused."""
    kinds: list[DocumentKind] = []
    for name in names:
        if name in TEMPLATES:
            kind: DocumentKind = "resolution" if name == "resolution" else "press"
            if kind not in kinds:
                kinds.append(kind)
        else:
            raise UserError(
                f"không có loại văn bản '{name}'",
                "Chọn resolution (nghị quyết) hoặc press (tin bài).",
            )
    return kinds

"""Format profiles: the layout rules of one family of documents, kept as data.

A profile (``profiles/hd36.yaml`` for Party documents, ``profiles/nd30.yaml`` for state
documents) holds the page setup, the font, the style of every element, the literal texts and
the number, date, signature and recipients forms. Templates are built from it and documents
are checked against it, so a newer rule is a new profile file, not a code change.

Every model forbids unknown keys: a misspelt key in a clerk's copy is an error naming the key,
never a silently ignored setting.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from drafter import yamlio
from drafter.errors import UserError
from drafter.explain import findings_of

DEFAULT_PROFILE = "hd36"
PROFILE_SUFFIXES = (".yaml", ".yml")

Millimetres = Annotated[float, Field(ge=0, le=1000)]
PositiveMillimetres = Annotated[float, Field(gt=0, le=1000)]
Points = Annotated[float, Field(ge=0, le=500)]
FontSize = Annotated[float, Field(gt=0, le=200)]
Text = Annotated[str, Field(min_length=1)]
Alignment = Literal["left", "center", "right", "justify"]

# Elements whose text is written in the profile (``texts``) rather than given by the context:
# only these can carry a rule as long as their text, because only their width is known.
LITERAL_ELEMENTS = frozenset(
    {
        "party_title",
        "national_title",
        "motto",
        "star",
        "document_type",
        "decision_heading",
        "subject_rule",
        "recipients_label",
    }
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_pattern(pattern: str, names: set[str]) -> None:
    """Raise unless ``pattern`` uses exactly the placeholders ``names``, each at least once."""
    try:
        found = {field for _, field, _, _ in string.Formatter().parse(pattern) if field is not None}
    except ValueError:
        raise ValueError(
            f"mẫu «{pattern}» có dấu ngoặc nhọn lẻ; chỉ dùng {{...}} quanh tên chỗ điền"
        ) from None
    wanted = ", ".join(f"{{{name}}}" for name in sorted(names))
    if found != names:
        raise ValueError(f"mẫu «{pattern}» phải có đúng các chỗ điền {wanted}")


class PageSetup(_Strict):
    """Paper size and orientation."""

    width_mm: PositiveMillimetres
    height_mm: PositiveMillimetres
    orientation: Literal["portrait", "landscape"] = "portrait"

    @model_validator(mode="after")
    def _orientation_matches(self) -> PageSetup:
        portrait = self.width_mm < self.height_mm
        if (self.orientation == "portrait") != portrait:
            raise ValueError(
                f"khổ {self.width_mm:g} × {self.height_mm:g} mm không khớp hướng giấy "
                f"«{self.orientation}» (portrait: dọc, rộng nhỏ hơn cao; landscape: ngang)"
            )
        return self


class Margins(_Strict):
    """Page margins, and the distance of the header and footer from the paper's edge."""

    top_mm: Millimetres
    bottom_mm: Millimetres
    left_mm: Millimetres
    right_mm: Millimetres
    header_mm: Millimetres = 10
    footer_mm: Millimetres = 10


class ParagraphStyle(_Strict):
    """The look of one element: becomes a named paragraph style in the template."""

    style_name: Text
    size_pt: FontSize
    bold: bool = False
    italic: bool = False
    underline: bool = False
    caps: bool = False
    alignment: Alignment = "left"
    space_before_pt: Points = 0
    space_after_pt: Points = 0
    first_line_indent_mm: Annotated[float, Field(ge=-100, le=100)] = 0
    line_spacing_pt: Annotated[float, Field(gt=0, le=500)] | None = None
    line_spacing_multiple: Annotated[float, Field(gt=0, le=5)] | None = None
    keep_with_next: bool = False
    rule_below: bool = False
    rule_length_mm: PositiveMillimetres | None = None

    @model_validator(mode="after")
    def _consistent(self) -> ParagraphStyle:
        if self.line_spacing_pt is not None and self.line_spacing_multiple is not None:
            raise ValueError(
                "chỉ ghi một trong hai: line_spacing_pt (giãn dòng chính xác, pt) "
                "hoặc line_spacing_multiple (giãn dòng theo bội số)"
            )
        if self.rule_length_mm is not None and not self.rule_below:
            raise ValueError("rule_length_mm chỉ dùng cùng rule_below: true")
        return self


class ResolutionStyles(_Strict):
    """One style per element of the resolution; the title elements depend on the kind."""

    party_title: ParagraphStyle | None = None
    national_title: ParagraphStyle | None = None
    motto: ParagraphStyle | None = None
    superior: ParagraphStyle
    issuer: ParagraphStyle
    star: ParagraphStyle | None = None
    number: ParagraphStyle
    date_line: ParagraphStyle
    draft_mark: ParagraphStyle
    document_type: ParagraphStyle
    conference_line: ParagraphStyle
    subject: ParagraphStyle
    subject_rule: ParagraphStyle
    body: ParagraphStyle
    heading: ParagraphStyle
    decision_heading: ParagraphStyle
    authority: ParagraphStyle
    signer_title: ParagraphStyle
    signer_name: ParagraphStyle
    recipients_label: ParagraphStyle
    recipients: ParagraphStyle
    page_number: ParagraphStyle

    def elements(self) -> dict[str, ParagraphStyle]:
        """Return the styles present, by element name, so callers can loop over them."""
        return {
            name: value
            for name in type(self).model_fields
            if isinstance(value := getattr(self, name), ParagraphStyle)
        }

    @model_validator(mode="after")
    def _usable(self) -> ResolutionStyles:
        _unique_style_names(self.elements())
        for name, style in self.elements().items():
            if style.rule_below and style.rule_length_mm is None and name not in LITERAL_ELEMENTS:
                raise ValueError(
                    f"{name}: chữ của mục này do dữ liệu điền nên không biết trước độ dài; "
                    "ghi thêm rule_length_mm (độ dài đường kẻ, mm)"
                )
        return self


class PressStyles(_Strict):
    """One style per element of the press summary."""

    headline: ParagraphStyle
    lead: ParagraphStyle
    body: ParagraphStyle
    photo: ParagraphStyle
    caption: ParagraphStyle
    byline: ParagraphStyle

    def elements(self) -> dict[str, ParagraphStyle]:
        """Return the styles by element name, so callers can loop over them."""
        return {name: getattr(self, name) for name in type(self).model_fields}

    @model_validator(mode="after")
    def _usable(self) -> PressStyles:
        _unique_style_names(self.elements())
        for name, style in self.elements().items():
            if style.rule_below:
                raise ValueError(f"{name}: tin bài không dùng đường kẻ (rule_below)")
        return self


def _unique_style_names(styles: dict[str, ParagraphStyle]) -> None:
    """Raise when two elements share a style name: a clerk restyling one would change both."""
    seen: dict[str, str] = {}
    for element, style in styles.items():
        key = style.style_name.casefold()
        if key in seen:
            raise ValueError(
                f"{seen[key]} và {element} cùng tên kiểu «{style.style_name}»; "
                "mỗi mục cần một tên kiểu riêng"
            )
        seen[key] = element


class Layout(_Strict):
    """Placement choices: column widths of the two tables, signature space, draft mark."""

    header_left_mm: PositiveMillimetres
    signature_left_mm: PositiveMillimetres
    signature_space_lines: Annotated[int, Field(ge=0, le=12)] = 4
    draft_mark_position: Literal["before_document_type", "page_top"] = "before_document_type"


class Texts(_Strict):
    """Literal texts the templates print (the context never supplies these)."""

    template_title: Text
    party_title: Text | None = None
    national_title: Text | None = None
    motto: Text | None = None
    star: Text | None = None
    document_type: Text
    decision_heading: Text
    subject_rule: str = ""
    recipients_label: Text
    draft_mark: Text
    draft_mark_revision: Text

    @model_validator(mode="after")
    def _patterns(self) -> Texts:
        _check_pattern(self.draft_mark_revision, {"revision"})
        return self


class NumberForm(_Strict):
    """How the number and symbol line is written, e.g. "Số {number}-{type}/{issuer}"."""

    pattern: Text
    digits: Annotated[int, Field(ge=1, le=6)] = 2
    draft_blank: Text

    @model_validator(mode="after")
    def _patterns(self) -> NumberForm:
        _check_pattern(self.pattern, {"number", "type", "issuer"})
        return self


class SignatureForms(_Strict):
    """Signature authority lines: on behalf of a body, deputy, by order, by authority."""

    on_behalf: Text
    deputy: Text
    by_order: Text
    by_authority: Text

    @model_validator(mode="after")
    def _patterns(self) -> SignatureForms:
        _check_pattern(self.on_behalf, {"body"})
        for pattern in (self.deputy, self.by_order, self.by_authority):
            _check_pattern(pattern, {"title"})
        return self


class RecipientForms(_Strict):
    """One recipient line, and the last line naming where the original is filed.

    ``own_last`` is that last line when the data writes it itself ("Lưu Văn phòng Đảng ủy"):
    the clerk's words, with the profile's dash and final stop.
    """

    item: Text
    last: Text
    own_last: Text = "- {line}."

    @model_validator(mode="after")
    def _patterns(self) -> RecipientForms:
        _check_pattern(self.item, {"name"})
        _check_pattern(self.last, {"archive"})
        _check_pattern(self.own_last, {"line"})
        return self


class Forms(_Strict):
    """Text forms that differ between Party and state documents."""

    number: NumberForm
    date_line: Text
    signature: SignatureForms
    recipients: RecipientForms

    @model_validator(mode="after")
    def _patterns(self) -> Forms:
        _check_pattern(self.date_line, {"place", "day", "month", "year"})
        return self


class PressProfile(_Strict):
    """Layout of the press summary: a manuscript for a paper, not an official document."""

    template_title: Text
    font_family: Text
    photo_width_mm: PositiveMillimetres
    page: PageSetup
    margins: Margins
    styles: PressStyles

    @property
    def text_width_mm(self) -> float:
        """Return the width between the margins: the most a photo or a line can take."""
        return self.page.width_mm - self.margins.left_mm - self.margins.right_mm

    @model_validator(mode="after")
    def _fits(self) -> PressProfile:
        if self.text_width_mm <= 0:
            raise ValueError("lề trái và lề phải rộng hơn khổ giấy")
        if self.photo_width_mm > self.text_width_mm:
            raise ValueError(
                f"photo_width_mm {self.photo_width_mm:g} mm rộng hơn vùng chữ "
                f"{self.text_width_mm:g} mm"
            )
        return self


APPENDIX_COLUMNS = 8
"""STT, chỉ tiêu, đơn vị tính, kế hoạch, thực hiện, so với kế hoạch, so với cùng kỳ, đánh giá."""


class ReportTexts(_Strict):
    """Literal texts of the period report (báo cáo) and of its appendix table."""

    template_title: Text
    document_type: Text
    type_code: Annotated[str, Field(pattern=r"^[A-ZĐ][A-Za-zĐđ]*$")]
    issuer_code: Annotated[str, Field(pattern=r"^[A-ZĐ][A-Za-zĐđ]*$")] | None = None
    """The issuer's symbol in the number ("UBND"); none: the committee's own (HU, TU, ĐU)."""
    authority_body: Text
    heading_number: Text
    """How a heading or a task is numbered: "{number}-" (Party: "II-", "3-"), "{number}."."""
    appendix_label: Text
    columns: Annotated[list[Text], Field(min_length=APPENDIX_COLUMNS, max_length=APPENDIX_COLUMNS)]

    @model_validator(mode="after")
    def _patterns(self) -> ReportTexts:
        _check_pattern(self.heading_number, {"number"})
        return self


class ReportStyles(_Strict):
    """The report's own elements: part and field headings, the appendix and its table."""

    part_heading: ParagraphStyle
    subheading: ParagraphStyle
    appendix_label: ParagraphStyle
    appendix_title: ParagraphStyle
    appendix_subtitle: ParagraphStyle
    table_header: ParagraphStyle
    table_text: ParagraphStyle
    table_center: ParagraphStyle
    table_number: ParagraphStyle
    table_group: ParagraphStyle
    appendix_note: ParagraphStyle

    def elements(self) -> dict[str, ParagraphStyle]:
        """Return the styles by element name, so callers can loop over them."""
        return {name: getattr(self, name) for name in type(self).model_fields}


class ReportProfile(_Strict):
    """The period report: its template, texts, own styles and the appendix's column widths.

    The header, body and signature are the resolution's (``styles``): one family of forms.
    """

    template: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*\.docx$")]
    texts: ReportTexts
    column_widths_mm: Annotated[
        list[PositiveMillimetres],
        Field(min_length=APPENDIX_COLUMNS, max_length=APPENDIX_COLUMNS),
    ]
    styles: ReportStyles


class Profile(_Strict):
    """A whole format profile: the resolution's layout, the report's and the press summary's."""

    name: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
    title: Text
    description: Text
    kind: Literal["party", "state"]
    language: Text = "vi-VN"
    font_family: Text
    page: PageSetup
    margins: Margins
    layout: Layout
    texts: Texts
    forms: Forms
    styles: ResolutionStyles
    press: PressProfile
    report: ReportProfile | None = None
    unverified: list[Text] = Field(default_factory=list)

    @property
    def text_width_mm(self) -> float:
        """Return the width between the margins, which the two-column tables fill."""
        return self.page.width_mm - self.margins.left_mm - self.margins.right_mm

    @model_validator(mode="after")
    def _consistent(self) -> Profile:
        self._check_kind()
        if self.text_width_mm <= 0:
            raise ValueError("lề trái và lề phải rộng hơn khổ giấy")
        for key in ("header_left_mm", "signature_left_mm"):
            if getattr(self.layout, key) >= self.text_width_mm:
                raise ValueError(
                    f"layout.{key} phải nhỏ hơn vùng chữ ({self.text_width_mm:g} mm) "
                    "để cột bên phải còn chỗ"
                )
        for name, style in self.styles.elements().items():
            literal = getattr(self.texts, name, None) if name in LITERAL_ELEMENTS else None
            if style.caps and literal and literal != literal.upper():
                raise ValueError(f"texts.{name} phải viết in hoa vì styles.{name}.caps là true")
        if self.report is not None:
            _unique_style_names({**self.styles.elements(), **self.report.styles.elements()})
            table_mm = sum(self.report.column_widths_mm)
            if table_mm > self.text_width_mm + 0.01:
                raise ValueError(
                    f"report.column_widths_mm cộng lại {table_mm:g} mm, rộng hơn vùng chữ "
                    f"({self.text_width_mm:g} mm); thu hẹp các cột"
                )
        for path in self.unverified:
            if _resolve(self, path) is None:
                raise ValueError(f"unverified: không có mục «{path}» trong thể thức")
        return self

    def _check_kind(self) -> None:
        """Raise when the title elements of the other kind appear: never mix the two forms."""
        own, other = ("party_title", "star"), ("national_title", "motto")
        if self.kind == "state":
            own, other = other, own
        for name in own:
            if getattr(self.texts, name) is None or getattr(self.styles, name) is None:
                raise ValueError(f"thể thức kind: {self.kind} cần texts.{name} và styles.{name}")
        for name in other:
            if getattr(self.texts, name) is not None or getattr(self.styles, name) is not None:
                raise ValueError(
                    f"thể thức kind: {self.kind} không dùng {name}; "
                    "không trộn thể thức của Đảng và của Nhà nước"
                )

    def for_report(self) -> Profile:
        """Return this profile as the period report reads it: its type line and title.

        Raise ``UserError`` when the profile has no ``report`` section.
        """
        if self.report is None:
            raise UserError(
                f"thể thức {self.name} không có mục report (báo cáo)",
                "Dùng thể thức hd36 hoặc nd30, hoặc chép mục report từ profiles/hd36.yaml.",
            )
        texts = self.texts.model_copy(
            update={
                "document_type": self.report.texts.document_type,
                "template_title": self.report.texts.template_title,
            }
        )
        return self.model_copy(update={"texts": texts})

    def is_unverified(self, path: str) -> bool:
        """Return whether ``path`` (dotted) or a group holding it is marked unverified."""
        return any(path == mark or path.startswith(f"{mark}.") for mark in self.unverified)

    def number_line(self, number: int | None, type_code: str, issuer_code: str) -> str:
        """Return the number and symbol line; ``None`` leaves the blank a draft needs."""
        form = self.forms.number
        shown = form.draft_blank if number is None else f"{number:0{form.digits}d}"
        return form.pattern.format(number=shown, type=type_code, issuer=issuer_code)

    def draft_mark_text(self, revision: int | None = None) -> str:
        """Return the draft mark: the plain one, or the numbered one from the second round."""
        if revision is None or revision <= 1:
            return self.texts.draft_mark
        return self.texts.draft_mark_revision.format(revision=revision)

    def authority_line(self, body: str) -> str:
        """Return the "on behalf of" line of the signature for ``body``."""
        return self.forms.signature.on_behalf.format(body=body)

    def recipient_line(self, name: str) -> str:
        """Return one recipients line, with the profile's dash and ending punctuation.

        A name typed with its own ending ("Ban Thường vụ Tỉnh ủy (b/c),", as the clerk sees
        it on paper) loses it: the profile's is the one printed.
        """
        return self.forms.recipients.item.format(name=_without_ending(name))

    def archive_line(self, archive: str) -> str:
        """Return the last recipients line, naming where the original is filed."""
        return self.forms.recipients.last.format(archive=archive)

    def own_archive_line(self, line: str) -> str:
        """Return the last recipients line as the data writes it ("Lưu Văn phòng"), its first
        letter a capital as every line of the block has."""
        line = _without_ending(line)
        return self.forms.recipients.own_last.format(line=line[:1].upper() + line[1:])


def _without_ending(text: str) -> str:
    """Return ``text`` without the list punctuation typed at its end (",", ";", ".")."""
    return text.rstrip(" ,;.")


def _resolve(model: BaseModel, path: str) -> object | None:
    """Return the value at a dotted ``path`` of ``model``, or None when there is none."""
    node: object = model
    for part in path.split("."):
        if not isinstance(node, BaseModel) or part not in type(node).model_fields:
            return None
        node = getattr(node, part)
        if node is None:
            return None
    return node


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


def profile_dirs() -> list[Path]:
    """Return the folders holding built-in profiles: the repository's, then the installed one."""
    here = Path(__file__).resolve().parent
    candidates = [here.parent / "profiles", here / "_data" / "profiles"]
    return [folder for folder in candidates if folder.is_dir()]


def available_profiles() -> list[str]:
    """Return the names of the built-in profiles, so a clerk can be told what to choose."""
    names = {
        path.stem
        for folder in profile_dirs()
        for path in folder.iterdir()
        if path.suffix.lower() in PROFILE_SUFFIXES and path.is_file()
    }
    return sorted(names)


def profile_path(name_or_path: str) -> Path:
    """Return the file a profile name or path designates; a name must be a built-in one."""
    looks_like_path = (
        name_or_path.lower().endswith(PROFILE_SUFFIXES)
        or "/" in name_or_path
        or "\\" in name_or_path
    )
    if looks_like_path:
        return Path(name_or_path)
    for folder in profile_dirs():
        for suffix in PROFILE_SUFFIXES:
            candidate = folder / f"{name_or_path}{suffix}"
            if candidate.is_file():
                return candidate
    choices = ", ".join(available_profiles()) or "(không tìm thấy thư mục profiles)"
    raise UserError(
        f"không có thể thức tên «{name_or_path}»",
        f"Chọn một trong: {choices}; hoặc ghi đường dẫn tới tệp thể thức .yaml của bạn.",
    )


def load_profile(name_or_path: str = DEFAULT_PROFILE) -> Profile:
    """Return the validated profile named ``name_or_path`` (built-in) or stored at that path."""
    path = profile_path(name_or_path)
    raw = yamlio.load(path, "một tệp thể thức .yaml")
    if not isinstance(raw, dict):
        raise UserError(
            "tệp thể thức phải là một nhóm mục dạng khóa: giá trị",
            "Mở một tệp có sẵn trong thư mục profiles/ làm mẫu.",
            where=str(path),
        )
    try:
        return Profile.model_validate(raw)
    except ValidationError as error:
        problems = findings_of(error, Profile)
        listed = "\n".join(f"  - {problem.describe()}" for problem in problems)
        raise UserError(
            f"tệp thể thức có {len(problems)} lỗi:\n{listed}",
            "Sửa các mục trên (so với profiles/hd36.yaml) rồi chạy lại.",
            where=str(path),
        ) from None

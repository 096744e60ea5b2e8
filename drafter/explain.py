"""Vietnamese reasons for validation errors, shared by data files, profiles, wizard and batch.

pydantic reports an error as a type, a location and a context; a clerk needs the key path as
it is written in the file, what is wrong, and, for a misspelt key, the key that was meant.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from drafter.errors import Finding

_REASONS: dict[str, str] = {
    "missing": "thiếu mục bắt buộc này",
    "string_type": "cần một đoạn chữ",
    "string_too_short": "không được để trống",
    "string_pattern_mismatch": "chỉ dùng chữ thường không dấu, chữ số, '-' và '_'",
    "float_type": "cần một con số",
    "float_parsing": "cần một con số",
    "int_type": "cần một số nguyên",
    "int_parsing": "cần một số nguyên",
    "int_from_float": "cần một số nguyên, không có phần thập phân",
    "bool_type": "cần true (có) hoặc false (không)",
    "bool_parsing": "cần true (có) hoặc false (không)",
    "date_type": "cần một ngày, dạng 2023-09-15 hoặc 15/9/2023",
    "date_parsing": "cần một ngày, dạng 2023-09-15 hoặc 15/9/2023",
    "date_from_datetime_parsing": "cần một ngày, dạng 2023-09-15 hoặc 15/9/2023",
    "date_from_datetime_inexact": "cần một ngày, không kèm giờ",
    "decimal_type": "cần một con số, ví dụ 35,8 hoặc 2.865",
    "decimal_parsing": "cần một con số, ví dụ 35,8 hoặc 2.865",
    "list_type": "cần một danh sách: mỗi mục một dòng bắt đầu bằng '- '",
    "dict_type": "cần một nhóm mục dạng khóa: giá trị",
    "model_type": "cần một nhóm mục dạng khóa: giá trị",
    "model_attributes_type": "cần một nhóm mục dạng khóa: giá trị",
}
_BOUNDS = {
    "greater_than": ("gt", ">"),
    "greater_than_equal": ("ge", "≥"),
    "less_than": ("lt", "<"),
    "less_than_equal": ("le", "≤"),
}


def explain(detail: ErrorDetails, root: type[BaseModel] | None = None) -> str:
    """Return the Vietnamese reason of one pydantic error.

    With ``root`` (the model validated), an unknown key gets the nearest key allowed at that
    very place as a suggestion.
    """
    kind = detail["type"]
    ctx = detail.get("ctx") or {}
    if kind == "value_error":
        return str(detail["msg"]).removeprefix("Value error, ")
    if kind == "extra_forbidden":
        name = str(detail["loc"][-1]) if detail["loc"] else ""
        known = fields_at(root, detail["loc"][:-1]) if root is not None else []
        guess = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f"; có phải là '{guess[0]}'?" if guess else "; hãy xóa hoặc sửa tên mục"
        return f"mục '{name}' không có ở đây{hint}"
    if kind == "literal_error":
        choices = str(ctx.get("expected", "")).replace(" or ", " hoặc ")
        return f"giá trị {_shown(detail.get('input'))} không hợp lệ; chọn một trong: {choices}"
    if kind in _BOUNDS:
        key, sign = _BOUNDS[kind]
        return f"phải {sign} {ctx.get(key)} (đang là {_shown(detail.get('input'))})"
    if kind == "too_short":
        return f"cần ít nhất {ctx.get('min_length')} mục"
    if kind.startswith("date_"):
        return _REASONS.get(kind, _REASONS["date_parsing"])
    return _REASONS.get(kind, str(detail["msg"]))


def format_path(loc: Iterable[int | str]) -> str:
    """Return a pydantic location as ``indicators[2].comparisons[0].base``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def fields_at(root: type[BaseModel], loc: Iterable[int | str]) -> list[str]:
    """Return the keys the model allows at ``loc`` (list indexes skipped)."""
    model: type[BaseModel] | None = root
    for part in loc:
        if model is None:
            return []
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        model = _model_in(field.annotation) if field is not None else None
    return list(model.model_fields) if model is not None else []


def _model_in(annotation: object) -> type[BaseModel] | None:
    """Return the model class inside an annotation such as ``X | None`` or ``list[X]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        for argument in typing.get_args(annotation):
            found = _model_in(argument)
            if found is not None:
                return found
    return None


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "…"


def findings_of(
    error: ValidationError,
    root: type[BaseModel],
    line_of: Callable[[Sequence[int | str]], int | None] | None = None,
) -> list[Finding]:
    """Return each refusal in ``error`` as a ``Finding``: field path, Vietnamese reason, line.

    The one place a pydantic error becomes what a clerk reads, for data files, profiles and
    the wizard's answers alike.
    """
    return [
        Finding(
            format_path(detail["loc"]),
            explain(detail, root),
            line=line_of(detail["loc"]) if line_of is not None else None,
        )
        for detail in error.errors()
    ]

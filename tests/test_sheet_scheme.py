"""The column scheme: every column and indicator field fills a field of the model."""

from __future__ import annotations

from drafter.sheet import COLUMNS, INDICATOR_FIELDS
from drafter.sheet.scheme import SCHEME, annotation_at, parse_path


def test_every_scheme_column_fills_a_model_field() -> None:
    for column in COLUMNS:
        assert column.kind, column
        parts = parse_path(column.path)
        assert annotation_at(parts) is not None, column.path
    for item in INDICATOR_FIELDS:
        assert annotation_at(("indicators", 0, *parse_path(item.path)))


def test_the_short_template_names_columns_of_the_scheme() -> None:
    headers = {column.header for column in COLUMNS}
    assert set(SCHEME.short_columns) <= headers
    assert set(SCHEME.short_indicator_fields) <= {item.suffix for item in INDICATOR_FIELDS}
    assert SCHEME.footer_starts and SCHEME.footer_max_cells >= 1

"""Command line options of ``drafter batch`` that fit the clerk's own sheet: ``--map``,
``--map-file``, ``--strict-columns`` and the short template (``--short``).

Kept apart from ``cli.py`` so that the command line module stays readable; imports nothing
heavy, so ``drafter --help`` still answers at once.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from drafter.sheet import Fit


def add_sheet_options(batch: argparse.ArgumentParser) -> None:
    """Add the options that fit a clerk's own sheet to the ``batch`` parser."""
    batch.add_argument(
        "--short",
        action="store_true",
        help="cùng --template-csv: bảng mẫu ngắn, chỉ các cột phần lớn văn phòng cần",
    )
    batch.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="TIÊU_ĐỀ=TIÊU_ĐỀ_DRAFTER",
        help='ghép tiêu đề cột của bảng với tiêu đề drafter, ví dụ --map "Tên xã=Tên cấp ủy" '
        "(ghi nhiều lần được)",
    )
    batch.add_argument(
        "--map-file",
        type=Path,
        default=None,
        metavar="TỆP",
        help="tệp .yaml (mỗi dòng 'Tiêu đề của bảng: Tiêu đề drafter') hoặc .csv (hai cột) "
        "ghép tiêu đề",
    )
    batch.add_argument(
        "--strict-columns",
        action="store_true",
        help="từ chối bảng có cột drafter không biết (mặc định: bỏ qua cột đó và nhắc)",
    )


def sheet_fit(args: argparse.Namespace) -> Fit:
    """Return how to read the sheet, from the options; a bad mapping raises ``UserError``."""
    from drafter.errors import UserError
    from drafter.sheet import Fit, column_mapping

    if args.short:
        raise UserError(
            "--short chỉ dùng khi tạo bảng mẫu",
            "Ghi: drafter batch --template-csv MẪU.xlsx --short",
            where="--short",
        )
    mapping = column_mapping(args.map, args.map_file)
    return Fit(mapping=mapping, strict_columns=args.strict_columns)

"""Command line: options become one call; errors become a message and an exit code.

Heavy modules (pydantic, docx, babel) are imported inside the command functions so that
``drafter --help`` answers at once. Exit codes: 0 done, 1 some batch rows failed or a check
found deviations, 2 bad input (nothing written).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from drafter import __version__

Command = Callable[[argparse.Namespace], int]


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Help in Vietnamese: argparse's own English headings replaced."""

    def add_usage(
        self,
        usage: str | None,
        actions: Sequence[argparse.Action] | object,
        groups: object,
        prefix: str | None = None,
    ) -> None:
        if prefix is None:
            prefix = "Cách dùng: "
        super().add_usage(usage, actions, groups, prefix)  # type: ignore[arg-type]


_ARGPARSE_WORDS = (
    ("the following arguments are required", "thiếu đối số bắt buộc"),
    ("unrecognized arguments", "không hiểu các đối số"),
    ("invalid choice", "lựa chọn không hợp lệ"),
    ("choose from", "chọn một trong"),
    ("expected one argument", "cần một giá trị"),
    ("argument ", "đối số "),
)


class _Parser(argparse.ArgumentParser):
    """An argument parser whose own errors are said in Vietnamese, with the remedy."""

    def error(self, message: str) -> NoReturn:
        for english, vietnamese in _ARGPARSE_WORDS:
            message = message.replace(english, vietnamese)
        self.print_usage(sys.stderr)
        self.exit(2, f"Lỗi: {message}\n  → Xem hướng dẫn: {self.prog} --help\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="drafter",
        description=(
            "Soạn dự thảo nghị quyết và tin bài hội nghị Ban Chấp hành định kỳ "
            "(quý, 6 tháng, 9 tháng, năm) từ một tệp dữ liệu."
        ),
        epilog=(
            "Ví dụ:\n"
            "  drafter validate examples/bac-son-9-thang-2023.yaml\n"
            "  drafter render examples/bac-son-9-thang-2023.yaml --out out --pdf"
        ),
        formatter_class=_Formatter,
        add_help=False,
    )
    _localise(parser)
    parser.add_argument(
        "--version", action="version", version=f"drafter {__version__}", help="in số phiên bản"
    )
    commands = parser.add_subparsers(
        title="các lệnh", dest="command", metavar="LỆNH", parser_class=_Parser
    )

    validate = _subcommand(commands, "validate", "kiểm tra tệp dữ liệu, báo mọi lỗi một lần")
    validate.add_argument("files", nargs="+", type=Path, metavar="TỆP", help="tệp .yaml hoặc .json")
    validate.set_defaults(run=_run_validate)

    schema = _subcommand(commands, "schema", "in JSON Schema của tệp dữ liệu")
    schema.set_defaults(run=_run_schema)

    render = _subcommand(commands, "render", "soạn văn bản DOCX (và PDF) từ tệp dữ liệu")
    render.add_argument("data", type=Path, metavar="TỆP", help="tệp dữ liệu .yaml hoặc .json")
    render.add_argument(
        "--doc",
        choices=["resolution", "press", "all"],
        default=None,
        help="văn bản cần soạn: resolution (nghị quyết), press (tin bài), all (cả hai); "
        "mặc định theo options.documents trong tệp dữ liệu",
    )
    render.add_argument(
        "--out",
        type=Path,
        default=Path("out"),
        metavar="THƯ_MỤC",
        help="thư mục ghi (mặc định: out)",
    )
    render.add_argument(
        "--template", type=Path, default=None, metavar="TỆP", help="mẫu DOCX riêng thay mẫu có sẵn"
    )
    render.add_argument(
        "--profile", default=None, metavar="TÊN", help="thể thức: hd36 (Đảng, mặc định) hoặc nd30"
    )
    render.add_argument("--pdf", action="store_true", help="xuất thêm PDF bằng LibreOffice")
    render.add_argument("--overwrite", action="store_true", help="cho phép ghi đè tệp đã có")
    render.set_defaults(run=_run_render)
    return parser


def _subcommand(
    commands: argparse._SubParsersAction[_Parser], name: str, summary: str
) -> _Parser:
    parser = commands.add_parser(
        name, help=summary, description=summary, formatter_class=_Formatter, add_help=False
    )
    _localise(parser)
    return parser


def _localise(parser: argparse.ArgumentParser) -> None:
    parser._positionals.title = "đối số"
    parser._optionals.title = "tùy chọn"
    parser.add_argument("-h", "--help", action="help", help="xem hướng dẫn này rồi thoát")


# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------


def _run_validate(args: argparse.Namespace) -> int:
    from drafter.datafile import check_file

    failed = 0
    for path in args.files:
        problems = check_file(path)
        if problems:
            failed += 1
            _err(f"✗ {path}: {len(problems)} lỗi")
            for problem in problems:
                _err(f"  - {problem.describe()}")
        else:
            print(f"✓ {path}: hợp lệ")
    if failed:
        _err("Sửa các lỗi trên rồi chạy lại drafter validate.")
        return 2
    return 0


def _run_schema(args: argparse.Namespace) -> int:
    import json

    from drafter.models import Report

    print(json.dumps(Report.model_json_schema(), ensure_ascii=False, indent=2))
    return 0


def _run_render(args: argparse.Namespace) -> int:
    from drafter.api import draft

    written = draft(
        args.data,
        out_dir=args.out,
        documents=None if args.doc is None else _documents(args.doc),
        template=args.template,
        profile=args.profile,
        pdf=args.pdf,
        overwrite=args.overwrite,
    )
    for path in written:
        print(f"✓ đã ghi {path}")
    return 0


def _documents(choice: str) -> list[str]:
    return ["resolution", "press"] if choice == "all" else [choice]


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    run: Command | None = getattr(args, "run", None)
    if run is None:
        parser.print_help()
        return 2
    from drafter.errors import DrafterError

    try:
        return run(args)
    except DrafterError as error:
        _err(f"Lỗi: {error}")
        return error.exit_code
    except KeyboardInterrupt:
        _err("Đã dừng theo yêu cầu; không tệp nào bị ghi dở.")
        return 130

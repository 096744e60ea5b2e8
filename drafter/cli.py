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
from typing import TYPE_CHECKING, NoReturn

from drafter import __version__
from drafter.cli_phrases import run_phrases_list, run_phrases_show
from drafter.cli_sheet import add_sheet_options, sheet_fit
from drafter.cli_templates import run_templates_check, run_templates_list, run_templates_new

if TYPE_CHECKING:
    from drafter.api import Choices

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
        "--out",
        type=Path,
        default=Path("out"),
        metavar="THƯ_MỤC",
        help="thư mục ghi (mặc định: out)",
    )
    _drafting_options(render, source="trong tệp dữ liệu")
    render.set_defaults(run=_run_render)
    _explain_command(commands)
    _phrases_commands(commands)
    _wizard_command(commands)
    _check_commands(commands)
    _batch_command(commands)
    _serve_command(commands)
    return parser


def _explain_command(commands: argparse._SubParsersAction[_Parser]) -> None:
    from drafter.models.scalars import DOCUMENT_KINDS

    explain = _subcommand(
        commands,
        "explain",
        "in từng câu của văn bản cùng câu mẫu đã viết nó và các trường dữ liệu nó dùng",
    )
    explain.add_argument("data", type=Path, metavar="TỆP", help="tệp dữ liệu .yaml hoặc .json")
    explain.add_argument(
        "--doc",
        choices=[*DOCUMENT_KINDS, "all"],
        default=None,
        help="văn bản: resolution (nghị quyết), press (tin bài), report (báo cáo), all (cả ba); "
        "mặc định theo options.documents trong tệp dữ liệu",
    )
    explain.add_argument(
        "--profile", default=None, metavar="TÊN", help="thể thức: hd36 (Đảng) hoặc nd30"
    )
    explain.add_argument(
        "--width", type=int, default=80, metavar="SỐ", help="số cột mỗi dòng (mặc định: 80)"
    )
    _phrasebank_option(explain)
    explain.add_argument(
        "--variant",
        action="append",
        default=[],
        type=_variant,
        metavar="VỊ_TRÍ=MÃ",
        help="chọn câu mẫu cho một vị trí, như ở drafter render",
    )
    explain.set_defaults(run=_run_explain)


def _serve_command(commands: argparse._SubParsersAction[_Parser]) -> None:
    from drafter.cli_web import add_serve_options, run_serve

    serve = _subcommand(
        commands, "serve", "mở drafter trong trình duyệt: soạn, xem trước và tải văn bản"
    )
    add_serve_options(serve)
    serve.set_defaults(run=run_serve)


def _batch_command(commands: argparse._SubParsersAction[_Parser]) -> None:
    batch = _subcommand(
        commands, "batch", "soạn văn bản cho nhiều đơn vị một lần từ tệp CSV hoặc Excel (XLSX)"
    )
    batch.add_argument(
        "input",
        type=Path,
        nargs="?",
        metavar="TỆP",
        help="tệp .csv hoặc .xlsx, mỗi đơn vị một dòng",
    )
    batch.add_argument(
        "--template-csv",
        type=Path,
        default=None,
        metavar="TỆP",
        help="ghi tệp .csv hoặc .xlsx trống có đủ tiêu đề cột và một dòng mẫu, rồi thoát",
    )
    batch.add_argument(
        "--base",
        type=Path,
        default=None,
        metavar="TỆP",
        help="giá trị chung cho mọi dòng: tệp .csv/.xlsx hai cột (tiêu đề; giá trị) hoặc tệp "
        "dữ liệu .yaml; giá trị trên dòng được ưu tiên (tệp .xlsx cũng có thể có trang 'chung')",
    )
    batch.add_argument(
        "--indicators",
        type=Path,
        default=None,
        metavar="TỆP",
        help="tệp chỉ tiêu dạng dọc (mỗi chỉ tiêu một dòng, có cột Mã đơn vị)",
    )
    batch.add_argument(
        "--out-dir", type=Path, default=Path("out"), metavar="THƯ_MỤC", help="thư mục ghi"
    )
    batch.add_argument(
        "--jobs", type=int, default=None, metavar="N", help="số tiến trình (mặc định: số lõi CPU)"
    )
    batch.add_argument(
        "--name",
        default=None,
        metavar="MẪU",
        help="mẫu tên tệp, ví dụ '{{ unit }}_{{ doc }}_{{ date }}' "
        "(biến: unit, issuer, doc, date, period, row)",
    )
    batch.add_argument(
        "--errors",
        type=Path,
        default=None,
        metavar="TỆP",
        help="ghi danh sách lỗi cần sửa ra tệp CSV (mặc định: THƯ_MỤC/loi-can-sua.csv)",
    )
    add_sheet_options(batch)
    _drafting_options(batch, source="của từng dòng")
    batch.set_defaults(run=_run_batch)


def _wizard_command(commands: argparse._SubParsersAction[_Parser]) -> None:
    wizard = _subcommand(
        commands,
        "wizard",
        "hỏi đáp từng bước để soạn tệp dữ liệu hội nghị (lưu sau mỗi câu), rồi ghi văn bản",
    )
    wizard.add_argument(
        "--from",
        dest="from_file",
        type=Path,
        default=None,
        metavar="TỆP_KỲ_TRƯỚC",
        help="dùng lại tệp dữ liệu kỳ trước: giữ cấp ủy, người chủ trì, tên và chỉ tiêu giao; "
        "tự chuyển sang kỳ tiếp theo",
    )
    wizard.add_argument(
        "--resume",
        type=Path,
        default=None,
        metavar="TỆP",
        help="soạn tiếp tệp đang dở, từ câu hỏi chưa trả lời",
    )
    wizard.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="TỆP",
        help="tệp dữ liệu ghi ra (mặc định: du-lieu-hoi-nghi.yaml; với --resume: chính tệp đó)",
    )
    wizard.set_defaults(run=_run_wizard)


def _check_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    check = _subcommand(
        commands, "check", "kiểm tra thể thức của văn bản DOCX (lề, phông, số ký hiệu, ngày, …)"
    )
    check.add_argument("files", nargs="+", type=Path, metavar="TỆP", help="tệp .docx cần kiểm tra")
    check.add_argument(
        "--profile",
        default=None,
        metavar="TÊN",
        help="thể thức: hd36 (Đảng) hoặc nd30 (Nhà nước); mặc định tự nhận theo tiêu đề văn bản",
    )
    check.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    check.add_argument(
        "--render",
        action="store_true",
        help="dựng trang bằng LibreOffice để xem bố cục trang (trang cuối không chỉ có chữ ký)",
    )
    check.set_defaults(run=_run_check)

    templates = _subcommand(commands, "templates", "xem, sao chép và kiểm tra mẫu DOCX")
    templates.set_defaults(run=_run_templates_help, templates_parser=templates)
    group = templates.add_subparsers(
        title="các lệnh", dest="templates_command", metavar="LỆNH", parser_class=_Parser
    )
    listing = _subcommand(group, "list", "liệt kê các mẫu có sẵn")
    listing.set_defaults(run=run_templates_list)
    new = _subcommand(group, "new", "sao chép một mẫu có sẵn thành mẫu riêng để sửa trong Word")
    new.add_argument("name", type=Path, metavar="TÊN", help="tệp mẫu mới (thêm .docx nếu thiếu)")
    new.add_argument(
        "--from",
        dest="source",
        default="nghi-quyet-hoi-nghi",
        metavar="MẪU",
        help="mẫu có sẵn để sao chép (mặc định: nghi-quyet-hoi-nghi; xem drafter templates list)",
    )
    new.add_argument("--overwrite", action="store_true", help="cho phép ghi đè tệp đã có")
    new.set_defaults(run=run_templates_new)
    check_template = _subcommand(
        group,
        "check",
        "tìm lỗi trong mẫu DOCX: thẻ sai cú pháp, thẻ bị tách, dấu nháy cong, biến không có, "
        "vòng lặp làm vỡ bảng",
    )
    check_template.add_argument("files", nargs="+", type=Path, metavar="TỆP", help="tệp mẫu .docx")
    check_template.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    check_template.set_defaults(run=run_templates_check)


def _phrases_commands(commands: argparse._SubParsersAction[_Parser]) -> None:
    phrases = _subcommand(commands, "phrases", "xem và kiểm tra kho câu mẫu")
    phrases.set_defaults(run=_run_phrases_help, phrases_parser=phrases)
    group = phrases.add_subparsers(
        title="các lệnh", dest="phrases_command", metavar="LỆNH", parser_class=_Parser
    )
    listing = _subcommand(group, "list", "liệt kê câu mẫu theo vị trí")
    listing.add_argument("--slot", default=None, metavar="VỊ_TRÍ", help="chỉ một vị trí")
    _phrasebank_option(listing)
    listing.set_defaults(run=run_phrases_list)
    show = _subcommand(group, "show", "in một câu mẫu và một lần điền thử trên tệp dữ liệu")
    show.add_argument("id", metavar="MÃ", help="mã câu mẫu, ví dụ press.lead.review")
    _data_option(show, "tệp dữ liệu để điền thử (mặc định: các tệp ví dụ)")
    _phrasebank_option(show)
    show.set_defaults(run=run_phrases_show)
    lint = _subcommand(
        group,
        "lint",
        "kiểm tra kho câu mẫu: cú pháp, biến, điều kiện, chính tả, lỗi hay gặp, câu trùng",
    )
    _phrasebank_option(lint)
    lint.add_argument(
        "--without-builtin",
        action="store_true",
        help="chỉ kiểm tra thư mục --phrasebank như một kho đầy đủ, không gộp kho có sẵn",
    )
    _data_option(lint, "tệp dữ liệu để điền thử mọi câu mẫu (mặc định: các tệp ví dụ)")
    lint.set_defaults(run=_run_phrases_lint)


def _drafting_options(parser: argparse.ArgumentParser, *, source: str) -> None:
    """Add the options every drafting command shares; ``source`` says where the defaults are.

    ``_choices`` reads them back, the same way for every command.
    """
    from drafter.models.scalars import DOCUMENT_KINDS

    parser.add_argument(
        "--doc",
        choices=[*DOCUMENT_KINDS, "all"],
        default=None,
        help="văn bản cần soạn: resolution (nghị quyết), press (tin bài), report (báo cáo kèm "
        f"phụ lục chỉ tiêu), all (cả ba); mặc định theo options.documents {source}",
    )
    parser.add_argument(
        "--template", type=Path, default=None, metavar="TỆP", help="mẫu DOCX riêng (với --doc)"
    )
    parser.add_argument(
        "--profile",
        default=None,
        metavar="TÊN",
        help=f"thể thức: hd36 (Đảng) hoặc nd30; mặc định theo options.profile {source}",
    )
    parser.add_argument("--pdf", action="store_true", help="xuất thêm PDF bằng LibreOffice")
    parser.add_argument("--overwrite", action="store_true", help="cho phép ghi đè tệp đã có")
    parser.add_argument(
        "--reproducible",
        action="store_true",
        help="ghi ngày tạo tệp là ngày họp (cùng dữ liệu cho ra cùng tệp), thay cho giờ soạn",
    )
    _phrasebank_option(parser)
    parser.add_argument(
        "--variant",
        action="append",
        default=[],
        type=_variant,
        metavar="VỊ_TRÍ=MÃ",
        help="chọn câu mẫu cho một vị trí, ví dụ press.lead=press.lead.review "
        "(dùng nhiều lần được; thay cho options.variants)",
    )


def _phrasebank_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--phrasebank",
        type=Path,
        default=None,
        metavar="THƯ_MỤC",
        help="thư mục câu mẫu riêng (*.yaml): thêm câu mẫu, hoặc thay câu mẫu cùng mã",
    )


def _data_option(parser: argparse.ArgumentParser, summary: str) -> None:
    parser.add_argument(
        "--data", type=Path, action="append", default=None, metavar="TỆP", help=summary
    )


def _variant(text: str) -> tuple[str, str]:
    slot, sep, entry = text.partition("=")
    if not sep or not slot.strip() or not entry.strip():
        raise argparse.ArgumentTypeError(
            f"'{text}' cần có dạng VỊ_TRÍ=MÃ, ví dụ press.lead=press.lead.review"
        )
    return slot.strip(), entry.strip()


def _subcommand(commands: argparse._SubParsersAction[_Parser], name: str, summary: str) -> _Parser:
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
    from drafter.datafile import check_file, load_report
    from drafter.models import direction_notes

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
            for note in direction_notes(load_report(path).indicators):
                print(f"  ℹ {note}")
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
    from drafter.api import Drafter

    session = Drafter(_choices(args), phrasebank=args.phrasebank)
    for path in session.draft(args.data, args.out, overwrite=args.overwrite, pdf=args.pdf):
        print(f"✓ đã ghi {path}")
    return 0


def _run_explain(args: argparse.Namespace) -> int:
    from drafter.api import Choices, Drafter
    from drafter.datafile import load_report
    from drafter.provenance import format_explanation

    choices = Choices(
        documents=None if args.doc is None else tuple(_documents(args.doc)),
        profile=args.profile,
        variants=_variants(args.variant),
    )
    session = Drafter(choices, phrasebank=args.phrasebank)
    explained = session.explain(load_report(args.data))
    documents = [(document.kind, document.sentences) for document in explained]
    sys.stdout.write(format_explanation(documents, max(args.width, 40)))
    return 0


def _choices(args: argparse.Namespace) -> Choices:
    """Return the choices of a drafting command: what its flags say over the data file."""
    from drafter.api import Choices
    from drafter.naming import DEFAULT_PATTERN

    return Choices(
        documents=None if args.doc is None else tuple(_documents(args.doc)),
        profile=args.profile,
        template=args.template,
        variants=_variants(args.variant),
        pattern=getattr(args, "name", None) or DEFAULT_PATTERN,
        reproducible=args.reproducible,
    )


def _variants(pairs: Sequence[tuple[str, str]]) -> dict[str, str]:
    from drafter.errors import UserError

    chosen: dict[str, str] = {}
    for slot, entry in pairs:
        if chosen.get(slot, entry) != entry:
            raise UserError(
                f"vị trí {slot} được chọn hai câu mẫu khác nhau ({chosen[slot]}, {entry})",
                "Chỉ ghi --variant một lần cho mỗi vị trí.",
            )
        chosen[slot] = entry
    return chosen


def _run_phrases_help(args: argparse.Namespace) -> int:
    args.phrases_parser.print_help()
    return 2


def _run_phrases_lint(args: argparse.Namespace) -> int:
    from drafter.lint import lint
    from drafter.phrasebank import phrasebank_folders

    folders = phrasebank_folders(args.phrasebank, builtin=not args.without_builtin)
    report = lint(folders, samples=args.data)
    if "spelling" in report.skipped:
        _err(
            "Bỏ qua kiểm tra chính tả: chưa cài hunspell và từ điển tiếng Việt "
            "(apt-get install hunspell hunspell-vi)."
        )
    if "render" in report.skipped:
        _err("Bỏ qua điền thử: không có tệp dữ liệu mẫu (dùng --data TỆP).")
    for finding in report.findings:
        print(finding.describe())
    if report.findings:
        _err(
            f"✗ {len(report.findings)} lỗi trong {report.entries} câu mẫu; "
            "sửa các câu mẫu trên rồi chạy lại drafter phrases lint."
        )
        return 1
    print(f"✓ kho câu mẫu: {report.entries} câu mẫu, không có lỗi.")
    return 0


def _run_wizard(args: argparse.Namespace) -> int:
    from drafter.wizard import main as wizard_main
    from drafter.wizard import memory_path

    return wizard_main(
        out=args.out, from_file=args.from_file, resume=args.resume, memory=memory_path()
    )


def _run_check(args: argparse.Namespace) -> int:
    from drafter.check import check_file, format_table, to_json
    from drafter.errors import UserError

    results = []
    errors = []
    for path in args.files:
        try:
            results.append(check_file(path, args.profile, render=args.render))
        except UserError as error:
            errors.append((path, error.message))
            if not args.json:
                _err(f"Lỗi: {error.message}")
        else:
            if not args.json:
                print(format_table(results[-1]))
    if args.json:
        print(to_json(results, errors))
    if errors:
        return 2
    return 1 if any(result.findings for result in results) else 0


def _run_templates_help(args: argparse.Namespace) -> int:
    args.templates_parser.print_help()
    return 2


def _run_batch(args: argparse.Namespace) -> int:
    import os

    from drafter.errors import UserError

    if args.template_csv is not None:
        from drafter.sheet import write_template

        write_template(args.template_csv, short=args.short)
        print(f"✓ đã ghi {args.template_csv}")
        return 0
    if args.input is None:
        raise UserError(
            "thiếu tệp dữ liệu CSV hoặc XLSX",
            "Ghi: drafter batch TỆP.csv (hoặc --template-csv TỆP để lấy tệp mẫu).",
        )
    if args.jobs is not None and args.jobs < 1:
        raise UserError(f"--jobs {args.jobs} không hợp lệ", "Dùng một số nguyên từ 1 trở lên.")
    from drafter.batch import Settings, run_batch
    from drafter.console import BatchProgress, estimate_rows, print_batch_summary

    fit = sheet_fit(args)

    if args.template is not None and args.doc is None:  # one template cannot serve both
        from drafter.api import refuse_one_template_for_many
        from drafter.models.scalars import DOCUMENT_KINDS

        refuse_one_template_for_many(args.template, DOCUMENT_KINDS)
    settings = Settings(
        _choices(args), args.out_dir, overwrite=args.overwrite, phrasebank=args.phrasebank
    )
    errors_file = args.errors or args.out_dir / "loi-can-sua.csv"
    on_terminal = sys.stderr.isatty()
    estimate = estimate_rows(args.input) if on_terminal else None
    with BatchProgress(enabled=on_terminal, estimate=estimate) as progress:
        summary = run_batch(
            args.input,
            settings,
            base=args.base,
            indicators=args.indicators,
            jobs=args.jobs or os.cpu_count() or 1,
            pdf=args.pdf,
            errors_file=errors_file,
            progress=progress,
            fit=fit,
        )
    print_batch_summary(summary, errors_file)
    return 1 if summary.errors else 0


def _documents(choice: str) -> list[str]:
    """Return the kinds ``--doc`` names: "all" is every kind, the report included."""
    from drafter.models.scalars import DOCUMENT_KINDS

    return list(DOCUMENT_KINDS) if choice == "all" else [choice]


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
    except BrokenPipeError:  # the reader left (drafter phrases list | head): not an error
        _quiet_stdout()
        return 0


def _quiet_stdout() -> None:
    """Send what is still buffered for a closed pipe nowhere, so Python's exit stays silent."""
    import contextlib
    import os

    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())

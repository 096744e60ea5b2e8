"""The browser front door's command line: `drafter serve` and its options."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_serve_options(serve: argparse.ArgumentParser) -> None:
    """Add the options of `drafter serve` to its parser."""
    serve.add_argument(
        "--workspace",
        type=Path,
        default=Path(),
        metavar="THƯ_MỤC",
        help="thư mục chứa các tệp dữ liệu hội nghị (mặc định: thư mục hiện tại)",
    )
    serve.add_argument("--port", type=int, default=8765, metavar="N", help="cổng (mặc định: 8765)")
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="ĐỊA_CHỈ",
        help="địa chỉ mở (mặc định 127.0.0.1: chỉ trên máy này); địa chỉ khác cần --password",
    )
    serve.add_argument(
        "--password",
        action="store_true",
        help="bắt đăng nhập bằng mật khẩu (hỏi khi chạy, hoặc lấy từ biến DRAFTER_SERVE_PASSWORD)",
    )
    serve.add_argument(
        "--open", action="store_true", help="mở trang trong trình duyệt khi máy chủ đã chạy"
    )
    serve.add_argument(
        "--check",
        action="store_true",
        help="chạy thử: mở máy chủ, tải trang chủ và trang đầu của mỗi hội nghị, rồi thoát",
    )


def run_serve(args: argparse.Namespace) -> int:
    """Serve the workspace in the browser until stopped (or once through, with --check)."""
    from drafter.web import read_password, serve

    return serve(
        args.workspace,
        host=args.host,
        port=args.port,
        open_browser=args.open,
        check=args.check,
        password=read_password() if args.password else None,
    )

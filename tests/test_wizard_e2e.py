"""drafter wizard end to end: the real process in a pseudo-terminal, keys typed like a clerk.

Two runs of the Bắc Sơn 9-month 2023 conference: a blank run (with a typo corrected, an
interruption by Ctrl-C and a resume) and a run starting ``--from`` the 6-month file of the
same committee. Both reach the review and write the documents; the keystrokes of each run are
counted (every character typed and every special key) and the ``--from`` run must need fewer
than half of the blank run's.
"""

from __future__ import annotations

import os
import re
import struct
import sys
import time
import zlib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from drafter.datafile import load_report
from tests.conftest import ROOT

pexpect = pytest.importorskip("pexpect")
pyte = pytest.importorskip("pyte")

# The --from run compares its keystrokes with the blank run's: both run in one process, in order.
pytestmark = pytest.mark.xdist_group("wizard-e2e")

PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").is_dir() else sys.executable
ENTER = "\r"
SUBMIT = "\x1b\r"  # Esc then Enter ends a multi-line answer
DOWN = "\x1b[B"
SPACE = " "
BACKSPACE = "\x7f"
CTRL_C = "\x03"
SPECIAL = {ENTER: 1, SUBMIT: 2, DOWN: 1, SPACE: 1, BACKSPACE: 1, CTRL_C: 1}
COLUMNS, ROWS = 80, 40
ENGLISH = re.compile(r"\b(?:selections?|done|Yes|No|Press|Use arrow|Invalid|Error)\b")

RESULTS = {
    "economy": [
        "sản xuất nông nghiệp vượt so với kế hoạch",
        "công tác xây dựng nông thôn mới được triển khai theo đúng tiến độ",
        "sản xuất công nghiệp, tiểu thủ công nghiệp trên địa bàn ổn định",
    ],
    "culture_society": ["các lĩnh vực văn hóa – xã hội được thực hiện tốt"],
    "defence_security": [
        "tình hình trật tự an toàn xã hội, công tác quốc phòng – an ninh được đảm bảo"
    ],
    "party_building": [
        "công tác xây dựng đảng, xây dựng hệ thống chính trị được tăng cường",
        "khối đại đoàn kết các dân tộc được củng cố vững chắc",
    ],
}
LIMITATIONS = [
    "tiến độ giải ngân vốn đầu tư công còn chậm",
    "việc cấp giấy chứng nhận sử dụng đất cho nhà sinh hoạt cộng đồng còn chậm",
]
TASKS = [
    "tiếp tục tập trung xây dựng Đảng bộ huyện và hệ thống chính trị trong sạch, vững mạnh",
    "quan tâm phát triển đảng viên, công tác đào tạo, bồi dưỡng cán bộ",
    "tăng cường công tác kiểm tra, giám sát, kỷ luật của Đảng",
    "đẩy nhanh các chương trình, dự án đầu tư trên địa bàn",
    "tập trung tối đa cho công tác thu ngân sách nhà nước",
    "nâng cao chất lượng công tác khám chữa bệnh",
]
PHOTOS = ["Quang cảnh hội nghị", "Đại biểu xã Vũ Sơn phát biểu tại hội nghị"]
PHOTO_FILE = "anh/quang-canh.png"  # relative to the data file's folder
AUTHORS = ["Dương Lan", "Hồng Thuyên"]
AGENDA = [
    "đánh giá kết quả thực hiện nhiệm vụ 9 tháng đầu năm 2023",
    "bàn nhiệm vụ trọng tâm 3 tháng cuối năm 2023",
]
ADOPTED = ["Nghị quyết Hội nghị lần thứ 17 về nhiệm vụ 3 tháng cuối năm 2023"]
DISCUSSION = ["làm rõ nguyên nhân giải ngân vốn đầu tư công còn chậm"]
CONCLUSION = ["tập trung hoàn thành các chỉ tiêu còn lại của năm 2023"]
SIGNER = "Lâm Văn Tiến"
RECIPIENTS = [
    "Ban Thường vụ Tỉnh ủy (b/c)",
    "Các đồng chí Huyện ủy viên",
    "Các chi bộ, đảng bộ trực thuộc",
]
IMPLEMENTATION = [
    "Các chi bộ, đảng bộ trực thuộc căn cứ Nghị quyết xây dựng kế hoạch thực hiện",
    "Ban Thường vụ Huyện ủy chỉ đạo, kiểm tra việc thực hiện Nghị quyết",
]

PREVIOUS = """\
schema_version: 1
issuer:
  name: Huyện ủy Bắc Sơn
  organisation: Đảng bộ huyện Bắc Sơn
  superior: Đảng bộ tỉnh Lạng Sơn
  superior_committee: Tỉnh ủy Lạng Sơn
  level: district
  code: HU
  place: Bắc Sơn
  office: Văn phòng Huyện ủy
conference:
  ordinal: 16
  term: 22
  tenure: 2020-2025
  extended: true
  date: 2023-07-14
period:
  kind: first_6_months
  year: 2023
people:
  - name: Nguyễn Văn A
    titles: [Bí thư Huyện ủy]
    roles: [chair]
counts:
  - met: 4
    total: 20
indicators:
  - name: thu ngân sách
    field: economy
    verb: được
    qualifier: trên
    value: 20,1
    unit: tỷ đồng
    comparisons:
      - kind: share
        base: dự toán tỉnh giao
        base_value: 29,734
      - kind: change
        base: cùng kỳ năm 2022
        base_value: 18,5
results:
  - field: economy
    items:
      - sản xuất vụ xuân đạt kế hoạch
      - công tác xây dựng nông thôn mới được triển khai theo đúng tiến độ
  - field: culture_society
    items:
      - các lĩnh vực văn hóa – xã hội được thực hiện tốt
  - field: defence_security
    items:
      - tình hình trật tự an toàn xã hội, công tác quốc phòng – an ninh được đảm bảo
  - field: party_building
    items:
      - công tác xây dựng đảng, xây dựng hệ thống chính trị được tăng cường
      - khối đại đoàn kết các dân tộc được củng cố vững chắc
limitations:
  - việc cấp giấy chứng nhận sử dụng đất cho nhà sinh hoạt cộng đồng còn chậm
  - thu ngân sách 6 tháng đầu năm đạt thấp
tasks:
  - tổ chức tốt các hoạt động kỷ niệm ngày thương binh liệt sĩ
  - tiếp tục tập trung xây dựng Đảng bộ huyện và hệ thống chính trị trong sạch, vững mạnh
  - quan tâm phát triển đảng viên, công tác đào tạo, bồi dưỡng cán bộ
  - tăng cường công tác kiểm tra, giám sát, kỷ luật của Đảng
  - đẩy nhanh các chương trình, dự án đầu tư trên địa bàn
  - tập trung tối đa cho công tác thu ngân sách nhà nước
  - chuẩn bị tốt các điều kiện cho năm học mới
photos:
  - caption: Quang cảnh hội nghị
  - caption: Đại biểu xã Vũ Sơn phát biểu tại hội nghị
byline:
  authors: [Dương Lan, Hồng Thuyên]
resolution:
  signer:
    name: Lâm Văn Tiến
    title: Bí thư
  recipients:
    - Ban Thường vụ Tỉnh ủy (b/c)
    - Các đồng chí Huyện ủy viên
    - Các chi bộ, đảng bộ trực thuộc
  implementation:
    - Các chi bộ, đảng bộ trực thuộc căn cứ Nghị quyết xây dựng kế hoạch thực hiện
    - Ban Thường vụ Huyện ủy chỉ đạo, kiểm tra việc thực hiện Nghị quyết
"""


class Terminal:
    """One ``drafter wizard`` process in a pseudo-terminal, counting the keys sent to it."""

    def __init__(self, args: list[str], home: Path) -> None:
        environ = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        env = dict(
            environ,
            TERM="xterm",
            XDG_CONFIG_HOME=str(home / "config"),
            PROMPT_TOOLKIT_NO_CPR="1",  # pexpect does not answer cursor-position requests
        )
        self.child = pexpect.spawn(
            PYTHON,
            ["-m", "drafter", "wizard", *args],
            cwd=str(ROOT),
            env=env,
            dimensions=(ROWS, COLUMNS),
            encoding="utf-8",
            timeout=30,
        )
        self.child.delaybeforesend = None
        self.keys = 0
        self.typed: list[str] = []
        # What the clerk sees: the output fed to a terminal emulator of the same size.
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self.child.logfile_read = Feed(pyte.Stream(self.screen))

    def shown(self) -> str:
        """Return the text on the screen, its lines joined by single spaces."""
        return " ".join(" ".join(line.split()) for line in self.screen.display if line.strip())

    def check_screen(self) -> None:
        """Assert that no line on the screen reaches the last column, and none is English.

        A line filling all 80 columns is one the terminal broke mid-word: a question, hint or
        reason must be wrapped by the wizard at word ends.
        """
        for line in self.screen.display:
            full = len(line.rstrip()) >= COLUMNS
            # The clerk's own long answer is broken by the terminal, as she typed it.
            typed = any(line.rstrip()[-12:] in part for part in self.typed)
            path = len(line.split()) == 1  # a file's path longer than a line has no word end
            assert not full or typed or path, f"a line reaches the edge: {line!r}"
            assert not ENGLISH.search(line), f"English on screen: {line!r}"

    def on_screen(self, text: str) -> None:
        """Assert that ``text`` is on the screen in full (across wrapped lines)."""
        assert " ".join(text.split()) in self.shown(), f"not on screen: {text!r}"

    def wait(self, text: str) -> None:
        """Wait for the question whose text starts with ``text`` (after the "?" mark)."""
        self.child.expect(r"\?(?:\x1b\[[0-9;]*m)+ " + re.escape(text))
        self.check_screen()

    def see(self, text: str) -> None:
        """Wait for ``text`` anywhere in the output."""
        self.child.expect_exact(text)

    def send(self, *parts: str) -> None:
        """Send keys: special keys count one each, text counts one per character."""
        for part in parts:
            self.keys += SPECIAL.get(part, len(part))
            self.typed.append(part)
            self.child.send(part)

    def answer(self, question: str, *parts: str) -> None:
        """Wait for ``question`` then send ``parts``."""
        self.wait(question)
        self.send(*parts)

    def lines(self, question: str, items: list[str], *, after_default: bool = False) -> None:
        """Answer a multi-line question: one item per line, then Esc Enter."""
        self.wait(question)
        for number, item in enumerate(items):
            if number or after_default:
                self.send(ENTER)
            self.send(item)
        self.send(SUBMIT)

    def finish(self) -> int:
        """Wait for the process to end; return its exit code."""
        self.child.expect(pexpect.EOF)
        self.child.close()
        return int(self.child.exitstatus if self.child.exitstatus is not None else -1)


class Feed:
    """A pexpect log that feeds what the wizard prints to a terminal emulator."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def write(self, data: str) -> None:
        self.stream.feed(data)

    def flush(self) -> None:
        pass


def docx_text(path: Path) -> str:
    """Return the paragraphs and table cells (recipients, signature) of a DOCX file."""
    document = Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([*(paragraph.text for paragraph in document.paragraphs), *cells])


def png(path: Path) -> None:
    """Write a one-pixel PNG at ``path``: the photo the clerk attaches."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def check_outputs(folder: Path, data: Path) -> None:
    report = load_report(data)  # the finished data file validates
    assert report.indicators[0].value == Decimal("35.8")
    assert report.tasks[0] == TASKS[0]
    assert report.conference.agenda == AGENDA
    assert report.photos[0].file == PHOTO_FILE
    assert "_wizard" not in data.read_text(encoding="utf-8")
    press = folder / "huyen-uy-bac-son_tin-bai_2023-09-15.docx"
    resolution = folder / "huyen-uy-bac-son_nghi-quyet-hoi-nghi_2023-09-15.docx"
    press_text, resolution_text = docx_text(press), docx_text(resolution)
    assert "35,8 tỷ đồng" in press_text
    assert "tăng 8,6% so với cùng kỳ năm 2022" in press_text
    assert f"thảo luận: {DISCUSSION[0]}" in press_text
    assert f"Hội nghị đã thông qua {ADOPTED[0]}" in press_text
    assert CONCLUSION[0] in press_text
    assert "Dương Lan" in press_text
    assert len(Document(str(press)).inline_shapes) == 1  # the photo's file
    assert "35,8" in resolution_text
    assert f"1- {IMPLEMENTATION[0]}." in resolution_text
    assert "- Các chi bộ, đảng bộ trực thuộc,\n- Lưu Văn phòng Huyện ủy." in resolution_text
    assert SIGNER in resolution_text


COUNTS: dict[str, int] = {}
MOST_KEYS = {"blank": 1752, "from": 583}
"""The keystrokes each run needs at most (issue 15: 1800 and 588 before the derived issuer;
issue 12: one Enter more in the blank run, for "Chỉ tiêu càng thấp càng tốt?")."""


def test_blank_run_with_typo_interrupt_and_resume(tmp_path: Path) -> None:
    started = time.monotonic()
    data = tmp_path / "bac-son.yaml"
    png(tmp_path / PHOTO_FILE)
    term = Terminal(["--out", str(data)], tmp_path)
    term.answer("Tên cấp ủy ban hành", "Huyện ủy Bắc Sơn", ENTER)
    term.answer("Tên đảng bộ", ENTER)  # offered from the committee's name
    term.answer("Đảng bộ cấp trên", "Đảng bộ tỉnh Lạng Sơn", ENTER)
    term.answer("Cấp ủy cấp trên", "Tỉnh ủy Lạng Sơn", ENTER)
    term.answer("Cấp hành chính", ENTER)  # huyện, from the name
    term.answer("Chữ viết tắt", ENTER)  # HU
    term.answer("Địa danh", ENTER)  # Bắc Sơn
    term.answer("Văn phòng lưu", ENTER)  # Văn phòng Huyện ủy
    term.answer("Hội nghị lần thứ mấy", "17", ENTER)
    term.answer("Khóa", "22", ENTER)
    term.answer("Nhiệm kỳ", "2020-2025", ENTER)
    term.answer("Hội nghị mở rộng", "y", ENTER)
    term.answer("Ngày họp", "15/9/2023", ENTER)
    term.answer("Buổi họp", ENTER)
    term.answer("Địa điểm", ENTER)
    term.lines("Nội dung hội nghị", AGENDA)
    term.lines("Các dự thảo hội nghị đã thông qua", ADOPTED)
    term.answer("Kỳ đánh giá", "3", ENTER)
    term.answer("Năm", ENTER)  # offered from the conference date
    term.see("kỳ tới: 3 tháng cuối năm 2023")
    term.answer("Chủ trì và thành phần: chọn việc", ENTER)  # add
    term.answer("Họ tên", "Nguyễn Văn A", ENTER)
    term.lines("Chức vụ", ["Bí thư Huyện ủy"])
    term.answer("Vai trò", SPACE, ENTER)
    term.answer("Chủ trì và thành phần: chọn việc", ENTER)  # done
    term.answer("Thành phần dự", ENTER)
    term.answer("Văn bản được trích dẫn: chọn việc", ENTER)  # done: none cited
    term.answer("Chỉ tiêu: chọn việc", ENTER)  # add
    term.answer("Tên chỉ tiêu", "thu ngân sách", ENTER)
    term.answer("Lĩnh vực", "1", ENTER)
    term.answer("Động từ", "5", ENTER)
    term.answer("Mức độ", "2", ENTER)
    typo_keys = term.keys
    term.wait("Số liệu đạt được")
    term.see("mươi lăm))")  # the hint, in full on its own lines
    term.on_screen("(ví dụ: 35,8 (dấu phẩy trước phần thập phân; 2.865 là hai nghìn tám trăm")
    term.send("35.8", ENTER)
    term.see("hãy gõ “35,8”.")  # the Vietnamese reason, to its remedy; the question is asked again
    term.wait("Số liệu đạt được")
    term.on_screen("✗ Số “35.8” không rõ nghĩa: trong tiếng Việt dấu chấm chỉ dùng")
    term.on_screen("còn phần thập phân đứng sau dấu phẩy. Nếu đây là số thập phân, hãy gõ “35,8”.")
    term.send(BACKSPACE, BACKSPACE, BACKSPACE, BACKSPACE, "35,8", ENTER)
    typo_keys = term.keys - typo_keys - len("35,8") - 1
    term.answer("Đơn vị", "tỷ đồng", ENTER)
    term.answer("Chỉ tiêu càng thấp càng tốt", ENTER)
    term.answer("So với", "dự toán tỉnh giao", ENTER)
    term.answer("Chỉ tiêu giao", "29,734", ENTER)
    term.see("→ đạt 120,4% dự toán tỉnh giao")
    term.answer("Thêm số liệu cùng kỳ", "y", ENTER)
    term.answer("Số liệu cùng kỳ năm 2022", "32,97", ENTER)
    term.see("→ tăng 8,6% so với cùng kỳ năm 2022")
    term.answer("Số liệu tính đến", ENTER)
    term.answer("Số liệu ước", ENTER)
    term.answer("Chỉ tiêu: chọn việc", ENTER)  # done
    term.answer("Số chỉ tiêu đạt", "6/20", ENTER)
    term.lines("Kết quả lĩnh vực kinh tế", RESULTS["economy"])
    term.wait("Kết quả lĩnh vực văn hóa")
    term.send(CTRL_C)
    term.see("--resume")
    assert term.finish() == 130
    saved = data.read_text(encoding="utf-8")
    assert "35,8" in saved and "sản xuất nông nghiệp vượt so với kế hoạch" in saved
    assert "- results.economy" in saved  # progress kept: the next question is the first asked

    term2 = Terminal(["--resume", str(data)], tmp_path)
    term2.lines("Kết quả lĩnh vực văn hóa", RESULTS["culture_society"])
    term2.lines("Kết quả lĩnh vực quốc phòng", RESULTS["defence_security"])
    term2.lines("Kết quả xây dựng Đảng", RESULTS["party_building"])
    term2.lines("Hạn chế", LIMITATIONS)
    term2.lines("Nguyên nhân", [])
    term2.lines("Nội dung đại biểu thảo luận", DISCUSSION)
    term2.lines("Nhiệm vụ trọng tâm", TASKS)
    term2.wait("Chỉ tiêu kỳ tới: chọn việc")
    term2.child.expect(r"t\) (?:\x1b\[[0-9;]*m)*Thêm mục mới")  # the fixed keys are shown
    term2.child.expect(r"x\) (?:\x1b\[[0-9;]*m)*Xong, sang phần tiếp")
    term2.send("x", ENTER)  # x = xong, whatever the items
    term2.lines("Kết luận của đồng chí chủ trì", CONCLUSION)
    term2.lines("Chú thích ảnh", PHOTOS)
    term2.answer(f"Tệp ảnh «{PHOTOS[0]}»", PHOTO_FILE, ENTER)
    term2.answer(f"Tệp ảnh «{PHOTOS[1]}»", ENTER)
    term2.lines("Tác giả tin bài", AUTHORS)
    term2.answer("Cơ quan báo chí", ENTER)
    term2.answer("Họ tên người ký", SIGNER, ENTER)
    term2.answer("Chức vụ người ký", ENTER)  # Bí thư
    term2.lines("Nơi nhận", RECIPIENTS)
    term2.lines("Tổ chức thực hiện", IMPLEMENTATION)
    term2.answer("Nghị quyết soạn ở dạng", ENTER)  # dự thảo
    term2.answer("Dự thảo lần mấy", ENTER)
    term2.answer("Văn bản cần soạn", ENTER)
    term2.see("Xem lại trước khi ghi")
    term2.answer("Chọn việc tiếp theo", "2", ENTER)  # preview
    term2.see("Xem trước tin bài ──")
    term2.see("trên 35,8 tỷ đồng")
    term2.answer("Chọn việc tiếp theo", "1", ENTER)  # write
    term2.see("đã ghi")
    assert term2.finish() == 0
    check_outputs(tmp_path, data)
    # Keys of the blank run without the typo and its correction.
    COUNTS["blank"] = term.keys + term2.keys - typo_keys - 1  # and without the Ctrl-C
    assert COUNTS["blank"] <= MOST_KEYS["blank"]
    assert time.monotonic() - started < 45


def test_from_previous_period_needs_fewer_than_half_the_keys(tmp_path: Path) -> None:
    previous = tmp_path / "bac-son-6-thang-2023.yaml"
    previous.write_text(PREVIOUS, encoding="utf-8")
    data = tmp_path / "bac-son.yaml"
    png(tmp_path / PHOTO_FILE)
    term = Terminal(["--from", str(previous), "--out", str(data)], tmp_path)
    term.typed.append(PREVIOUS)  # last period's answers stand in the answer boxes as typed
    term.answer("Giữ nguyên cấp ủy ban hành", ENTER)
    term.answer("Hội nghị lần thứ mấy", ENTER)  # 17, from 16
    term.answer("Khóa", ENTER)
    term.answer("Nhiệm kỳ", ENTER)
    term.answer("Hội nghị mở rộng", ENTER)
    term.answer("Ngày họp", "15/9", ENTER)  # the year follows from the period
    term.answer("Buổi họp", ENTER)
    term.answer("Địa điểm", ENTER)
    term.lines("Nội dung hội nghị", AGENDA)  # new each period
    term.lines("Các dự thảo hội nghị đã thông qua", ADOPTED)
    term.answer("Kỳ đánh giá", ENTER)  # 9 tháng đầu năm, rolled from 6 tháng
    term.answer("Năm", ENTER)
    term.see("kỳ tới: 3 tháng cuối năm 2023")
    term.answer("Chủ trì và thành phần: chọn việc", ENTER)  # done: people kept
    term.answer("Thành phần dự", ENTER)
    term.answer("Văn bản được trích dẫn: chọn việc", ENTER)  # done
    term.see("thu ngân sách: số liệu kỳ này")
    term.send("35,8", ENTER)
    term.see("→ đạt 120,4% dự toán tỉnh giao")
    term.answer("Thêm số liệu cùng kỳ", ENTER)  # yes: last period compared with last year
    term.answer("Số liệu cùng kỳ năm 2022", "32,97", ENTER)
    term.see("→ tăng 8,6% so với cùng kỳ năm 2022")
    term.answer("Số liệu tính đến", ENTER)
    term.answer("Số liệu ước", ENTER)
    term.answer("Chỉ tiêu: chọn việc", ENTER)  # done
    term.answer("Số chỉ tiêu đạt", "6/20", ENTER)
    # Economy: keep the second item of last period, type the two new ones.
    term.answer("Đánh dấu các mục kỳ trước", DOWN, SPACE, ENTER)
    new_economy = [RESULTS["economy"][0], RESULTS["economy"][2]]
    term.lines("Kết quả lĩnh vực kinh tế", new_economy, after_default=True)
    term.answer("Đánh dấu các mục kỳ trước", SPACE, ENTER)
    term.lines("Kết quả lĩnh vực văn hóa", [])
    term.answer("Đánh dấu các mục kỳ trước", SPACE, ENTER)
    term.lines("Kết quả lĩnh vực quốc phòng", [])
    term.answer("Đánh dấu các mục kỳ trước", SPACE, DOWN, SPACE, ENTER)
    term.lines("Kết quả xây dựng Đảng", [])
    term.answer("Đánh dấu các mục kỳ trước", SPACE, ENTER)
    term.lines("Hạn chế", [LIMITATIONS[0]], after_default=True)
    term.lines("Nguyên nhân", [])
    term.lines("Nội dung đại biểu thảo luận", DISCUSSION)
    term.answer("Nhiệm vụ kỳ trước", SPACE, *[DOWN] * 6, SPACE, ENTER)  # two were done
    term.lines("Nhiệm vụ trọng tâm", [TASKS[5]], after_default=True)
    term.answer("Chỉ tiêu kỳ tới: chọn việc", "x", ENTER)  # x = xong, whatever the items
    term.lines("Kết luận của đồng chí chủ trì", CONCLUSION)
    term.lines("Chú thích ảnh", [])
    term.answer(f"Tệp ảnh «{PHOTOS[0]}»", PHOTO_FILE, ENTER)  # this period's photo
    term.answer(f"Tệp ảnh «{PHOTOS[1]}»", ENTER)
    term.lines("Tác giả tin bài", [])
    term.answer("Cơ quan báo chí", ENTER)
    term.answer("Họ tên người ký", ENTER)  # kept: signer, recipients, implementation
    term.answer("Chức vụ người ký", ENTER)
    term.lines("Nơi nhận", [])
    term.lines("Tổ chức thực hiện", [])
    term.answer("Nghị quyết soạn ở dạng", ENTER)
    term.answer("Dự thảo lần mấy", ENTER)
    term.answer("Văn bản cần soạn", ENTER)
    term.answer("Chọn việc tiếp theo", ENTER)  # write
    term.see("đã ghi")
    assert term.finish() == 0
    check_outputs(tmp_path, data)
    COUNTS["from"] = term.keys
    assert term.keys <= MOST_KEYS["from"]
    blank = COUNTS.get("blank")
    print(f"\nkeystrokes: blank run {blank}, --from run {term.keys}")
    if blank is not None:
        assert term.keys * 2 < blank

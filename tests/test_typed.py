"""Text kept as typed where it is a name, tidied where it is a list item (``drafter.typed``)."""

from __future__ import annotations

import pytest

from drafter import typed
from drafter.resources import proper_names

NAMES = proper_names()

# A first word that keeps its capital inside a list, and why: the test list of proper names.
PROPER_STARTS = [
    "Đảng bộ huyện lãnh đạo toàn diện",  # listed: Đảng bộ
    "Nghị quyết số 12-NQ/HU được triển khai",  # listed: Nghị quyết
    "Ban Chấp hành họp thường kỳ",  # listed: Ban Chấp hành
    "Mặt trận Tổ quốc và các đoàn thể vào cuộc",  # listed: Mặt trận Tổ quốc
    "Bắc Sơn giữ vững an ninh",  # a place: two capitalised words
    "Lạng Sơn tổ chức tốt lễ hội",  # a place
    "Nguyễn Văn An được khen thưởng",  # a person
    "HĐND huyện giám sát",  # an abbreviation
    "UBND xã chỉ đạo",  # an abbreviation
    "136 năm Ngày sinh Chủ tịch Hồ Chí Minh",  # a number
    "Tết Nguyên đán an toàn",  # listed: Tết
]
COMMON_STARTS = [
    ("Thu ngân sách đạt kế hoạch", "thu ngân sách đạt kế hoạch"),
    ("Tập trung phát triển kinh tế", "tập trung phát triển kinh tế"),
    ("Đẩy mạnh chuyển đổi số", "đẩy mạnh chuyển đổi số"),
    ("Ủng hộ quỹ vì người nghèo", "ủng hộ quỹ vì người nghèo"),
    ("Đảm bảo an sinh xã hội", "đảm bảo an sinh xã hội"),
    ("Đảng viên được phát triển", "đảng viên được phát triển"),  # "!Đảng viên": a common noun
]


@pytest.mark.parametrize("item", PROPER_STARTS)
def test_a_list_item_starting_with_a_proper_name_keeps_its_capital(item: str) -> None:
    assert typed.list_item(item, NAMES) == item


@pytest.mark.parametrize(("item", "lowered"), COMMON_STARTS)
def test_a_list_item_starting_with_a_common_word_is_lower_cased(item: str, lowered: str) -> None:
    assert typed.list_item(item, NAMES) == lowered


@pytest.mark.parametrize(
    ("item", "tidied"),
    [
        ("tiêm phòng đạt kế hoạch đợt 2.", "tiêm phòng đạt kế hoạch đợt 2"),
        ("tiêm phòng đạt kế hoạch đợt 2..", "tiêm phòng đạt kế hoạch đợt 2"),
        ("còn chậm;", "còn chậm"),
        ("còn chậm ,", "còn chậm"),
        ("các chỉ tiêu...", "các chỉ tiêu…"),
        ("  giữ vững ổn định  ", "giữ vững ổn định"),
        ("tăng 6,47%", "tăng 6,47%"),
    ],
)
def test_a_list_item_loses_its_own_final_marks(item: str, tidied: str) -> None:
    assert typed.list_item(item, NAMES) == tidied


def test_empty_items_are_left_out() -> None:
    assert typed.list_items(["  ", ".", "Giữ vững ổn định."], NAMES) == ["giữ vững ổn định"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "thống nhất tập trung lãnh đạo, chỉ đạo: tập trung phát triển; tập trung thu ngân sách",
            "thống nhất tập trung lãnh đạo, chỉ đạo: phát triển; tập trung thu ngân sách",
        ),
        (  # the opener is not in the words before the colon: kept
            "Hội nghị thống nhất các nhiệm vụ: tập trung phát triển kinh tế.",
            "Hội nghị thống nhất các nhiệm vụ: tập trung phát triển kinh tế.",
        ),
        (  # a word that is not an opener is never dropped ("một số hạn chế: một số chỉ tiêu")
            "còn một số hạn chế: một số chỉ tiêu chưa đạt.",
            "còn một số hạn chế: một số chỉ tiêu chưa đạt.",
        ),
        (  # only within the sentence before the colon
            "Hội nghị tập trung thảo luận. Nhiệm vụ: tập trung thu ngân sách.",
            "Hội nghị tập trung thảo luận. Nhiệm vụ: tập trung thu ngân sách.",
        ),
    ],
)
def test_a_repeated_opening_is_said_once(text: str, expected: str) -> None:
    assert typed.drop_repeated_opening(text, ["tập trung", "tiếp tục"]) == expected


@pytest.mark.parametrize(
    ("item", "echoed"),
    [
        ("văn hóa – xã hội có nhiều chuyển biến", True),
        ("các lĩnh vực văn hóa – xã hội được thực hiện tốt", True),
        ("chất lượng giáo dục được nâng lên", False),
    ],
)
def test_a_point_that_names_its_field_is_an_echo(item: str, echoed: bool) -> None:
    assert typed.echoes(item, "văn hóa – xã hội") is echoed


def test_names_and_quoted_titles_keep_the_tone_marks_they_were_typed_with() -> None:
    text = (
        'Tin: Thuý Ngọ - Hoàng Thị Thủy. Phong trào "Toàn dân xây dựng đời sống văn hoá" hoà nhập'
    )
    kept = ("Thuý Ngọ", "Hoàng Thị Thủy")
    modern = typed.normalize_keeping(text, "modern", kept)
    assert "Thuý Ngọ" in modern and '"Toàn dân xây dựng đời sống văn hoá"' in modern
    assert modern.endswith("hòa nhập")  # the rest follows the style
    old = typed.normalize_keeping(text, "old", kept)
    assert "Hoàng Thị Thủy" in old and old.endswith("hoà nhập")

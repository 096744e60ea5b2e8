"""Properties over generated reports: every slot renders a clean sentence that agrees with the
numbers, and compose passes each slot exactly the variables and facts the registry declares."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter import vietnamese as vi
from drafter.api import Choices, Drafter
from drafter.compose import seed_of
from drafter.lint import Call, record_calls
from drafter.models import Count, Indicator, Report
from drafter.phrasebank import load_phrasebank
from drafter.profiles import load_profile
from drafter.provenance import Sentence
from drafter.resources import proper_names
from drafter.slots import BASE, GLOBAL_FACTS, SLOTS
from drafter.typed import starts_with_proper_name, tidy

BANK = load_phrasebank()
PROFILE = load_profile("hd36")

# Free text a clerk types: deliberately free of the words whose agreement is tested.
NEUTRAL = st.sampled_from(
    [
        "công tác chuyển đổi số được quan tâm",
        "việc cải cách hành chính có chuyển biến",
        "phong trào thi đua yêu nước được duy trì",
        "công tác dân vận của hệ thống chính trị",
        "chỉnh trang đô thị, giữ gìn vệ sinh môi trường",
        "tổ chức tốt các hoạt động văn hóa, thể thao",
    ]
)
NEUTRAL_LIST = st.lists(NEUTRAL, min_size=1, max_size=3)
OPENERS = st.sampled_from(["", "", "tập trung ", "Tập trung ", "tiếp tục "])
ENDINGS = st.sampled_from(["", "", ".", "..", ";", " ."])


@st.composite
def typed_items(draw: st.DrawFn) -> str:
    """Return a list item as clerks type them: a capital, a stop of its own, an opener."""
    item = draw(OPENERS) + draw(NEUTRAL)
    if draw(st.booleans()):
        item = vi.capitalize_first(item)
    return item + draw(ENDINGS)


TYPED = st.lists(typed_items(), max_size=3)
ECHOES = st.sampled_from(
    [
        "Văn hóa – xã hội có nhiều chuyển biến",
        "các lĩnh vực văn hóa – xã hội được thực hiện tốt",
        "kinh tế phát triển ổn định",
        "quốc phòng – an ninh được giữ vững.",
    ]
)
FIELD_POINTS = st.lists(typed_items() | ECHOES, min_size=1, max_size=3)
TONE_NAMES = st.sampled_from(
    ["Lý Thị Thuý Ngọ", "Hoàng Thị Thủy", "Nguyễn Văn Hoà", "Đỗ Thị Hòa", "Trần Thuỵ Khuê"]
)
"""Names typed in either tone style: printed byte for byte whatever the document's style."""
NAMES = st.sampled_from(
    [
        "thu ngân sách",
        "diện tích lúa",
        "số hộ dùng nước sạch",
        "tỷ lệ hộ nghèo",
        "kết nạp đảng viên",
    ]
)
VALUES = st.decimals(min_value=Decimal("0.5"), max_value=Decimal(50000), places=1)
BASES = st.sampled_from(["dự toán tỉnh giao", "kế hoạch", "cùng kỳ năm trước", "nghị quyết"])

VUOT = re.compile(r"\bvượt\b")
TANG = re.compile(r"\btăng\b(?!\s+cường)")
GIAM = re.compile(r"\bgiảm\b")
FORBIDDEN = re.compile(r"\bNone\b|\bnan\b|\{\{|\}\}|\{%|%\}|  | [,.;:!?)]")


@st.composite
def comparisons(draw: st.DrawFn, value: Decimal) -> dict[str, Any]:
    kind = draw(st.sampled_from(["share", "excess", "change", "change", "plan", "target_range"]))
    if kind == "share":
        return {"kind": kind, "base": draw(BASES), "base_value": draw(VALUES)}
    if kind == "excess":
        share = draw(st.decimals(min_value=Decimal("0.2"), max_value=Decimal("0.95"), places=2))
        return {"kind": kind, "base": draw(BASES), "base_value": value * share}
    if kind == "change":
        how = draw(st.sampled_from(["level", "base", "typed"]))
        if how == "level":
            return {"kind": kind, "base": "cùng kỳ", "base_value": value}
        if how == "base":
            return {"kind": kind, "base": "cùng kỳ", "base_value": draw(VALUES)}
        percent = draw(st.decimals(min_value=Decimal(-90), max_value=Decimal(300), places=1))
        return {"kind": kind, "base": "cùng kỳ năm 2022", "percent": percent}
    if kind == "plan":
        return {"kind": kind, "base": "kế hoạch", "base_value": draw(VALUES)}
    low = draw(VALUES)
    return {"kind": kind, "base": "mục tiêu", "low": low, "high": low + draw(VALUES)}


@st.composite
def indicators(draw: st.DrawFn) -> dict[str, Any]:
    value = draw(VALUES)
    return {
        "name": draw(NAMES),
        "verb": draw(
            st.sampled_from(["đạt", "ước đạt", "ước thực hiện", "thực hiện được", "được"])
        ),
        "qualifier": draw(st.sampled_from([None, "trên", "hơn", "gần", "khoảng", "trở lên"])),
        "value": value,
        "unit": draw(st.sampled_from([None, "tỷ đồng", "%", "ha", "đảng viên"])),
        "lower_is_better": draw(st.booleans()),
        "comparisons": draw(st.lists(comparisons(value), max_size=3)),
        "cutoff": draw(
            st.sampled_from([None, {"month": 11}, {"day": 22, "month": 11, "year": 2023}])
        ),
        "estimate": draw(
            st.sampled_from([None, {"scope": "cả năm", "qualifier": "hơn", "value": 500}])
        ),
        "key": draw(st.booleans()),
    }


@st.composite
def counts(draw: st.DrawFn) -> dict[str, Any]:
    total = draw(st.integers(1, 30))
    met = draw(st.integers(0, total))
    missed = draw(st.none() | st.integers(0, total - met))
    rest = total - met - (missed or 0)
    if missed is None:
        not_assessed = draw(st.none() | st.integers(0, rest))
    else:  # both given: they must add up to the total
        not_assessed = draw(st.sampled_from([None, rest]))
    count: dict[str, Any] = {
        "met": met,
        "total": total,
        "exceeded": draw(st.none() | st.integers(0, met)),
        "missed": missed,
        "not_assessed": not_assessed,
        "noun": draw(st.sampled_from([None, "nhóm nhiệm vụ"])),
    }
    if draw(st.booleans()):
        count["change"] = draw(st.integers(-5, 5))
        count["compared_to"] = {"kind": "quarter", "quarter": 1, "year": 2023}
    return count


PERIODS = st.sampled_from(
    [
        {"kind": "quarter", "quarter": 1, "year": 2023},
        {"kind": "quarter", "quarter": 4, "year": 2023},
        {"kind": "first_6_months", "year": 2023},
        {"kind": "first_9_months", "year": 2023},
        {"kind": "last_3_months", "year": 2023},
        {"kind": "last_6_months", "year": 2023},
        {"kind": "year", "year": 2023},
        {
            "kind": "custom",
            "year": 2023,
            "label": "4 tháng đầu năm 2023",
            "next": {"kind": "custom", "year": 2023, "label": "8 tháng cuối năm 2023"},
        },
    ]
)
ISSUERS = st.sampled_from(
    [
        ("Huyện ủy Bắc Sơn", "Đảng bộ huyện Bắc Sơn", "district", "HU"),
        ("Thành ủy Lạng Sơn", "Đảng bộ thành phố Lạng Sơn", "city", "TU"),
        ("Tỉnh ủy Lạng Sơn", "Đảng bộ tỉnh Lạng Sơn", "province", "TU"),
        ("Đảng ủy xã Bắc Sơn", "Đảng bộ xã Bắc Sơn", "commune", "ĐU"),
        ("Đảng ủy phường Tam Thanh", "Đảng bộ phường Tam Thanh", "ward", "ĐU"),
        ("Thị ủy Cửa Lò", "Đảng bộ thị xã Cửa Lò", "town", "TU"),
    ]
)
PEOPLE = [
    {"name": "Nguyễn Văn An", "titles": ["Bí thư Huyện ủy"]},
    {"name": "Lê Thị Bình", "titles": ["Phó Bí thư Thường trực", "Chủ tịch HĐND huyện"]},
    {"name": "Trần Văn Cường", "titles": []},
]


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@st.composite
def reports(draw: st.DrawFn) -> Report:
    name, organisation, level, code = draw(ISSUERS)
    period = draw(PERIODS)
    chairs = draw(st.integers(0, 3))
    people = [{**person, "roles": ["chair"]} for person in PEOPLE[:chairs]]
    if draw(st.booleans()):
        people.append({"name": draw(TONE_NAMES), "titles": ["Phó Bí thư"], "roles": ["chair"]})
    if draw(st.booleans()):
        people.append({"name": "Hoàng Văn Dũng", "titles": ["Bí thư"], "roles": ["conclusion"]})
    adopted = draw(st.lists(st.sampled_from(["Nghị quyết về nhiệm vụ năm 2024"]), max_size=1))
    raw: dict[str, Any] = {
        "issuer": {
            "name": name,
            "organisation": organisation,
            "superior": "Đảng bộ tỉnh Lạng Sơn",
            "level": level,
            "code": code,
            "place": "Lạng Sơn",
        },
        "conference": {
            "ordinal": draw(st.integers(1, 40)),
            "term": draw(st.integers(1, 30)),
            "tenure": draw(optional(st.just("2020-2025"))),
            "body": draw(st.sampled_from(["executive", "standing"])),
            "extended": draw(st.booleans()),
            "date": date(2023, draw(st.integers(1, 12)), draw(st.integers(1, 28))),
            "part_of_day": draw(optional(st.sampled_from(["sáng", "trưa", "chiều", "tối"]))),
            "venue": draw(optional(st.just("Hội trường Huyện ủy"))),
            "adopted": adopted,
        },
        "period": period,
        "people": people,
        "attendance": draw(optional(st.just("các đồng chí Ủy viên Ban Chấp hành"))),
        "counts": draw(st.lists(counts(), max_size=2)),
        "indicators": draw(st.lists(indicators(), max_size=4)),
        "results": [
            {"field": field, "items": draw(FIELD_POINTS)}
            for field in draw(
                st.lists(
                    st.sampled_from(
                        ["economy", "culture_society", "defence_security", "party_building"]
                    ),
                    unique=True,
                )
            )
        ],
        "limitations": draw(TYPED),
        "causes": draw(TYPED),
        "discussion": draw(TYPED),
        "tasks": draw(TYPED),
        "targets": draw(
            st.lists(
                st.sampled_from(
                    [
                        {
                            "name": "thu ngân sách",
                            "qualifier": "trên",
                            "value": 520,
                            "unit": "tỷ đồng",
                        },
                        {"name": "tốc độ phát triển", "low": 10, "high": 11, "unit": "%"},
                        {"name": "kết nạp đảng viên", "qualifier": "trở lên", "value": 150},
                    ]
                ),
                max_size=3,
            )
        ),
        "documents": draw(
            st.lists(
                st.just(
                    {
                        "kind": "Nghị quyết",
                        "number": "20-NQ/HU",
                        "date": date(2022, 12, 15),
                        "issuer": "Ban Chấp hành Đảng bộ huyện",
                        "subject": "về nhiệm vụ năm 2023",
                    }
                ),
                max_size=1,
            )
        ),
        "photos": draw(st.lists(st.just({"caption": "Quang cảnh hội nghị"}), max_size=1)),
        "conclusion": draw(TYPED),
        "byline": draw(
            optional(
                st.builds(
                    lambda name: {"authors": ["Minh Châu", name], "outlet": "Báo Lạng Sơn"},
                    TONE_NAMES,
                )
            )
        ),
        "resolution": {"implementation": draw(TYPED)},
        "options": {"tone_style": draw(st.sampled_from(["modern", "old"]))},
    }
    return Report.model_validate(raw)


def drafted(report: Report) -> list[Call]:
    return record_calls(report, BANK, PROFILE)


# -- what the numbers license ----------------------------------------------------------------


def licensed_by_indicator(indicator: Indicator) -> set[str]:
    words: set[str] = set()
    for comparison in indicator.comparisons:
        percent = comparison.shown_percent(indicator.value)
        if comparison.kind == "excess" or (
            comparison.kind == "share" and percent is not None and percent > 100
        ):
            words.add("vượt")
        if comparison.kind == "change" and percent is not None:
            words.add("tăng" if percent > 0 else "giảm" if percent < 0 else "")
    return words - {""}


def licensed_by_count(count: Count) -> set[str]:
    words: set[str] = set()
    if count.met > 0 and count.exceeded != 0:
        words.add("vượt")
    if count.change:
        words.add("tăng" if count.change > 0 else "giảm")
    return words


def licensed(call: Call, report: Report) -> set[str]:
    if call.slot == "common.indicator":
        return licensed_by_indicator(Indicator.model_validate(call.variables["ind"]))
    if call.slot == "common.count":
        return licensed_by_count(Count.model_validate(call.variables["count"]))
    if call.slot == "common.comparison":
        kind, direction = call.facts["kind"], call.facts["direction"]
        return (
            {"vượt"}
            if kind == "excess"
            else {"up": {"tăng"}, "down": {"giảm"}}.get(direction, set())
        )
    if call.slot in ("press.results", "resolution.assessment"):
        words: set[str] = set()
        for indicator in report.indicators:
            words |= licensed_by_indicator(indicator)
        for count in report.counts:
            words |= licensed_by_count(count)
        return words
    return set()


def said(text: str) -> set[str]:
    return {
        word
        for word, pattern in (("vượt", VUOT), ("tăng", TANG), ("giảm", GIAM))
        if pattern.search(text)
    }


# -- the properties --------------------------------------------------------------------------

SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(reports())
def test_every_slot_renders_a_clean_non_empty_sentence(report: Report) -> None:
    seed = seed_of(report)
    for call in drafted(report):
        assert call.text.strip(), call.slot
        assert call.text != "…", f"{call.slot} failed to render"
        assert not FORBIDDEN.search(call.text), f"{call.slot}: {call.text!r}"
        assert vi.is_nfc(call.text)
        # The phrase itself is clean: compose's last tidying has nothing to repair.
        own = BANK.render(BANK.choose(call.slot, call.facts, seed), call.variables)
        assert tidy(own) == own, f"{call.slot}: {own!r}"


@SETTINGS
@given(reports())
def test_every_sentence_agrees_with_the_numbers(report: Report) -> None:
    for call in drafted(report):
        unlicensed = said(call.text) - licensed(call, report)
        assert not unlicensed, f"{call.slot} says {unlicensed} without the numbers: {call.text!r}"
        if call.slot == "common.comparison" and call.facts["kind"] in ("share", "excess", "change"):
            percent = call.variables["percent"]
            if call.facts["direction"] != "level":
                assert vi.format_percent(abs(percent)) in call.text
        if call.slot == "common.count":
            count = call.variables["count"]
            assert f"{count['met']}/{count['total']}" in call.text
        if call.slot == "common.indicator":
            assert vi.format_number(call.variables["ind"]["value"]) in call.text


@SETTINGS
@given(reports())
def test_compose_passes_each_slot_what_the_registry_declares(report: Report) -> None:
    for call in drafted(report):
        slot = SLOTS[call.slot]
        expected_base = set(BASE) - set(slot.hidden)
        matching = [
            space
            for space in slot.spaces
            if all(call.facts.get(fact) in values for fact, values in space.facts.items())
        ]
        assert matching, f"{call.slot}: facts {call.facts} fit no declared space"
        space = matching[0]
        assert set(call.variables) == expected_base | set(space.variables), call.slot
        assert set(call.facts) == set(GLOBAL_FACTS) | set(space.facts), call.slot
        for fact, values in GLOBAL_FACTS.items():
            assert call.facts[fact] in values, (call.slot, fact)


@settings(max_examples=30, deadline=None)
@given(reports())
def test_the_same_report_always_reads_the_same(report: Report) -> None:
    first = [call.text for call in drafted(report)]
    again = Report.model_validate(report.model_dump())
    assert [call.text for call in drafted(again)] == first


# -- the finished documents: provenance and tidy lists ------------------------------------------

SESSION = Drafter(Choices(documents=("resolution", "press")))
PROPER_NAMES = proper_names()
LIST_OPENERS = [str(opener) for opener in BANK.lexicon["list_openers"]]
FIELD_NAMES = [
    *BANK.lexicon["field_name"].values(),
    *BANK.lexicon["field_topic"].values(),
]
NOT_LISTS = ("press.caption", "press.byline", "resolution.recipients")
"""Sentences where a colon does not open a list: "Ảnh: Quang cảnh …", "Tin: …"."""


def sentences_of(report: Report) -> list[Sentence]:
    return [sentence for document in SESSION.explain(report) for sentence in document.sentences]


@SETTINGS
@given(reports())
def test_every_sentence_knows_its_phrase_and_data_or_is_a_declared_formula(
    report: Report,
) -> None:
    for sentence in sentences_of(report):
        assert sentence.phrases, sentence.text
        assert sentence.grounded(), f"{sentence.phrases}: {sentence.text!r} reads no data"
        if sentence.formula:
            assert not sentence.fields, sentence


@SETTINGS
@given(reports())
def test_list_items_stand_tidy_inside_their_sentences(report: Report) -> None:
    for sentence in sentences_of(report):
        text = sentence.text
        assert ".." not in text, text
        if any(phrase.startswith(NOT_LISTS) for phrase in sentence.phrases):
            continue
        for colon in re.finditer(r": (?=\w)", text):
            after = text[colon.end() :]
            assert not after[0].isupper() or starts_with_proper_name(after, PROPER_NAMES), text
            before = text[: colon.start()].casefold()
            first_two = after.casefold().split()[:2]
            assert before.split()[-2:] != first_two, f"doubled opening: {text!r}"
            for opener in LIST_OPENERS:
                said_before = f" {opener} " in f" {before} "
                assert not (said_before and after.casefold().startswith(opener + " ")), text
        head = " ".join(text.casefold().split()[:10])
        for name in FIELD_NAMES:
            assert head.count(name) <= 1, f"field name echoed: {text!r}"


@SETTINGS
@given(reports())
def test_names_are_printed_byte_for_byte_in_every_tone_style(report: Report) -> None:
    text = "\n".join(sentence.text for sentence in sentences_of(report))
    for person in report.people_with("chair"):
        assert person.name in text, person.name
    for author in report.byline.authors if report.byline else []:
        assert author in text, author


@SETTINGS
@given(reports())
def test_the_resolution_parts_are_numbered_without_a_gap(report: Report) -> None:
    headings = [
        sentence.text
        for sentence in SESSION.explain(report)[0].sentences
        if any(phrase.startswith("resolution.part") for phrase in sentence.phrases)
    ]
    numerals = [heading.split("-")[0] for heading in headings]
    assert numerals == [vi.roman(number) for number in range(1, len(headings) + 1)], headings

"""Properties over generated reports: every slot renders a clean sentence that agrees with the
numbers, and compose passes each slot exactly the variables and facts the registry declares."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter import vietnamese as vi
from drafter.api import Choices, Drafter
from drafter.compose import Composer, seed_of
from drafter.datafile import load_report
from drafter.lint import Call, record_calls
from drafter.models import Comparison, Count, Indicator, Report, covers_the_year
from drafter.models.directions import inferred_lower_is_better
from drafter.phrasebank import load_phrasebank
from drafter.profiles import load_profile
from drafter.provenance import Sentence
from drafter.resources import proper_names
from drafter.slots import BASE, GLOBAL_FACTS, SLOTS
from drafter.typed import starts_with_proper_name, tidy
from tests.conftest import ROOT

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
CHANGES = st.decimals(min_value=Decimal(-90), max_value=Decimal(300), places=1)
PLANNED = st.decimals(min_value=Decimal(-20), max_value=Decimal(20), places=2)
PERCENTS = st.decimals(min_value=Decimal("0.5"), max_value=Decimal(300), places=1)

VUOT = re.compile(r"\bvượt\b")
TANG = re.compile(r"\btăng\b(?!\s+cường)")
GIAM = re.compile(r"\bgiảm\b")
FORBIDDEN = re.compile(r"\bNone\b|\bnan\b|\{\{|\}\}|\{%|%\}|  | [,.;:!?)]")


@st.composite
def comparisons(
    draw: st.DrawFn, value: Decimal | None, unit: str | None, lower: bool
) -> dict[str, Any]:
    rate = unit == "%"
    kinds = ["share", "excess", "change", "change", "plan", "target_range"]
    if value is None:  # a percentage only: nothing needs the value
        kinds = ["change"] if lower else ["share", "excess", "change"]
    kind = draw(st.sampled_from(kinds))
    if kind == "share":
        if value is None:
            return {"kind": kind, "base": draw(BASES), "percent": draw(PERCENTS)}
        share: dict[str, Any] = {"kind": kind, "base": draw(BASES), "base_value": draw(VALUES)}
        if draw(st.booleans()):
            share["span"] = "period"
        return share
    if kind == "excess":
        if value is None:
            return {"kind": kind, "base": draw(BASES), "percent": draw(PERCENTS)}
        part = draw(st.decimals(min_value=Decimal("0.2"), max_value=Decimal("0.95"), places=2))
        return {"kind": kind, "base": draw(BASES), "base_value": value * part}
    if kind == "change":
        return draw(changes(value, rate))
    if kind == "plan":
        plan: dict[str, Any] = {"kind": kind, "base": "kế hoạch", "base_value": draw(VALUES)}
        plan["limit"] = draw(st.sampled_from([None, "dưới", "không quá", "trên", "từ"]))
        plan["span"] = draw(st.sampled_from([None, "year", "period"]))
        return plan
    low = draw(VALUES)
    return {"kind": kind, "base": "mục tiêu", "low": low, "high": low + draw(VALUES)}


@st.composite
def changes(draw: st.DrawFn, value: Decimal | None, rate: bool) -> dict[str, Any]:
    how = draw(st.sampled_from(["level", "base", "typed", "amount", "by_amount"]))
    if value is None and how in ("level", "base", "by_amount"):
        how = "amount" if rate else draw(st.sampled_from(["typed", "amount"]))
    if rate and how == "typed":
        how = "amount"  # a rate never changes by a percentage of itself
    change: dict[str, Any] = {"kind": "change", "base": "cùng kỳ"}
    if how == "level":
        change["base_value"] = value
    elif how == "base":
        change["base_value"] = draw(VALUES)
    elif how == "typed":
        change["percent"] = draw(
            st.decimals(min_value=Decimal(-90), max_value=Decimal(300), places=1)
        )
    elif how == "amount":
        change["amount"] = draw(
            st.decimals(min_value=Decimal(-90), max_value=Decimal(300), places=1)
        )
        change["qualifier"] = draw(st.sampled_from([None, "hơn", "gần"]))
    else:
        change["by"] = "amount"
        change["base_value"] = draw(VALUES)
    if draw(st.booleans()):
        change["planned"] = draw(
            st.decimals(min_value=Decimal(-20), max_value=Decimal(20), places=2)
        )
    return change


@st.composite
def indicators(draw: st.DrawFn) -> dict[str, Any]:
    value = draw(st.none() | VALUES)
    unit = draw(st.sampled_from([None, "tỷ đồng", "%", "ha", "đảng viên"]))
    verb = draw(
        st.sampled_from(
            ["đạt", "ước đạt", "ước thực hiện", "thực hiện được", "được", "chiếm", "ước chiếm"]
        )
    )
    name = draw(NAMES)
    lower_is_better = draw(st.sampled_from([None, True, False]))
    lower = inferred_lower_is_better(name) if lower_is_better is None else lower_is_better
    indicator: dict[str, Any] = {
        "name": name,
        "verb": verb,
        "qualifier": None
        if value is None
        else draw(st.sampled_from([None, "trên", "hơn", "gần", "khoảng", "trở lên"])),
        "value": value,
        "unit": unit,
        "lower_is_better": lower_is_better,
        "comparisons": draw(
            st.lists(
                comparisons(value, unit, lower), min_size=1 if value is None else 0, max_size=3
            )
        ),
        "cutoff": draw(
            st.sampled_from([None, {"month": 11}, {"day": 22, "month": 11, "year": 2023}])
        ),
        "estimate": draw(
            st.sampled_from(
                [
                    None,
                    {"scope": "cả năm", "qualifier": "hơn", "value": 500},
                    {
                        "scope": "cả năm",
                        "value": 500,
                        "comparisons": [{"kind": "share", "base": "dự toán", "base_value": 400}],
                    },
                ]
            )
        ),
        "key": draw(st.booleans()),
    }
    if verb in ("chiếm", "ước chiếm") and draw(st.booleans()):
        indicator["share_of"] = "cơ cấu kinh tế"
    return indicator


@st.composite
def counts(draw: st.DrawFn) -> dict[str, Any]:
    total = draw(st.integers(1, 30))
    shape = draw(st.sampled_from(["targets", "targets", "units", "total"]))
    count: dict[str, Any]
    if shape == "total":
        count = {"total": total}
    elif shape == "units":
        count = {
            "kind": "units",
            "met": draw(st.integers(0, total)),
            "total": total,
            "noun": "xã",
            "predicate": "đạt chuẩn nông thôn mới",
        }
    else:
        met = draw(st.integers(0, total))
        missed = draw(st.none() | st.integers(0, total - met))
        rest = total - met - (missed or 0)
        if missed is None:
            not_assessed = draw(st.none() | st.integers(0, rest))
        else:  # both given: they must add up to the total
            not_assessed = draw(st.sampled_from([None, rest]))
        count = {
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
                        {"name": "tỷ lệ hộ nghèo", "limit": "dưới", "value": 2, "unit": "%"},
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


def licensed_by_comparisons(
    comparisons: list[Comparison], value: Decimal | None, lower: bool, rate: bool, whole: bool
) -> set[str]:
    words: set[str] = set()
    for comparison in comparisons:
        percent = comparison.shown_percent(value)
        if comparison.kind == "excess" or (
            comparison.kind == "share" and percent is not None and percent > 100
        ):
            words.add("vượt")
        status = comparison.status(value, lower_is_better=lower, rate=rate, whole_span=whole)
        if status == "vượt":
            words.add("vượt")
        size = comparison.shown_change(value, rate=rate)
        if size is not None and size != 0:
            words.add("tăng" if size > 0 else "giảm")
        if comparison.planned:
            words.add("tăng" if comparison.planned > 0 else "giảm")
    return words


def licensed_by_indicator(indicator: Indicator, whole: bool) -> set[str]:
    lower, rate = indicator.better_lower(), indicator.is_rate()
    words = licensed_by_comparisons(indicator.comparisons, indicator.value, lower, rate, whole)
    trend = indicator.trend()
    if lower and trend in ("up", "down"):
        words.add("tăng" if trend == "up" else "giảm")  # "giảm còn 2,15%", "tăng lên 6,1%"
    if indicator.estimate is not None:
        estimate = indicator.estimate
        words |= licensed_by_comparisons(estimate.comparisons, estimate.value, lower, rate, True)
    return words


def licensed_by_count(count: Count) -> set[str]:
    words: set[str] = set()
    if count.kind == "targets" and count.met and count.exceeded != 0:
        words.add("vượt")
    if count.change:
        words.add("tăng" if count.change > 0 else "giảm")
    return words


def licensed(call: Call, report: Report) -> set[str]:
    whole = covers_the_year(report.period)
    if call.slot == "common.indicator":
        return licensed_by_indicator(Indicator.model_validate(call.variables["ind"]), whole)
    if call.slot == "common.count":
        return licensed_by_count(Count.model_validate(call.variables["count"]))
    if call.slot == "common.verdict":
        return {"vượt"} if call.facts["status"] == "exceeded" else set()
    if call.slot == "common.comparison":
        kind, direction = call.facts["kind"], call.facts["direction"]
        words = (
            {"vượt"}
            if kind == "excess"
            else {"up": {"tăng"}, "down": {"giảm"}}.get(direction, set())
        )
        planned = call.variables["comparison"]["planned"]
        if planned:
            words.add("tăng" if planned > 0 else "giảm")
        return words
    if call.slot in ("press.results", "resolution.assessment", "common.estimate"):
        words: set[str] = set()
        for indicator in report.indicators:
            words |= licensed_by_indicator(indicator, whole)
        for count in report.counts:
            words |= licensed_by_count(count)
        return words
    if call.slot == "common.target":  # a lower-is-better target comes down: "giảm còn"
        return {"giảm"} if call.facts["lower_is_better"] else set()
    if call.slot in ("press.targets", "resolution.targets"):
        words = {word for count in report.counts for word in licensed_by_count(count)}
        return words | ({"giảm"} if any(t.better_lower() for t in report.targets) else set())
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
            if call.facts["direction"] == "level":
                pass
            elif call.facts["measure"] == "points":  # a rate changes by percentage points
                size = vi.format_number(abs(call.variables["change"]))
                assert f"{size} điểm phần trăm" in call.text
            elif call.facts["measure"] == "amount":
                assert vi.format_number(abs(call.variables["change"])) in call.text
            else:
                assert vi.format_percent(abs(call.variables["percent"])) in call.text
        if call.slot == "common.count":
            count = call.variables["count"]
            if count["met"] is None:
                assert f"{count['total']} " in call.text
            else:
                assert f"{count['met']}/{count['total']}" in call.text
        if call.slot == "common.indicator" and call.variables["ind"]["value"] is not None:
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
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
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


# -- direction, points and part of the year ----------------------------------------------------

ACHIEVING = re.compile(
    r"^[^,(]*?\b(?:ước đạt|đạt|thực hiện được|được)\s+(?:trên |hơn |gần |khoảng )?\d"
)
PERCENT_OF_PLAN = re.compile(r"\bđạt [\d.,]+% ")


def indicator_sentences(report: Report) -> list[tuple[Indicator, str]]:
    """Return each indicator of ``report`` with the sentence compose writes for it."""
    composer = Composer(report, BANK)
    return [(indicator, composer.indicator(indicator)) for indicator in report.indicators]


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
    assert_tidy_lists(report)


@pytest.mark.parametrize("path", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_the_examples_lists_stand_tidy_inside_their_sentences(path: Path) -> None:
    assert_tidy_lists(load_report(path))


def assert_tidy_lists(report: Report) -> None:
    """Assert no "..", no capital after a list's colon, no doubled opening, no echoed field."""
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
            typed = sum(item.casefold().count(name) for item in typed_texts(report))
            assert head.count(name) <= max(1, typed), f"field name echoed: {text!r}"


def typed_texts(report: Report) -> list[str]:
    """Return the texts the clerk typed that a sentence may repeat as they are."""
    return [item for result in report.results for item in result.items] + [
        *report.limitations,
        *report.causes,
        *report.discussion,
        *report.tasks,
        *report.conclusion,
    ]


@SETTINGS
@given(reports())
def test_lower_is_better_words_agree_with_the_figures(report: Report) -> None:
    whole = covers_the_year(report.period)
    for indicator, text in indicator_sentences(report):
        if not indicator.better_lower() or indicator.verb in ("chiếm", "ước chiếm"):
            continue
        assert not ACHIEVING.search(text), f"a lower-is-better level said as achieved: {text!r}"
        assert not PERCENT_OF_PLAN.search(text), f"a percentage of a ceiling: {text!r}"
        statuses = {
            indicator.comparison_status(comparison, whole_span=whole)
            for comparison in indicator.comparisons
            if comparison.kind in ("share", "excess", "plan")
        }
        if indicator.estimate is not None:  # the estimate is of the whole year
            statuses |= {
                comparison.status(indicator.estimate.value, lower_is_better=True)
                for comparison in indicator.estimate.comparisons
            }
        if "chưa đạt" in statuses:
            assert "chưa đạt" in text, text
        if "chưa đạt" in text:
            assert "chưa đạt" in statuses, text
        if "đạt" in statuses:
            assert re.search(r"(?<!chưa )đạt \S", text), text
        trend = indicator.trend()
        if indicator.value is not None and trend == "down":
            assert re.search(r"(giảm )?còn ", text), text
        if indicator.value is not None and trend == "up":
            assert "tăng lên" in text, text


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
def test_status_agrees_with_the_direction(report: Report) -> None:
    for indicator in report.indicators:
        for comparison in indicator.comparisons:
            if comparison.kind != "plan" or comparison.limit is not None:
                continue
            status = indicator.comparison_status(comparison)
            assert indicator.value is not None and comparison.base_value is not None
            below = indicator.value < comparison.base_value
            if indicator.value == comparison.base_value:
                assert status == "đạt"
            elif below == indicator.better_lower():
                assert status == "vượt"
            else:
                assert status == "chưa đạt"


RATES = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(100), places=2)


@st.composite
def rate_reports(draw: st.DrawFn) -> Report:
    """Return a generated report whose indicators are rates (in %) that changed."""
    rates = []
    for _ in range(draw(st.integers(1, 3))):
        change: dict[str, Any] = {"kind": "change", "base": "năm 2022"}
        if draw(st.booleans()):
            change["base_value"] = draw(RATES)
        else:
            change["amount"] = draw(st.decimals(min_value=-50, max_value=50, places=2))
        rates.append(
            {
                "name": draw(NAMES),
                "value": draw(RATES),
                "unit": "%",
                "lower_is_better": draw(st.sampled_from([None, True, False])),
                "comparisons": [change],
            }
        )
    report = draw(reports())
    return Report.model_validate({**report.model_dump(), "indicators": rates})


@SETTINGS
@given(rate_reports())
def test_rates_change_by_percentage_points(report: Report) -> None:
    for indicator, text in indicator_sentences(report):
        comparison = indicator.comparisons[0]
        if comparison.amount is not None:
            points = comparison.amount
        else:
            assert indicator.value is not None and comparison.base_value is not None
            points = indicator.value - comparison.base_value  # the difference of two rates
        if points == 0:
            continue
        assert f"{vi.format_number(abs(points))} điểm phần trăm" in text, text
        assert not re.search(r"(?:tăng|giảm) (?:hơn |gần )?[\d.,]+%", text), text


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


@SETTINGS
@given(reports())
def test_part_of_the_year_is_never_missed_for_being_part(report: Report) -> None:
    if covers_the_year(report.period):
        return
    composer = Composer(report, BANK)
    for indicator, sentence in indicator_sentences(report):
        estimate = composer.estimate(indicator)  # an estimate of the whole year is judged
        text = sentence.replace(estimate, "") if estimate else sentence
        assert indicator.status_in(report.period) != "chưa đạt" or any(
            comparison.span == "period" for comparison in indicator.comparisons
        ), indicator
        if not any(comparison.span == "period" for comparison in indicator.comparisons):
            assert "chưa đạt" not in text, text


@SETTINGS
@given(reports())
def test_a_count_says_what_it_counts(report: Report) -> None:
    for call in drafted(report):
        if call.slot != "common.count":
            continue
        count = call.variables["count"]
        if count["kind"] == "units":  # units have their own predicate, never the targets' words
            assert count["predicate"] in call.text
            assert "đạt và vượt" not in call.text and "toàn bộ" not in call.text, call.text
        if "toàn bộ" in call.text:
            assert count["kind"] == "targets" and count["met"] == count["total"], call.text

"""Provenance: the phrase and the data fields behind every sentence (``drafter.provenance``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.api import Choices, Drafter
from drafter.datafile import load_report
from drafter.phrasebank import load_phrasebank
from drafter.provenance import (
    Made,
    TracedDict,
    TracedList,
    collapse,
    explain_paragraphs,
    format_explanation,
    sentences,
    split_sentences,
    traced_variables,
)
from tests.conftest import BAC_SON, EXAMPLES

SESSION = Drafter()


def test_a_traced_dict_records_each_key_looked_up_and_a_whole_read() -> None:
    reads: set[str] = set()
    issuer = TracedDict({"name": "Huyện ủy Bắc Sơn", "level": "district"}, "issuer", reads)
    assert issuer["name"] == "Huyện ủy Bắc Sơn"
    assert issuer.get("office") is None
    assert reads == {"issuer.name"}
    assert len(issuer) == 2
    assert reads == {"issuer.name", "issuer"}


def test_a_traced_list_records_each_item_read_or_the_whole_list() -> None:
    reads: set[str] = set()
    tasks = TracedList(["a", "b", "c"], "tasks", reads)
    assert tasks[-1] == "c"
    assert reads == {"tasks[2]"}
    assert [item for item in tasks if item != "b"] == ["a", "c"]  # a loop reads each item
    assert reads == {"tasks[0]", "tasks[1]", "tasks[2]"}
    assert bool(tasks)
    assert "tasks" in reads  # tested whole


def test_only_the_names_a_phrase_reads_are_wrapped() -> None:
    reads: set[str] = set()
    wrapped = traced_variables({"ind": {"value": 1}, "period": "quý I"}, {"ind": None}, reads)
    assert isinstance(wrapped["ind"], TracedDict)
    assert wrapped["period"] == "quý I"
    assert not reads


def test_a_phrase_records_what_it_read_while_rendering_not_what_it_could_read() -> None:
    bank = load_phrasebank()
    entry = bank.entries["common.cutoff.day"]
    text, reads = bank.render_traced(entry, {"cutoff": {"day": 22, "month": 11, "year": None}})
    assert text == "tính đến hết ngày 22/11"
    assert reads == {"cutoff.day", "cutoff.month", "cutoff.year"}
    entry = bank.entries["press.byline.authors"]
    _, reads = bank.render_traced(entry, {"byline": {"authors": ["Minh Châu"], "outlet": None}})
    assert collapse(reads) == ("byline.authors", "byline.outlet")


def test_collapse_keeps_a_whole_read_and_drops_what_is_inside_it() -> None:
    assert collapse({"tasks", "tasks[1]", "issuer.name", "issuer.level"}) == (
        "issuer.level",
        "issuer.name",
        "tasks",
    )


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (
            "Thu 1.234,5 tỷ đồng. Một số chỉ tiêu: a; b.",
            ["Thu 1.234,5 tỷ đồng.", "Một số chỉ tiêu: a; b."],
        ),
        ("Trao Huy hiệu đợt 3/2. Ước cả năm.", ["Trao Huy hiệu đợt 3/2.", "Ước cả năm."]),
        ("đạt 120,4% dự toán. ước cả năm", ["đạt 120,4% dự toán. ước cả năm"]),
        ('Thông qua "Nghị quyết". (Ảnh) Xong', ['Thông qua "Nghị quyết".', "(Ảnh) Xong"]),
    ],
)
def test_a_paragraph_splits_into_sentences_at_a_stop_before_a_capital(
    text: str, parts: list[str]
) -> None:
    assert split_sentences(text) == parts


def test_each_sentence_gets_the_phrases_inside_it_and_the_fields_it_says() -> None:
    count = Made("common.count", "common.count.standard", False, "6/20 chỉ tiêu", ("counts[0]",))
    made = Made(
        "press.results",
        "press.results.period_first",
        False,
        "Năm 2023, Đảng bộ tiến lên. Có 6/20 chỉ tiêu.",
        ("issuer.organisation", "period"),
        [count],
        {"period": "năm 2023", "issuer.organisation": "Đảng bộ"},
    )
    first, second = sentences(made.text, made, {})
    assert first.fields == ("issuer.organisation", "period")
    assert second.phrases == ("press.results.period_first", "common.count.standard")
    assert second.fields == ("counts[0]",)


def test_a_paragraph_no_phrase_wrote_has_no_provenance() -> None:
    (sentence,) = explain_paragraphs(["Một câu lạ."], {}, {})
    assert not sentence.grounded()


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_every_sentence_of_the_examples_has_a_phrase_and_data_or_is_a_formula(
    example: Path,
) -> None:
    for document in SESSION.explain(load_report(example)):
        assert document.sentences
        for sentence in document.sentences:
            assert sentence.phrases, sentence.text
            assert sentence.grounded(), sentence


def test_the_bac_son_sentences_name_their_phrase_and_fields() -> None:
    explained = {document.kind: document for document in SESSION.explain(load_report(BAC_SON))}
    press = {sentence.text: sentence for sentence in explained["press"].sentences}
    indicator = next(text for text in press if "35,8 tỷ đồng" in text)
    assert "common.indicator.standard" in press[indicator].phrases
    # its status, trend and form are facts of the whole indicator, so the item is named
    assert {"indicators[0]", "indicators[0].value"} & set(press[indicator].fields)
    assert press["Tin: Dương Lan - Hồng Thuyên"].fields == ("byline.authors", "byline.outlet")
    resolution = explained["resolution"].sentences
    heading = next(
        sentence for sentence in resolution if sentence.text.endswith("TỔ CHỨC THỰC HIỆN")
    )
    assert heading.formula and heading.phrases == ("resolution.part3.heading",)
    task = next(sentence for sentence in resolution if sentence.text.startswith("3- "))
    assert task.fields == ("tasks[2]",)


def test_the_explanation_reads_at_80_columns_in_vietnamese() -> None:
    session = Drafter(Choices(documents=("press",)))
    explained = session.explain(load_report(BAC_SON))
    text = format_explanation([(document.kind, document.sentences) for document in explained])
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "TIN BÀI (press)" in lines[0]
    assert any(line.strip().startswith("Câu mẫu: press.lead.") for line in lines)
    assert any(line.strip().startswith("Dữ liệu: conference.") for line in lines)


def test_a_list_read_item_by_item_is_one_field_and_a_field_goes_with_its_sentence() -> None:
    explained = {document.kind: document for document in SESSION.explain(load_report(BAC_SON))}
    press = explained["press"].sentences
    tasks = next(sentence for sentence in press if "khám chữa bệnh" in sentence.text)
    assert "tasks" in tasks.fields and not any("tasks[" in field for field in tasks.fields)
    culture = next(sentence for sentence in press if sentence.text.startswith("Các lĩnh vực văn"))
    assert culture.fields == ("results[1].items",)

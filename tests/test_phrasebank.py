"""The phrasebank: lint on the shipped and on planted faults, variant choice, user folders, CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import replace
from itertools import product
from pathlib import Path

import pytest

from drafter.cli import main
from drafter.compose import Composer, seed_of
from drafter.datafile import load_report
from drafter.errors import Finding, UserError
from drafter.lint import bundled_samples, hunspell_unknown, lint, record_calls
from drafter.models import Report
from drafter.phrasebank import (
    Entry,
    Phrasebank,
    load_folders,
    load_phrasebank,
    phrasebank_folders,
)
from drafter.profiles import load_profile
from drafter.resources import data_dir
from drafter.slots import GLOBAL_FACTS, SLOTS
from tests.conftest import BAC_SON, EXAMPLES, ROOT
from tests.helpers import run_main, without_hunspell

LANG_SON = ROOT / "examples" / "thanh-pho-lang-son-nam-2022.yaml"

SHIPPED = data_dir("phrasebank")


@pytest.fixture(scope="module")
def shipped_lint() -> list[Finding]:
    return lint(phrasebank_folders(), spelling=False).findings


def planted(tmp_path: Path, file: str, old: str, new: str) -> Path:
    """Return a copy of the shipped phrasebank with ``old`` replaced by ``new`` in ``file``."""
    folder = tmp_path / "kho"
    shutil.copytree(SHIPPED, folder)
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the planted fault needs {old!r} in {file}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def findings_of(folder: Path, *, spelling: bool = False) -> list[Finding]:
    """Return the lint's findings on ``folder``; only the spelling tests run hunspell."""
    return lint([folder], spelling=spelling).findings


def planted_findings(tmp_path: Path, file: str, old: str, new: str, rule: str) -> list[Finding]:
    """Return the lint's findings of ``rule`` on the shipped phrasebank with a planted fault."""
    return [f for f in findings_of(planted(tmp_path, file, old, new)) if f.rule == rule]


# -- lint: the shipped phrasebank and each planted fault -------------------------------------


def test_lint_passes_on_the_shipped_phrasebank(shipped_lint: list[Finding]) -> None:
    assert [finding.describe() for finding in shipped_lint] == []


def test_lint_names_entry_and_reason_for_the_typo_trong_tam(tmp_path: Path) -> None:
    folder = planted(
        tmp_path,
        "press.yaml",
        "Về nhiệm vụ {{ next_period }}, {{ body }} thống nhất",
        "Về nhiệm vụ trong tâm {{ next_period }}, {{ body }} thống nhất",
    )
    found = findings_of(folder)
    assert [(f.where, f.rule) for f in found] == [("press.tasks.focus", "confusable")]
    assert found[0].file == str(folder / "press.yaml")
    assert "'trong tâm'" in found[0].reason
    assert "'trọng tâm'" in found[0].reason


def test_lint_names_entry_and_reason_for_an_unknown_variable(tmp_path: Path) -> None:
    folder = planted(
        tmp_path,
        "press.yaml",
        "Dự hội nghị có {{ attendees }}",
        "Dự hội nghị có {{ attendants }}",
    )
    found = findings_of(folder)
    variable = [f for f in found if f.rule == "variable"]
    assert [f.where for f in variable] == ["press.attendance.standard"]
    assert "'attendants'" in variable[0].reason
    assert "có phải attendance?" in variable[0].reason
    assert {f.where for f in found} == {"press.attendance.standard"}


def test_lint_names_an_unknown_field_of_a_model(tmp_path: Path) -> None:
    variable = planted_findings(
        tmp_path,
        "press.yaml",
        "{{ issuer.name }} tổ chức Hội nghị {{ body }}\n      {% if conference.ordinal %}",
        "{{ issuer.name }} tổ chức Hội nghị {{ body }}\n      {% if conference.number %}",
        "variable",
    )
    assert [f.where for f in variable] == ["press.headline.held"]
    assert "Conference không có trường 'number'" in variable[0].reason


def test_lint_names_entry_and_reason_for_nfd_text(tmp_path: Path) -> None:
    composed = "Tham dự hội nghị có {{ attendees }}"
    decomposed = unicodedata.normalize("NFD", composed)
    assert decomposed != composed
    folder = planted(tmp_path, "press.yaml", composed, decomposed)
    found = findings_of(folder)
    assert [(f.where, f.rule) for f in found] == [("press.attendance.took_part", "nfc")]
    assert "NFC" in found[0].reason


def test_lint_names_slot_and_combination_for_an_uncovered_condition(tmp_path: Path) -> None:
    folder = planted(
        tmp_path,
        "press.yaml",
        "    when: {chair_count: many}",
        "    when: {chair_count: many, level: district}",
    )
    found = findings_of(folder)
    coverage = [f for f in found if f.rule == "coverage"]
    assert [f.where for f in coverage] == ["press.chair"]
    assert "chair_count=many" in coverage[0].reason
    assert coverage[0].file == str(folder / "press.yaml")


def test_lint_names_entry_and_reason_for_a_duplicate_variant(tmp_path: Path) -> None:
    copy = (
        "\n  - id: press.adopted.again\n    slot: press.adopted\n    docs: [press]\n"
        "    text: >-\n      Hội nghị đã biểu quyết thông qua {{ adopted | listing }}.\n"
    )
    folder = tmp_path / "kho"
    shutil.copytree(SHIPPED, folder)
    with (folder / "press.yaml").open("a", encoding="utf-8") as file:
        file.write(copy)
    found = findings_of(folder)
    assert [(f.where, f.rule) for f in found] == [("press.adopted.again", "duplicate")]
    assert "press.adopted.voted" in found[0].reason


def test_lint_accepts_the_same_text_under_conditions_that_never_meet(tmp_path: Path) -> None:
    (tmp_path / "anh.yaml").write_text(
        "entries:\n"
        "  - id: x.caption.a\n    slot: press.caption\n    docs: [press]\n"
        "    when: {has_file: true}\n    text: 'Hình: {{ caption }}'\n"
        "  - id: x.caption.b\n    slot: press.caption\n    docs: [press]\n"
        "    when: {has_file: false}\n    text: 'Hình: {{ caption }}'\n",
        encoding="utf-8",
    )
    found = lint(phrasebank_folders(tmp_path), spelling=False).findings
    assert [f for f in found if f.rule == "duplicate"] == []


def test_lint_reports_a_condition_that_can_never_hold(tmp_path: Path) -> None:
    folder = planted(
        tmp_path, "press.yaml", "when: {chair_count: many}", "when: {chair_count: several}"
    )
    rules = {(f.where, f.rule) for f in findings_of(folder)}
    assert ("press.chair.many", "condition") in rules
    assert ("press.chair", "coverage") in rules


def test_lint_reports_a_jinja_syntax_error_and_an_unknown_slot(tmp_path: Path) -> None:
    folder = planted(tmp_path, "press.yaml", "slot: press.byline\n", "slot: press.by_line\n")
    (folder / "extra.yaml").write_text(
        "entries:\n  - id: x.broken\n    slot: press.lead\n    docs: [press]\n"
        "    text: 'Ngày {% if conference.venue %}'\n",
        encoding="utf-8",
    )
    rules = {(f.where, f.rule) for f in findings_of(folder)}
    assert ("x.broken", "jinja") in rules
    assert ("press.byline.authors", "slot") in rules


def test_lint_reports_the_old_tone_style(tmp_path: Path) -> None:
    folder = planted(
        tmp_path, "press.yaml", "lĩnh vực văn hóa – xã hội", "lĩnh vực văn hoá – xã hội"
    )
    found = [f for f in findings_of(folder) if f.rule == "tone"]
    assert [f.where for f in found] == ["lexicon.field_topic.culture_society"]
    assert "hoá → hóa" in found[0].reason


def needs_hunspell() -> None:
    """Skip without hunspell and hunspell-vi on a developer box; fail under CI, which has them."""
    if hunspell_unknown(["và"]) is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI must have hunspell and hunspell-vi installed (.ci/run installs them)")
        pytest.skip("needs hunspell and hunspell-vi")


def test_lint_spells_with_hunspell_in_both_tone_styles_and_the_word_list(tmp_path: Path) -> None:
    needs_hunspell()
    assert hunspell_unknown(["hoà", "thuỷ"]) == set()
    folder = planted(
        tmp_path,
        "press.yaml",
        "Dự hội nghị có {{ attendees }}",
        "Dự hộii nghị có {{ attendees }}",
    )
    found = [f for f in findings_of(folder, spelling=True) if f.rule == "spelling"]
    assert [(f.where, "'hộii'" in f.reason) for f in found] == [("press.attendance.standard", True)]
    # The dictionary knows only "hoá"; the shipped phrasebank writes "hóa" and still passes.
    assert hunspell_unknown(["hóa"]) == {"hóa"}
    assert "văn hóa" in (SHIPPED / "common.yaml").read_text(encoding="utf-8")


def test_the_shipped_phrasebank_is_spelt_right() -> None:
    needs_hunspell()
    found = lint(phrasebank_folders(), samples=[]).findings
    assert [finding.describe() for finding in found if finding.rule == "spelling"] == []


def test_lint_accepts_names_from_the_project_word_list(tmp_path: Path) -> None:
    needs_hunspell()
    folder = planted(
        tmp_path,
        "press.yaml",
        "Dự hội nghị có {{ attendees }}",
        "Dự hội nghị ở Khuổi có {{ attendees }}",
    )
    assert [f.where for f in findings_of(folder, spelling=True) if f.rule == "spelling"] == [
        "press.attendance.standard"
    ]
    with (folder / "lint" / "words.txt").open("a", encoding="utf-8") as words:
        words.write("Khuổi\n")
    assert [f for f in findings_of(folder, spelling=True) if f.rule == "spelling"] == []


def test_cli_lint_exits_1_naming_file_and_entry_then_0_on_the_shipped(tmp_path: Path) -> None:
    folder = planted(
        tmp_path,
        "press.yaml",
        "Về nhiệm vụ {{ next_period }}, {{ body }} thống nhất",
        "Về nhiệm vụ trong tâm {{ next_period }}, {{ body }} thống nhất",
    )
    bad = run_main(
        ["phrases", "lint", "--phrasebank", str(folder), "--without-builtin"],
        env=without_hunspell(),
    )
    assert bad.returncode == 1, bad.stderr
    assert f"{folder / 'press.yaml'}: press.tasks.focus: 'trong tâm'" in bad.stdout
    good = run_main(["phrases", "lint"], env=without_hunspell())
    assert good.returncode == 0, good.stdout + good.stderr
    assert "không có lỗi" in good.stdout


def test_cli_lint_exits_2_on_an_unreadable_phrasebank(tmp_path: Path) -> None:
    (tmp_path / "hong.yaml").write_text("entries: [\n  - id: x\n", encoding="utf-8")
    assert main(["phrases", "lint", "--phrasebank", str(tmp_path)]) == 2


# -- variant choice ---------------------------------------------------------------------------


def compose_both(report: Report, bank: Phrasebank) -> list[str]:
    composer = Composer(report, bank)
    press, photos = composer.press()
    resolution = composer.resolution(load_profile("hd36"))
    return [repr(press), repr([photo.caption for photo in photos]), repr(resolution)]


def test_the_same_data_always_gives_the_same_text() -> None:
    for path in EXAMPLES:
        first = compose_both(load_report(path), load_phrasebank())
        second = compose_both(load_report(path), load_phrasebank())
        assert first == second


def test_the_same_data_gives_the_same_text_in_another_process() -> None:
    script = (
        "from pathlib import Path; from drafter.compose import Composer; "
        "from drafter.datafile import load_report; from drafter.phrasebank import load_phrasebank; "
        f"c = Composer(load_report(Path({str(BAC_SON)!r})), load_phrasebank()); "
        "print(repr(c.press()[0]))"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True, text=True, check=True, cwd=ROOT,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
        ).stdout
        for seed in ("1", "2")
    }  # fmt: skip
    assert len(outputs) == 1


UNITS = [
    "Bắc Sơn", "Bình Gia", "Văn Quan", "Cao Lộc", "Lộc Bình", "Đình Lập", "Hữu Lũng",
    "Chi Lăng", "Tràng Định", "Văn Lãng", "Na Dương", "Đồng Đăng", "Hoàng Đồng", "Mai Pha",
    "Tân Liên", "Gia Cát", "Yên Trạch", "Quang Lang", "Vũ Lễ", "Hưng Vũ",
]  # fmt: skip


def unit_report(name: str) -> Report:
    raw = load_report(BAC_SON).model_dump()
    raw["issuer"].update(
        name=f"Đảng ủy xã {name}", organisation=f"Đảng bộ xã {name}", place=name, level="commune"
    )
    raw["issuer"]["code"] = "ĐU"
    return Report.model_validate(raw)


def test_twenty_units_read_differently_in_lead_and_results_opener() -> None:
    bank = load_phrasebank()
    chosen: dict[str, set[str]] = {"press.lead": set(), "press.results": set()}
    texts: dict[str, set[str]] = {"press.lead": set(), "press.results": set()}
    for name in UNITS:
        report = unit_report(name)
        composer = Composer(report, bank)
        for slot, ids in chosen.items():
            ids.add(bank.choose(slot, composer.facts, seed_of(report)).id)
        press, _ = composer.press()
        texts["press.lead"].add(press["lead"].replace(name, "X"))
        texts["press.results"].add(press["sections"][0].replace(name, "X"))
    assert len(chosen["press.lead"]) >= 3
    assert len(chosen["press.results"]) >= 3
    assert len(texts["press.lead"]) >= 3
    assert len(texts["press.results"]) >= 3


def test_press_slots_have_three_variants_for_every_combination_of_conditions() -> None:
    bank = load_phrasebank()
    press_slots = (s for name, s in SLOTS.items() if name.startswith("press.") and not s.fragment)
    for slot in press_slots:
        entries = [entry for entry in bank.entries.values() if entry.slot == slot.name]
        mentioned = sorted({fact for entry in entries for fact in entry.when})
        for space in slot.spaces:
            domains = {**GLOBAL_FACTS, **space.facts}
            for values in product(*(domains[fact] for fact in mentioned)):
                facts = dict(zip(mentioned, values, strict=True))
                count = sum(entry.applies(facts) for entry in entries)
                assert count >= 3, f"{slot.name} has {count} variants for {facts}"


def test_a_variant_chosen_in_the_data_file_is_used() -> None:
    report = load_report(BAC_SON)
    report.options.variants = {"press.lead": "press.lead.two_sentences"}
    press, _ = Composer(report, load_phrasebank()).press()
    assert press["lead"].startswith("Ngày 15/9/2023, Huyện ủy Bắc Sơn tổ chức Hội nghị lần thứ 17")
    assert (
        ". Hội nghị đánh giá công tác lãnh đạo, chỉ đạo thực hiện nhiệm vụ 9 tháng" in press["lead"]
    )


def test_a_chosen_variant_whose_conditions_fail_gives_way_and_never_contradicts() -> None:
    report = load_report(LANG_SON)  # a city's year: rises only
    report.options.variants = {"common.comparison": "common.comparison.fall"}
    composer = Composer(report, load_phrasebank())
    press, _ = composer.press()
    results = next(section for section in press["sections"] if "6,47%" in section)
    assert "tăng 6,47% so với năm 2021" in results
    assert "giảm" not in results


def test_an_unknown_variant_is_refused_before_anything_is_drafted() -> None:
    report = load_report(BAC_SON)
    report.options.variants = {"press.lead": "press.headline.held"}
    with pytest.raises(UserError, match=r"không có câu mẫu 'press\.headline\.held' cho vị trí"):
        Composer(report, load_phrasebank())


def test_render_takes_variants_and_a_phrasebank_from_the_command_line(tmp_path: Path) -> None:
    from docx import Document

    own = tmp_path / "cau-mau"
    own.mkdir()
    (own / "rieng.yaml").write_text(
        "entries:\n  - id: press.headline.held\n    slot: press.headline\n    docs: [press]\n"
        "    text: Tít riêng của {{ issuer.name }}\n",
        encoding="utf-8",
    )
    code = main(
        [
            "render", str(BAC_SON), "--doc", "press", "--out", str(tmp_path / "out"),
            "--phrasebank", str(own), "--variant", "press.headline=press.headline.held",
            "--variant", "press.lead=press.lead.body_met",
        ]
    )  # fmt: skip
    assert code == 0
    (written,) = (tmp_path / "out").glob("*.docx")
    text = "\n".join(paragraph.text for paragraph in Document(str(written)).paragraphs)
    assert "Tít riêng của Huyện ủy Bắc Sơn" in text
    assert "Ban Chấp hành Đảng bộ huyện Bắc Sơn khóa XXII, nhiệm kỳ 2020-2025, đã họp" in text


def test_render_refuses_an_unknown_variant_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["render", str(BAC_SON), "--out", str(tmp_path), "--variant", "press.lead=x.y"])
    assert code == 2
    assert "không có câu mẫu 'x.y' cho vị trí press.lead" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_render_refuses_a_malformed_variant_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["render", str(BAC_SON), "--out", str(tmp_path), "--variant", "press.lead"])
    assert exit_info.value.code == 2
    assert "cần có dạng VỊ_TRÍ=MÃ" in capsys.readouterr().err


# -- user folders -----------------------------------------------------------------------------


def test_a_user_folder_adds_entries_and_overrides_them_by_id(tmp_path: Path) -> None:
    (tmp_path / "rieng.yaml").write_text(
        "entries:\n"
        "  - id: press.attendance.standard\n    slot: press.attendance\n    docs: [press]\n"
        "    text: Có mặt tại hội nghị có {{ attendance }}.\n"
        "  - id: xa.attendance.own\n    slot: press.attendance\n    docs: [press]\n"
        "    text: Về dự hội nghị có {{ attendance }}.\n",
        encoding="utf-8",
    )
    base = load_phrasebank()
    bank = load_phrasebank(tmp_path)
    assert len(bank.entries) == len(base.entries) + 1
    assert bank.entries["press.attendance.standard"].text.startswith("Có mặt tại hội nghị")
    assert "xa.attendance.own" in {entry.id for entry in bank.candidates("press.attendance", {})}
    assert lint(phrasebank_folders(tmp_path), spelling=False).findings == []


# -- the documents use the phrasebank ---------------------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_every_sentence_of_both_documents_comes_from_the_phrasebank(path: Path) -> None:
    shipped = load_phrasebank()
    marked = Phrasebank(
        [replace(entry, text=f"⟦{entry.id}⟧ {entry.text}") for entry in shipped.entries.values()],
        shipped.lexicon,
    )
    composer = Composer(load_report(path), marked)
    press, photos = composer.press()
    sentences = [press["headline"], press["lead"], *press["sections"]]
    sentences += [press[key] for key in ("chair", "attendance", "byline") if press[key]]
    sentences += [photo.caption for photo in photos]
    resolution = composer.resolution(load_profile("hd36"))
    sentences += [resolution[key] for key in ("conference_line", "subject", "opening")]
    for part in resolution["parts"]:
        sentences += [part["heading"], *part["paragraphs"]]
    sentences.append(resolution["recipients"][-1])
    unmarked = [sentence for sentence in sentences if "⟦" not in sentence]
    assert unmarked == []


def test_every_entry_renders_on_some_sample() -> None:
    bank = load_folders(phrasebank_folders())
    composer_calls = []
    reporting = [load_profile("hd36"), load_profile("nd30")]
    for path in bundled_samples():
        composer_calls += record_calls(
            load_report(path), bank, load_profile("hd36"), path.name, report_profiles=reporting
        )
    rendered = {
        entry.id for call in composer_calls for entry in bank.candidates(call.slot, call.facts)
    }
    assert sorted(set(bank.entries) - rendered) == []


# -- the phrases commands ---------------------------------------------------------------------


def test_phrases_list_shows_the_entries_of_a_slot(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["phrases", "list", "--slot", "press.chair"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("press.chair (6 câu mẫu)")
    assert "press.chair.many_passive" in out
    assert "chair_count=many" in out


def test_phrases_show_prints_the_entry_and_its_rendering(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["phrases", "show", "common.comparison.fall_points"]) == 0
    out = capsys.readouterr().out
    assert "Điều kiện:  kind=change, direction=down, measure=points" in out
    assert "Điền thử trên phuong-ban-thuong-vu-quy-iv.yaml:" in out
    assert "giảm 0,3 điểm phần trăm so với cuối năm 2024" in out  # 1,5% → 1,2%, not "20%"


def test_phrases_show_an_unknown_id_suggests_close_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["phrases", "show", "press.lead.reviw"]) == 2
    assert "press.lead.review" in capsys.readouterr().err


def test_shipped_phrasebank_files_are_nfc_throughout_comments_included() -> None:
    for path in [*SHIPPED.glob("*.yaml"), *SHIPPED.glob("lint/**/*.yaml")]:
        assert unicodedata.is_normalized("NFC", path.read_text(encoding="utf-8")), path


def test_every_shipped_entry_has_documents_and_a_register_note() -> None:
    bank = load_phrasebank()
    assert [entry.id for entry in bank.entries.values() if not entry.docs or not entry.note] == []


def test_a_remembered_phrase_is_rendered_again_when_what_it_reads_changes() -> None:
    entry = Entry(id="t.x", slot="t", text="{{ issuer.level }} {{ n }}", source="t")
    bank = Phrasebank([entry], {})

    def render(level: str, name: str, n: object) -> str:
        return bank.render_memo(entry, {"issuer": {"level": level, "name": name}, "n": n})

    texts = [render("xã", "A", 1), render("xã", "B", 1), render("huyện", "B", 1)]
    texts.append(render("huyện", "B", True))  # equal to 1, but not the same text
    assert texts == ["xã 1", "xã 1", "huyện 1", "huyện True"]
    assert len(bank._memo) == 3, "the name is not read, so it is not part of the key"

    class Opaque:  # a default repr says nothing of the value: never remembered
        def __init__(self, text: str) -> None:
            self.text = text

        def __str__(self) -> str:
            return self.text

    assert [render("xã", "A", Opaque(text)) for text in ("1", "2")] == ["xã 1", "xã 2"]
    assert len(bank._memo) == 3


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("lexicon: [1, 2]\n", "lexicon"),
        ("lexicon:\n  resolution_code: null\n", "resolution_code"),
        ("lexicon:\n  resolution_code: [NQ]\n", "một chữ"),
        ("entries:\n  - {id: x.y, slot: press.lead, text: abc, when: abc}\n", "'when'"),
        ("entries:\n  - {id: x.y, slot: press.lead, text: abc, docs: 5}\n", "'docs'"),
        ("entries:\n  - {id: x.y, slot: press.lead, text: abc, docs: [tin]}\n", "'docs'"),
    ],
    ids=["lexicon-list", "lexicon-null", "lexicon-shape", "when-text", "docs-number", "docs-name"],
)
def test_a_phrasebank_of_the_wrong_shape_is_refused_by_render_and_lint(
    content: str, reason: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from drafter.cli import main

    folder = tmp_path / "kho"
    folder.mkdir()
    (folder / "a.yaml").write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["render", str(BAC_SON), "--phrasebank", str(folder), "--out", str(out)]) == 2
    assert main(["phrases", "lint", "--phrasebank", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.count(reason) >= 2
    assert str(folder / "a.yaml") in err
    assert "Traceback" not in err
    assert not out.exists()


def test_lint_refuses_a_formula_that_reads_data(tmp_path: Path) -> None:
    heading = "      {{ number | roman }}- TỔ CHỨC THỰC HIỆN"
    found = planted_findings(
        tmp_path, "resolution.yaml", heading, heading + " {{ period | upper }}", "formula"
    )
    assert [f.where for f in found] == ["resolution.part3.heading"]
    assert "formula: true nhưng đọc dữ liệu (period)" in found[0].reason
    with pytest.raises(UserError, match="formula: true nhưng đọc dữ liệu"):
        bank = load_folders([tmp_path / "kho"])
        bank.render(bank.entries["resolution.part3.heading"], {"number": 3, "period": "quý I"})


def test_lint_asks_a_phrase_that_reads_no_data_to_declare_itself_a_formula(tmp_path: Path) -> None:
    found = planted_findings(tmp_path, "resolution.yaml", "    formula: true\n", "", "formula")
    assert [f.where for f in found] == ["resolution.part3.heading"]
    assert "ghi formula: true" in found[0].reason


def test_the_loader_refuses_a_formula_mark_that_is_not_true_or_false(tmp_path: Path) -> None:
    folder = planted(tmp_path, "resolution.yaml", "    formula: true\n", "    formula: có\n")
    with pytest.raises(UserError, match="'formula' phải là true hoặc false"):
        load_folders([folder])

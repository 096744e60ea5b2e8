"""Server-side template injection: every payload fails with a clear error, fast, doing nothing.

Templates and phrasebanks come from other offices, so their Jinja is treated as hostile. Each
payload is rendered as a phrase (the path that runs ~25 times per document), and a selection
through both DOCX render paths (compile-once and docxtpl) and the batch file-name pattern.
Each must raise ``UserError`` naming the phrase or template with a remedy, within a time
bound, and leave no file behind.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from drafter import sandbox
from drafter.errors import UserError
from drafter.naming import NamePattern
from drafter.phrasebank import Entry, Phrasebank, make_environment
from drafter.render import _open_template, render_docx, render_with_docxtpl
from drafter.sandbox import MAX_ITEMS, PART_OUTPUT, PHRASE_OUTPUT, LimitError
from tests.helpers import PAYLOADS, docx_with

DOCX_PAYLOADS = [
    "{{ issuer.__class__.__mro__ }}",
    "{{ cycler.__init__.__globals__.os.system('touch pwned') }}",
    "{{ '{0.__class__}'.format(issuer) }}",
    "{{ issuer * 10**9 }}",
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{% include 'word/document.xml' %}",
]
PATTERN_PAYLOADS = [
    "{{ unit.__class__.__mro__ }}",
    "{{ lipsum.__globals__ }}",
    "{{ unit * 10**9 }}",
    "{{ '%999999999s' % unit }}",
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
]
SECONDS = 5.0


def bank_with(text: str) -> tuple[Phrasebank, Entry]:
    entry = Entry(id="hostile.entry", slot="press.lead", text=text, source="pb/hostile.yaml")
    return Phrasebank([entry], {"word": "từ"}), entry


@pytest.fixture(autouse=True)
def in_empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_there_are_at_least_sixty_payloads() -> None:
    assert len(PAYLOADS) + len(DOCX_PAYLOADS) + len(PATTERN_PAYLOADS) >= 60


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_hostile_phrase_fails_with_its_id_and_a_remedy_quickly_and_does_nothing(
    payload: str, in_empty_folder: Path
) -> None:
    bank, entry = bank_with(payload)
    started = time.perf_counter()
    with pytest.raises(UserError) as raised:
        bank.render(entry, {"value": "x"})
    assert time.perf_counter() - started < SECONDS
    assert "hostile.entry" in raised.value.message
    assert raised.value.where == "pb/hostile.yaml"
    assert "\n  → " in raised.value.message
    assert list(in_empty_folder.iterdir()) == []


@pytest.mark.parametrize("payload", DOCX_PAYLOADS)
@pytest.mark.parametrize("path", ["compiled", "docxtpl"])
def test_a_hostile_docx_template_fails_naming_the_template_in_both_render_paths(
    payload: str, path: str, in_empty_folder: Path
) -> None:
    template = in_empty_folder / "hostile.docx"
    template.write_bytes(docx_with(payload))
    started = time.perf_counter()
    with pytest.raises(UserError) as raised:
        if path == "compiled":
            render_docx(template, {"issuer": "Huyện ủy"})
        else:
            render_with_docxtpl(_open_template(template), {"issuer": "Huyện ủy"}, template)
    assert time.perf_counter() - started < SECONDS
    assert raised.value.where == str(template)
    assert "\n  → " in raised.value.message
    assert [item.name for item in in_empty_folder.iterdir()] == ["hostile.docx"]


@pytest.mark.parametrize("payload", PATTERN_PAYLOADS)
def test_a_hostile_name_pattern_is_refused_before_any_work(payload: str) -> None:
    started = time.perf_counter()
    with pytest.raises(UserError) as raised:
        NamePattern(payload)
    assert time.perf_counter() - started < SECONDS
    assert raised.value.where == "--name"


def test_user_text_is_data_never_a_template() -> None:
    bank, entry = bank_with("Ý kiến: {{ value }}.")
    text = bank.render(entry, {"value": "{{ 7 * 7 }} {% if x %}<w:p/>&amp;"})
    assert text == "Ý kiến: {{ 7 * 7 }} {% if x %}<w:p/>&amp;."


def test_ordinary_jinja_still_works_in_the_sandbox() -> None:
    env = make_environment()
    source = (
        "{{ 'ab'.upper() }} {{ items|join(', ') }} {{ 2 ** 10 }} {{ 'x' * 3 }} "
        "{% for i in range(3) %}{{ loop.cycle('a', 'b') }}{% endfor %} {{ '%05.1f' % 3.14159 }} "
        "{{ dict(a=1).items()|list }} {{ words|listing }}"
    )
    text = env.from_string(source).render(items=["x", "y"], words=["một", "hai", "ba"])
    assert text == "AB x, y 1024 xxx aba 003.1 [('a', 1)] một, hai và ba"


def test_phrase_output_is_bounded_at_the_phrase_limit() -> None:
    env = make_environment()
    fits = "{% for i in range(" + str(PHRASE_OUTPUT // 100) + ") %}{{ 'x' * 100 }}{% endfor %}"
    assert len(env.from_string(fits).render()) == PHRASE_OUTPUT
    with pytest.raises(LimitError, match="20000 ký tự"):
        env.from_string(fits + "x").render()


def test_a_document_part_may_be_long_but_not_unbounded() -> None:
    env = make_environment(PART_OUTPUT)
    lines = "{% for i in range(10000) %}{{ 'x' * 1000 }}{% endfor %}"
    assert len(env.from_string(lines).render()) == 10_000_000
    endless = "{% for i in range(100000) %}{{ 'x' * " + str(MAX_ITEMS) + " }}{% endfor %}"
    started = time.perf_counter()
    with pytest.raises(LimitError):
        env.from_string(endless).render()
    assert time.perf_counter() - started < SECONDS


def test_the_budget_starts_again_for_every_render() -> None:
    env = make_environment()
    template = env.from_string("{% for i in range(60000) %}{% endfor %}ok")
    assert [template.render() for _ in range(3)] == ["ok", "ok", "ok"]


def test_time_bounds_what_steps_do_not_count(monkeypatch: pytest.MonkeyPatch) -> None:
    """Comparisons and ``in`` cost no step: a loop of them is stopped by the clock.

    The clock is set to a quarter of a second: the loop's 100 000 steps take seconds, so the
    clock, not the step count, must stop it (and the test does not wait the real 5 s).
    """
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.25)
    heavy = "{% for i in range(100000) %}{% if s in t or s == t %}x{% endif %}{% endfor %}"
    started = time.perf_counter()
    with pytest.raises(LimitError, match="giây"):
        make_environment().from_string(heavy).render(s="b" * 50_000, t="a" * 99_999)
    assert time.perf_counter() - started < SECONDS


@pytest.mark.parametrize("depth", [2_500, 20_000])
def test_brackets_nested_beyond_the_stack_are_a_syntax_error(depth: int) -> None:
    from jinja2 import TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError, match="lồng nhau quá sâu"):
        make_environment().from_string("{{ " + "(" * depth + "1" + ")" * depth + " }}")


@pytest.mark.parametrize("payload", ["{{ a " * 16_000, "{%- vm -%}</w:t><w:t>" * 16_000])
def test_a_template_too_costly_to_preprocess_is_refused_quickly(
    payload: str, tmp_path: Path
) -> None:
    template = tmp_path / "slow.docx"
    template.write_bytes(docx_with(f"<w:p><w:r><w:t>{payload}</w:t></w:r></w:p>"))
    for render in (lambda: render_docx(template, {}), lambda: _open_template(template)):
        started = time.perf_counter()
        with pytest.raises(UserError, match="ngoặc") as raised:
            render()
        assert time.perf_counter() - started < SECONDS
        assert str(template) in str(raised.value.where)

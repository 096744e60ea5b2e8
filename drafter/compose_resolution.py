"""The resolution (nghị quyết): its header, its numbered parts and its signature.

Composed from the shared pieces of ``compose.Composer`` (phrases, people, figures, lists); the
profile gives the forms of the number line, the signature and the recipients.
"""

from __future__ import annotations

from collections.abc import Sequence

from drafter import vietnamese as vi
from drafter.compose import SAME_NAME, Composer, own_archive
from drafter.contexts import Part, ResolutionContext, ResolutionHeader
from drafter.profiles import Profile
from drafter.typed import finish

CLOSING_LINES = 2
"""How many body paragraphs before the signature keep with it (and so with each other)."""


def compose_resolution(composer: Composer, profile: Profile) -> ResolutionContext:
    """Return the resolution's context; the profile gives the forms of number and signature."""
    report = composer.report
    info = report.resolution
    date = report.resolution_date()
    parts = [
        (_assessment(composer), "resolution.part1_heading"),
        (_directions(composer), "resolution.part2_heading"),
        (_implementation(composer), "resolution.part3_heading"),
    ]
    numbered = [
        Part(
            heading=composer.phrase(slot, {"number": number}),
            paragraphs=paragraphs,
            kept=0,
        )
        for number, (paragraphs, slot) in enumerate(
            ((paragraphs, slot) for paragraphs, slot in parts if paragraphs), start=1
        )
    ]  # a part with nothing to say is left out and the next ones move up (I-, II-)
    signer = info.signer
    context: ResolutionContext = {
        **_header(composer, profile),
        "conference_line": composer.phrase("resolution.conference_line", {}),
        "subject": composer.log.line("resolution.subject", info.subject, ("resolution.subject",))
        if info.subject
        else composer.phrase("resolution.subject", {}),
        "opening": composer.phrase(
            "resolution.opening",
            {"date": vi.official_date(date), "discussion": composer.items(report.discussion)},
            origins={
                "date": "resolution.date" if info.date else "conference.date",
                "discussion": "discussion",
            },
        ),
        "parts": _keep_closing(numbered, CLOSING_LINES),
        "authority": composer.log.line(
            "resolution.authority",
            profile.authority_line(
                vi.upper_vi(composer.bank.lexicon["body_short"][report.conference.body])
            ),
            ("conference.body",),
        ),
        "signer_title": composer.log.line(
            "resolution.signer", vi.upper_vi(signer.title), ("resolution.signer.title",)
        )
        if signer
        else composer.log.line(  # the usual signer of the genre: a formula, not data
            "resolution.signer",
            vi.upper_vi(composer.bank.lexicon["default_signer_title"]),
            (),
            formula=True,
        ),
        "signer_name": composer.log.line(
            "resolution.signer", signer.name, ("resolution.signer.name",)
        )
        if signer and signer.name
        else "",
        "recipients": _recipients(composer, profile, info.recipients),
    }
    return finish(context, composer.style, composer.kept)


def _recipients(composer: Composer, profile: Profile, names: Sequence[str]) -> list[str]:
    """Return the recipients lines, the last naming where the original is filed (the data's
    own "Lưu …" line when it ends with one, else the archive phrase)."""
    own = own_archive(names, composer.bank.lexicon["archive_opener"])
    count = len(names) - (own is not None)
    lines = [
        composer.log.line(
            "resolution.recipients",
            profile.recipient_line(name),
            (f"resolution.recipients[{index}]",),
        )
        for index, name in enumerate(names[:count])
    ]
    if own is not None:
        lines.append(
            composer.log.line(
                "resolution.recipients",
                profile.own_archive_line(own),
                (f"resolution.recipients[{count}]",),
            )
        )
    else:
        lines.append(_archive_line(composer, profile))
    return lines


def _archive_line(composer: Composer, profile: Profile) -> str:
    """Return the last recipient line, "Lưu …", around the archive phrase."""
    archive = composer.phrase("resolution.archive", {})
    return composer.log.line(
        "resolution.recipients",
        profile.archive_line(archive),
        (),
        (archive,),
    )


def _header(composer: Composer, profile: Profile) -> ResolutionHeader:
    """Return the header lines: superior, issuer, number line, date line, draft mark."""
    report = composer.report
    info = report.resolution
    issuer = report.issuer
    number_line = profile.number_line(
        info.number, composer.bank.lexicon["resolution_code"], issuer.code
    )
    date_source = "resolution.date" if info.date else "conference.date"
    return {
        "superior": composer.log.line(
            "resolution.superior", vi.upper_vi(issuer.superior or ""), ("issuer.superior",)
        )
        if issuer.writes_superior()
        else "",
        "issuer": composer.log.line(
            "resolution.issuer", vi.upper_vi(issuer.name), ("issuer.name",)
        ),
        "number_line": composer.log.line(
            "resolution.number_line",
            number_line,
            ("issuer.code", "resolution.number"),
        ),
        "date_line": composer.log.line(
            "resolution.date_line",
            vi.official_date_line(issuer.place, report.resolution_date()),
            ("issuer.place", date_source),
        ),
        "draft_mark": composer.log.line(
            "resolution.draft_mark",
            profile.draft_mark_text(info.draft_round),
            ("resolution.draft", "resolution.draft_round"),
        )
        if info.draft
        else "",
    }


def _assessment(composer: Composer) -> list[str]:
    """Return the paragraphs of part I: the assessment, the fields, the limitations."""
    report = composer.report
    paragraphs = [
        composer.phrase(
            "resolution.assessment",
            {
                "documents": composer.documents(official=True),
                "counts": composer.results_counts(),
                "indicators": composer.key_indicators(press=False),
            },
        )
    ]
    paragraphs += [
        composer.phrase(
            "resolution.field",
            {"field": field},
            {"field": field["key"]},
            origins={"field": f"results[{index}]"},
        )
        for index, field in enumerate(composer.fields())
    ]
    if report.limitations:
        paragraphs.append(
            composer.phrase(
                "resolution.limitations",
                {
                    "limitations": composer.items(report.limitations),
                    "causes": composer.items(report.causes),
                },
                origins=SAME_NAME,
            )
        )
    return paragraphs


def _directions(composer: Composer) -> list[str]:
    """Return the paragraphs of part II: the targets, then the numbered tasks."""
    paragraphs = []
    targets = composer.targets("resolution.targets")
    if targets:
        paragraphs.append(targets)
    paragraphs += [
        composer.phrase(
            "resolution.task",
            {"number": index, "task": task},
            origins={"task": f"tasks[{index - 1}]"},
        )
        for index, task in enumerate(composer.items(composer.report.tasks), start=1)
    ]
    return paragraphs


def _implementation(composer: Composer) -> list[str]:
    """Return the paragraphs of part III: the numbered items, or the usual one."""
    items = composer.items(composer.report.resolution.implementation)
    if not items:
        return [composer.phrase("resolution.implementation", {}, {"has_items": False})]
    return [
        composer.phrase(
            "resolution.implementation",
            {"number": index, "item": item},
            {"has_items": True},
            origins={"item": f"resolution.implementation[{index - 1}]"},
        )
        for index, item in enumerate(items, start=1)
    ]


def _keep_closing(parts: list[Part], lines: int) -> list[Part]:
    """Return ``parts`` with the last ``lines`` paragraphs of the body marked to keep together.

    Counted from the end across parts (a heading keeps with its first paragraph by its style),
    so the signature never stands on a page without the body's last lines above it.
    """
    marked: list[Part] = []
    left = lines
    for part in reversed(parts):
        kept = min(left, len(part["paragraphs"]))
        left -= kept
        marked.append(Part(heading=part["heading"], paragraphs=part["paragraphs"], kept=kept))
    return marked[::-1]

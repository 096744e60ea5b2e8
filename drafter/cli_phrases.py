"""The read-only phrasebank commands: ``drafter phrases list`` and ``drafter phrases show``.

Kept apart from ``cli.py`` (which parses and dispatches) so that module stays short; nothing
heavy is imported until a command runs.
"""

from __future__ import annotations

import argparse


def run_phrases_list(args: argparse.Namespace) -> int:
    from drafter.errors import UserError
    from drafter.phrasebank import load_folders, phrasebank_folders
    from drafter.slots import SLOTS

    bank = load_folders(phrasebank_folders(args.phrasebank))
    slots = sorted(set(SLOTS) | set(bank.slots()))
    if args.slot is not None:
        if args.slot not in slots:
            raise UserError(
                f"không có vị trí {args.slot}", "Xem các vị trí bằng: drafter phrases list"
            )
        slots = [args.slot]
    for slot in slots:
        entries = sorted(
            (entry for entry in bank.entries.values() if entry.slot == slot),
            key=lambda entry: entry.id,
        )
        print(f"{slot} ({len(entries)} câu mẫu)")
        for entry in entries:
            print(f"  {entry.id:<46} {conditions(entry.when)}")
    return 0


def conditions(when: object) -> str:
    if not isinstance(when, dict) or not when:
        return "—"

    def show(value: object) -> str:
        if isinstance(value, list):
            return "[" + ", ".join(show(item) for item in value) + "]"
        return (
            "null"
            if value is None
            else str(value).lower()
            if isinstance(value, bool)
            else str(value)
        )

    return ", ".join(f"{key}={show(value)}" for key, value in when.items())


def run_phrases_show(args: argparse.Namespace) -> int:
    import difflib

    from drafter.errors import UserError
    from drafter.lint import bundled_samples, render_example, sample_calls
    from drafter.phrasebank import load_folders, phrasebank_folders

    bank = load_folders(phrasebank_folders(args.phrasebank))
    entry = bank.entries.get(args.id)
    if entry is None:
        close = difflib.get_close_matches(args.id, list(bank.entries), n=3)
        hint = f"Có phải: {', '.join(close)}? " if close else ""
        raise UserError(
            f"không có câu mẫu '{args.id}'", f"{hint}Xem các mã bằng: drafter phrases list"
        )
    print(f"Mã:         {entry.id}")
    print(f"Vị trí:     {entry.slot}")
    print(f"Văn bản:    {', '.join(entry.docs) or '—'}")
    print(f"Điều kiện:  {conditions(entry.when)}")
    print(f"Ghi chú:    {entry.note or '—'}")
    print(f"Tệp:        {entry.source}")
    print("Câu mẫu:")
    for line in entry.text.splitlines():
        print(f"  {line}")
    samples = args.data if args.data else bundled_samples()
    example = render_example(entry, bank, sample_calls(bank, samples)) if samples else None
    if example is None:
        print(
            "Không tệp dữ liệu nào có số liệu thỏa điều kiện của câu mẫu này; "
            "dùng --data TỆP để điền thử trên tệp khác."
        )
    else:
        sample, text = example
        print(f"Điền thử trên {sample}:")
        print(f"  {text}")
    return 0

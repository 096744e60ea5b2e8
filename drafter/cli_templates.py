"""`drafter templates list | new | check`: the bundled templates, a copy to edit, its audit."""

from __future__ import annotations

import argparse
import sys


def run_templates_list(args: argparse.Namespace) -> int:
    """Print the bundled templates, one per line."""
    from drafter.check.template import builtin_templates

    for path in builtin_templates():
        print(f"{path.stem:<24} {path}")
    return 0


def run_templates_new(args: argparse.Namespace) -> int:
    """Write a copy of a template for the clerk to edit in Word."""
    from drafter.check.template import new_template

    target = new_template(args.name, args.source, overwrite=args.overwrite)
    print(f"✓ đã ghi {target}; sửa trong Word rồi kiểm tra: drafter templates check {target}")
    return 0


def run_templates_check(args: argparse.Namespace) -> int:
    """Audit templates: 0 all good, 1 findings, 2 a file could not be read."""
    import json

    from drafter.check.template import check_template
    from drafter.errors import UserError

    status = 0
    report = []
    for path in args.files:
        try:
            findings = check_template(path)
        except UserError as error:
            status = 2
            report.append({"file": str(path), "ok": False, "error": error.message})
            if not args.json:
                print(f"Lỗi: {error.message}", file=sys.stderr)
            continue
        if findings and status == 0:
            status = 1
        report.append(
            {
                "file": str(path),
                "ok": not findings,
                "findings": [vars(finding) for finding in findings],
            }
        )
        if args.json:
            continue
        if not findings:
            print(f"✓ {path}: mẫu không có lỗi")
            continue
        print(f"✗ {path}: {len(findings)} lỗi trong mẫu")
        for finding in findings:
            print(f"  {finding.rule:<15} {finding.where}\n  {'':<15} → {finding.reason}")
    if args.json:
        print(json.dumps({"files": report}, ensure_ascii=False, indent=2))
    return status

"""One error tree. Every message a clerk sees states the fact, where it is, then the remedy.

Nothing below the command line prints or exits: modules raise these errors and ``cli`` turns
them into a message on stderr and an exit code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class DrafterError(Exception):
    """Base of every error drafter raises on purpose."""

    exit_code = 1


class UserError(DrafterError):
    """Bad input from the user: shown without a traceback, exit code 2."""

    exit_code = 2

    def __init__(self, fact: str, remedy: str | None = None, *, where: str | None = None) -> None:
        self.fact = fact
        self.remedy = remedy
        self.where = where
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """Return the full message: location, fact, remedy."""
        head = f"{self.where}: {self.fact}" if self.where else self.fact
        return f"{head}\n  → {self.remedy}" if self.remedy else head


class WriteError(UserError):
    """A file that cannot be written: a full disk, a read-only folder. A batch stops at once."""

    def __reduce__(self) -> tuple[object, ...]:
        """Keep fact, remedy and place when a batch worker sends the error back."""
        return (type(self), (self.fact, self.remedy), {"where": self.where})


@dataclass(frozen=True)
class Finding:
    """One problem found in an input: where it is, why (Vietnamese), and the rule it breaks.

    The one record of ``validate`` (data files), ``check`` (DOCX), ``phrases lint`` and the
    sheet reader and ``batch``. ``where`` names the place as a clerk looks for it: a field
    path ("indicators[2].value"), a document element, a phrasebank entry id, a sheet column.
    ``file`` is the file it is in, ``line`` a data file's line and ``row``/``unit`` a sheet's
    row and its unit, when known.
    """

    where: str
    reason: str
    rule: str = ""
    file: str = ""
    line: int | None = None
    row: int | None = None
    unit: str = ""

    def place(self) -> str:
        """Return where the problem is, in the clerk's words, without the file."""
        if self.row is not None:
            return f"dòng {self.row}, cột {self.where}" if self.where else f"dòng {self.row}"
        where = self.where or "(gốc)"
        return f"{where} (dòng {self.line})" if self.line is not None else where

    def describe(self) -> str:
        """Return ``place: reason`` (``file: place: reason [rule]`` for a lint finding)."""
        if self.file and self.rule:
            return f"{self.file}: {self.place()}: {self.reason} [{self.rule}]"
        return f"{self.place()}: {self.reason}"


class DataFileError(UserError):
    """A data file that cannot be used: every problem found, not just the first."""

    def __init__(self, source: str, problems: Sequence[Finding]) -> None:
        self.source = source
        self.problems = list(problems)
        count = len(self.problems)
        lines = "\n".join(f"  - {p.describe()}" for p in self.problems)
        super().__init__(
            f"tệp dữ liệu có {count} lỗi:\n{lines}",
            "Sửa các mục trên trong tệp rồi chạy lại (drafter validate TỆP để kiểm tra).",
            where=source,
        )

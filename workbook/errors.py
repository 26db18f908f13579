"""The exception types of the workbook: one family, plain-language messages."""

from __future__ import annotations

from pathlib import Path

from .i18n import UnknownLanguageError, _

__all__ = ["AmbiguousDatesError", "AmbiguousLayoutError", "InputError", "MissingColumnsError", "MissingResourceError",
           "NoPlanError", "NothingCountedError", "PlanError", "PlanStartedAgainError", "StoreError",
           "UnknownLanguageError", "WorkbookError"]



class WorkbookError(Exception):
    """Base of every error the workbook raises on purpose."""


class InputError(WorkbookError):
    """A file the owner brought cannot be used; the message says where and why.

    ``row`` is the row number as a spreadsheet shows it (the header is row 1 of
    the table unless title rows sit above it); ``column`` is the header text. ``report``
    holds what an import found before it failed (see ``importer.report``).
    """

    report: dict | None = None

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.reason = message
        self.file = Path(file).name if file is not None else None
        self.row = row
        self.column = column
        super().__init__(self._render())

    def _render(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.row is not None:
            where.append(_("row {row}").format(row=self.row))
        if self.column:
            where.append(_("column '{column}'").format(column=self.column))
        return f"{', '.join(where)}: {self.reason}" if where else self.reason


class AmbiguousDatesError(InputError):
    """Dates that read equally well as day/month and month/day: the owner must say."""


class AmbiguousLayoutError(InputError):
    """More than one column could be the customer, amount or date, and they give different top tens: the owner
    must say which; ``role`` is the role and ``headers`` the columns that could play it."""

    def __init__(self, message: str, *, role: str = "", headers: list[str] | None = None, **where) -> None:
        super().__init__(message, **where)
        self.role, self.headers = role, headers or []


class MissingColumnsError(InputError):
    """No column was recognised for a role the challenge needs: the owner can point to it."""


class NothingCountedError(InputError):
    """Every order of an export is left out by its status: ``orders`` of them, by status in ``statuses``;
    ``awaiting`` of them would count with status "all"."""

    awaiting = orders = 0
    statuses = ""


class StoreError(InputError):
    """The store (the SQLite file of plans and logs) cannot be used: damaged, or held by another program."""


class MissingResourceError(WorkbookError):
    """A file the workbook is installed with is not there: the installation is broken."""


class PlanStartedAgainError(WorkbookError):
    """A change meant for a plan that has since been started again (in another tab, or by a new round)."""


class NoPlanError(InputError):
    """A plan asked for where the owner has not started one."""


class PlanError(WorkbookError):
    """A plan that is not ready: ``problems`` lists each in plain words."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))

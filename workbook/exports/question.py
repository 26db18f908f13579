"""The column question: every column of an export, the best guess for each role, and the first rows as
they will be read, for the owner to say which column is which."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from ..errors import InputError
from ..formatting import day, money
from ..i18n import _
from .amounts import parse_amounts
from .columns import coded
from .importer import choose_sheet
from .layouts import detect, unique_headers
from .reading import open_source, preview
from .values import DateOrder, parse_dates


class Guess(NamedTuple):
    """An export's columns for the owner to say which is which: the header's columns, the best guess
    (or the owner's word) for each role, and the first rows as they will be read."""

    headers: list[str]
    chosen: dict[str, str]
    rows: list[dict[str, str]]  # per row, each chosen role's cell as read
    cells: list[dict[str, str]]  # per row, every column's cell as written


GUESSED = ("customer", "email", "phone", "date", "amount", "product")


def guess_columns(path: str | Path, columns: dict[str, str] | None = None, date_order: DateOrder | None = None,
                  rows: int = 5) -> Guess:
    """What the owner sees when asked which column is which: every column, the guesses, a preview."""
    source = open_source(path)
    try:
        found, _others = choose_sheet(source, None, True)
    except InputError:
        found = None
    cells = preview(source)
    try:
        found = detect(cells, file=source.name, overrides=columns) if found is None or columns else found
    except InputError:
        return Guess(unique_headers(max(cells[:40], key=lambda r: sum(1 for c in r if c), default=[])), {}, [], [])
    guessed = {role: found.column(role) or next(iter(found.reading.ambiguous.get(role, ())), None) for role in GUESSED}
    chosen = {role: header for role, header in guessed.items() if header}
    body = cells[found.header_row + 1:found.header_row + 1 + rows]
    shown = {role: _as_read(role, [r[found.headers.index(h)] if found.headers.index(h) < len(r) else "" for r in body],
                            date_order or found.layout.date_order) for role, h in chosen.items()}
    return Guess([h for h in found.headers if not h.startswith("__blank")], chosen,
                 [{role: values[i] for role, values in shown.items()} for i in range(len(body))],
                 [dict(zip(found.headers, row)) for row in body])


def _as_read(role: str, cells: list[str], date_order: DateOrder | None) -> list[str]:
    """Cells as the import will read them: amounts as numbers, dates as days, the rest as written."""
    column = coded([c.strip() or None for c in cells])
    if role == "amount":
        return [money(v) if v == v else _("not a number: {cell}").format(cell=c) if c else ""
                for v, c in zip(parse_amounts(column), cells)]
    if role == "date":
        try:
            days = parse_dates(column, date_order)
        except ValueError:
            return [_("{cell} (day/month or month/day?)").format(cell=c) for c in cells]
        return [day(d.item(), "medium") if d == d else _("not a date: {cell}").format(cell=c) if c else ""
                for d, c in zip(days, cells)]
    return [c.strip() for c in cells]

"""The exports the workbook knows by name, and finding the header row and each column's role.

A role is what a column means to the challenge: who bought (customer, first and last name,
email, phone, customer number, address), when (date), how much (amount, refunded, quantity),
what (product), which order a line belongs to (order), and whether the sale stands (status,
kind, cancelled). The known layouts are data (``layouts.toml``); any other export is read by
the meaning of its headers and cells (:mod:`workbook.meaning`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

from ..errors import InputError
from ..i18n import N_, _
from .meaning import (
    SAMPLE,
    Choice,
    Reading,
    folded,
    header_language,
    is_date,
    is_email,
    is_number,
    match,
    per_customer,
    read_meaning,
    vocabulary,
)
from .values import DateOrder

ROLE_LABELS = {  # marked for the catalogue, translated where shown
    "customer": N_("customer name"), "first_name": N_("first name"), "last_name": N_("last name"),
    "email": N_("email"), "phone": N_("phone number"), "customer_id": N_("customer number"),
    "street": N_("street address"), "street2": N_("second address line"), "city": N_("town"),
    "postcode": N_("postcode"), "country": N_("country"), "date": N_("date of sale"), "amount": N_("amount"),
    "quantity": N_("quantity"), "tip": N_("tip"), "refunded": N_("refunded amount"),
    "product": N_("product or service"),
    "order": N_("order or invoice number"), "orders": N_("number of orders"), "status": N_("payment status"),
    "kind": N_("kind of transaction"), "cancelled": N_("cancelled date"), "currency": N_("currency"),
}
ROLES = tuple(ROLE_LABELS)
WHO = ("customer", "first_name", "last_name", "email", "phone", "customer_id")
HEADER_ROWS = 200  # how far down a header row may sit under titles and notes


class Layout(NamedTuple):
    """One known export: the headers that tell it apart and the roles it settles."""

    key: str
    label: str
    telling: tuple[tuple[str, ...], ...] = ()
    roles: dict[str, tuple[str, ...]] = {}  # noqa: RUF012 (a NamedTuple's default, never changed)
    system: str = "sheet"
    order_level: bool | None = None
    date_order: DateOrder | None = None
    sections: bool = False  # QuickBooks style: customer headings above their rows
    note: str = ""
    no_customers: str = ""  # why this export cannot say who bought
    business_line: int = 0  # the line of the title block above the header that names the business (1: the first)

    def matches(self, present: set[str], headers: list[str]) -> bool:
        """Whether a header row is this export's: one name of each telling group, and for a report laid out in
        sections, the blank first column its customer headings stand in."""
        return (bool(self.telling) and all(any(name in present for name in group) for group in self.telling)
                and (not self.sections or (bool(headers) and headers[0].startswith("__blank"))))


GENERIC = Layout(key="generic", label=N_("Sales sheet (one row per sale)"))


@cache
def layouts() -> tuple[Layout, ...]:
    """The known layouts, from ``layouts.toml``."""
    data = tomllib.loads(Path(__file__).with_name("layouts.toml").read_text(encoding="utf-8"))
    return tuple(Layout(**{**entry, "telling": tuple(tuple(g) for g in entry.get("telling", ())),
                           "roles": {r: tuple(h) for r, h in entry.get("roles", {}).items()}})
                 for entry in data["layout"])


def unique_headers(row: list[str]) -> list[str]:
    """Header cells as names a table can use: blanks named by place, repeats numbered ("City (2)")."""
    seen: dict[str, int] = {}
    names = []
    for at, cell in enumerate(row):
        name = (cell or "").strip() or f"__blank{at}__"
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return names


@dataclass
class Detection:
    """Where the header is, which layout it is, and which columns play each role and why."""

    layout: Layout
    header_row: int
    headers: list[str]
    reading: Reading
    language: str | None = None  # the language of the headers, when one leads

    @property
    def mapping(self) -> dict[str, list[str]]:
        """Each role's columns, best first."""
        return {role: choice.headers for role, choice in self.reading.roles.items()}

    def column(self, role: str) -> str | None:
        """The (first) column playing ``role``."""
        choice = self.reading.roles.get(role)
        return choice.headers[0] if choice else None

    def missing(self) -> list[str]:
        """Roles the challenge needs that no column plays (nor two could, the owner to say which)."""
        played = self.reading.roles.keys() | self.reading.ambiguous.keys()
        needed = []
        if not self.layout.sections and not (set(WHO) & played):
            needed.append("customer")
        if "amount" not in played:
            needed.append("amount")
        return needed


def detect(rows: list[list[str]], file: str | None = None, overrides: dict[str, str] | None = None) -> Detection:
    """Find the header row among the first rows and each column's role below it.

    ``overrides`` (role to header) are the owner's word and take precedence; a role the owner
    names no column for (an empty header) is left unplayed.
    """
    overrides = overrides or {}
    unknown = [role for role in overrides if role not in ROLES]
    if unknown:
        raise InputError(_("'{role}' is not a column role; the roles are: {roles}").format(
            role=unknown[0], roles=", ".join(ROLES)), file=file)
    named = {folded(h) for h in overrides.values() if h}
    if named and not any(named <= {folded(c) for c in row} for row in rows[:HEADER_ROWS]):
        found = detect(rows, file)  # no row holds the named columns: the header's columns, in the message
        _named(next(h for h in overrides.values() if h and folded(h) not in map(folded, found.headers)),
               found.headers, {folded(h): h for h in found.headers}, file)
    best: Detection | None = None
    for index, row in enumerate(rows[:HEADER_ROWS]):
        if sum(1 for cell in row if cell) < 2 or _looks_like_data(row) or not named <= {folded(c) for c in row}:
            continue
        found = _read_header(rows, index, overrides, file)
        if found.layout is not GENERIC or not found.missing():
            return _below_a_group_row(rows, index, found, overrides, file)
        if best is None or _strength(found) > _strength(best):
            best = found
    if best is None:
        raise InputError(_("no header row was found: the file has no row with column names"), file=file)
    return best


def _below_a_group_row(rows: list[list[str]], index: int, found: Detection, overrides: dict[str, str],
                       file: str | None) -> Detection:
    """A sparse row of group titles ("Sales", "Buyers") may stand above the real header: the next row is the
    header when it names more columns and plays at least as many roles."""
    if found.layout is not GENERIC or index + 1 >= len(rows):
        return found
    filled = sum(1 for cell in rows[index] if cell)
    below = rows[index + 1]
    if sum(1 for cell in below if cell) <= filled or _looks_like_data(below):
        return found
    under = _read_header(rows, index + 1, overrides, file)
    return under if not under.missing() and len(under.reading.roles) >= len(found.reading.roles) else found


def _looks_like_data(row: list[str]) -> bool:
    """A row of amounts, dates and email addresses is a sale, not column names."""
    cells = [cell for cell in row if cell]
    return sum(1 for cell in cells if is_number(cell) or is_date(cell) or is_email(cell)) >= len(cells) / 2


def _strength(found: Detection) -> tuple[int, int]:
    return (len(found.reading.roles) + len(found.reading.ambiguous), -found.header_row)


def _read_header(rows: list[list[str]], index: int, overrides: dict[str, str], file: str | None) -> Detection:
    headers = unique_headers(rows[index])
    present = {folded(h): h for h in headers if not h.startswith("__blank")}
    layout = next((lay for lay in layouts() if lay.matches(set(present), headers)), GENERIC)
    samples = {h: [c.strip() for r in rows[index + 1:index + 1 + SAMPLE] if at < len(r) and (c := r[at]) and c.strip()]
               for at, h in enumerate(headers)}
    taken: dict[str, Choice] = {}
    for role, names in layout.roles.items():
        hits = [present[n] for n in names if n in present]
        if hits:
            taken[role] = _settled(role, hits[:1] if vocabulary().roles[role].single else hits,
                                   _("the {role} of a {layout}").format(role=_(ROLE_LABELS[role]),
                                                                        layout=_(layout.label)))
    for role, header in overrides.items():
        taken[role] = _settled(role, [_named(header, headers, present, file)] if header else [], _("as you said"))
    reading = read_meaning(headers, samples, {r: c.headers for r, c in taken.items()})
    reading.roles.update({role: choice for role, choice in taken.items() if choice.headers})
    per_customer(reading)
    return Detection(layout=layout, header_row=index, headers=headers, reading=reading,
                     language=header_language(headers))


def _settled(role: str, headers: list[str], why: str) -> Choice:
    """Columns a layout or the owner gave ``role``, with the ranks their words have in it."""
    rules = vocabulary().roles[role]
    ranks = [fit.rank if (fit := match(h, rules)) else -1 for h in headers]
    first = rules.ranks[ranks[0]] if ranks and ranks[0] >= 0 else None
    return Choice(headers, why, ranks, bool(first and first.price), bool(first and first.net),
                  bool(first and first.per_customer), bool(first and first.tips))


def _named(header: str, headers: list[str], present: dict[str, str], file: str | None) -> str:
    """The column the owner named, as written or folded alike; a plain error listing the columns if none."""
    if header in headers:
        return header
    if folded(header) in present:
        return present[folded(header)]
    shown = ", ".join(f"'{h}'" for h in headers if not h.startswith("__blank"))
    raise InputError(_("there is no column named '{column}'; the columns are: {columns}").format(
        column=header, columns=shown), file=file)

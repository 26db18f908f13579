"""What reading exports gives: the sales, one row per sale line, and the report of how each file was read."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any, Literal, NamedTuple, get_args

import numpy as np

from ..errors import InputError
from .columns import Coded, concat
from .identity import customer_keys
from .layouts import ROLES, Detection

StatusChoice = Literal["all", "paid"]  # all: paid and awaiting payment; paid: paid only
STATUS_CHOICES: tuple[StatusChoice, ...] = get_args(StatusChoice)


@dataclass
class Sales:
    """One row per sale line: who (key, name, email, phone, number, address), when, how much, and what."""

    key: Coded  # the customer's key (see identity), the same for every sale of one customer
    customer: Coded  # the name as written
    email: Coded  # trimmed, lower case
    phone: Coded  # +E.164 where it could be read
    customer_id: Coded  # ``system:number``
    address: Coded
    date: np.ndarray  # datetime64[D], NaT where the export has none
    amount: np.ndarray  # float64, net of refunds; 0 on an order's further lines
    orders: np.ndarray  # int32: how many orders the row counts for
    purchase: np.ndarray  # bool: the line was bought (not a refund)
    product: Coded
    order: Coded  # the order's number as the export writes it (empty where it has none)
    source: np.ndarray  # int16: which of the exports read together the row came from

    def __len__(self) -> int:
        return len(self.amount)

    def select(self, rows: np.ndarray) -> Sales:
        """The sales at ``rows`` (a mask or positions)."""
        return Sales(**{f.name: getattr(self, f.name)[rows] if isinstance(getattr(self, f.name), np.ndarray)
                        else getattr(self, f.name).select(rows) for f in fields(self)})

    @property
    def customers(self) -> int:
        """How many different customers bought."""
        return int(np.count_nonzero(np.bincount(self.key.codes[self.key.codes >= 0], minlength=1)))


def identified(sales: Sales) -> Sales:
    """``sales`` with every row's customer key worked out from what the rows know of them."""
    sales.key = customer_keys(sales.email, sales.phone, sales.customer_id, sales.customer)
    return sales


def joined(parts: list[Sales]) -> Sales:
    """Several exports' sales as one table (keys to be worked out again)."""
    if len(parts) == 1:
        return parts[0]
    columns: dict[str, Any] = {f.name: np.concatenate([getattr(p, f.name) for p in parts]) if f.name in _ARRAYS
                               else concat([getattr(p, f.name) for p in parts]) for f in fields(Sales)}
    return Sales(**columns)


_ARRAYS = frozenset({"date", "amount", "orders", "purchase", "source"})


class Skipped(NamedTuple):
    """Rows left out for one reason: how many, and the first few."""

    reason: str
    rows: int
    examples: list[str]


class StatusCount(NamedTuple):
    """How many orders had one status, and whether they count."""

    status: str
    orders: int
    counted: bool
    kind: str  # paid, awaiting, void or unknown


@dataclass
class ImportResult:
    """The sales read from one export, and what happened on the way."""

    file: str
    layout: str
    read_as: str
    detection: Detection | None
    sales: Sales
    rows_read: int
    skipped: int = 0
    reasons: list[str] = field(default_factory=list)
    skipped_by: list[Skipped] = field(default_factory=list)
    statuses: list[StatusCount] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sheet: str | None = None
    other_sheets: list[str] = field(default_factory=list)
    currency: str | None = None  # the ISO code of its amounts, when the export says
    business: str = ""  # the business the export is of, where its title block names it
    rules: dict[str, str] = field(default_factory=dict)  # how the amounts and dates were read, by role

    @property
    def mapping(self) -> dict[str, list[str]]:
        return self.detection.mapping if self.detection else {}

    def summary(self) -> dict:
        """What ``workbook inspect`` prints."""
        return report(self.file, self.layout, self.read_as, self.detection, self.sheet, self.other_sheets,
                      rows_read=self.rows_read, sales_used=len(self.sales), rows_skipped=self.skipped,
                      skipped_reasons=self.reasons, skipped=[s._asdict() for s in self.skipped_by],
                      statuses=[s._asdict() for s in self.statuses], customers=self.sales.customers, notes=self.notes,
                      currency=self.currency, rules=self.rules, **facts(self.sales))


def facts(sales: Sales) -> dict:
    """What an owner checks at a glance: the first and last day of the sales, the largest single sale and
    who made it, and how many customers were found under more than one email, phone or name."""
    dated = sales.date[~np.isnat(sales.date)]
    found: dict = {"first_date": str(dated.min()) if len(dated) else None,
                   "last_date": str(dated.max()) if len(dated) else None, "largest_sale": None}
    if len(sales) and np.nanmax(sales.amount) > 0:
        at = int(np.nanargmax(sales.amount))
        who = next((c.label(int(c.codes[at])) for c in (sales.customer, sales.email, sales.phone, sales.customer_id)
                    if c.codes[at] >= 0), None)
        found["largest_sale"] = {"amount": round(float(sales.amount[at]), 2), "customer": who,
                                 "date": str(sales.date[at]) if not np.isnat(sales.date[at]) else None}
    found["merged"] = merged(sales)
    return found


def merged(sales: Sales) -> dict[str, int]:
    """How many customers were found under several emails, phone numbers or names (their rows joined by
    what they share), and how many phone numbers several people share (kept apart)."""
    keys = sales.key.codes
    counts = {}
    for what, column in (("emails", sales.email), ("phones", sales.phone), ("names", sales.customer)):
        both = (keys >= 0) & (column.codes >= 0)
        pairs = np.unique(np.stack([keys[both], column.codes[both]]), axis=1) if both.any() else np.zeros((2, 0))
        counts[what] = int(np.count_nonzero(np.bincount(pairs[0].astype(np.int64)) > 1)) if pairs.size else 0
    both = (keys >= 0) & (sales.phone.codes >= 0)
    pairs = np.unique(np.stack([sales.phone.codes[both], keys[both]]), axis=1) if both.any() else np.zeros((2, 0))
    counts["shared_phones"] = int(np.count_nonzero(np.bincount(pairs[0].astype(np.int64)) > 1)) if pairs.size else 0
    return counts


def report(file: str, layout: str, read_as: str, detection: Detection | None, sheet: str | None = None,
           other_sheets: list[str] | None = None, **found) -> dict:
    """An import's report as plain data: how the file was read and what each column plays, and why."""
    roles = sorted(detection.reading.roles.items(), key=lambda item: ROLES.index(item[0])) if detection else []
    columns = {role: choice.headers for role, choice in roles}
    why = {role: choice.why for role, choice in roles}
    return {"file": file, "layout": layout, "read_as": read_as, "sheet": sheet, "other_sheets": other_sheets or [],
            "header_row": detection.header_row + 1 if detection else None, "columns": columns, "why": why,
            "passed_over": detection.reading.passed_over if detection else {},
            "ambiguous": detection.reading.ambiguous if detection else {}, **found}


@dataclass
class Imported:
    """Several exports read together: each one's result, those that failed, and the sales matched across them."""

    results: list[ImportResult]
    failed: list[InputError]
    sales: Sales
    matched: int = 0

    @property
    def currency(self) -> str | None:
        """The currency most of the sales read are in, when the exports say."""
        said = [(len(r.sales), r.currency) for r in self.results if r.currency]
        return max(said)[1] if said else None

    @property
    def business(self) -> str:
        """The business the exports are of, where one of them names it."""
        return next((r.business for r in self.results if r.business), "")

    def summary(self) -> dict:
        return {"files": [r.summary() for r in self.results],
                "failed": [{"message": str(e), "report": e.report} for e in self.failed],
                "customers": self.sales.customers, "matched_across_files": self.matched}

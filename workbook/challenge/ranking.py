"""Ranking customers: who spends the most, what they bought last, and when."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import numpy as np

from ..errors import InputError
from ..exports import first_item, phone_for_people
from ..i18n import _
from .shortlist import METRIC, RankBy, Row, order

if TYPE_CHECKING:
    from ..exports import Sales

RANKING_COLUMNS = ("rank", "key", "customer", "email", "phone", "address", "total_spend", "spend_12m", "orders",
                   "first_purchase_date", "last_purchase_date", "last_product", "share", "cumulative_share")
def products_sold(sales: Sales) -> list[tuple[str, int]]:
    """Each product of ``sales`` with how many sale lines it is on."""
    codes = sales.product.codes
    counts = np.bincount(codes[codes >= 0], minlength=len(sales.product.values))
    return [(str(product), int(count)) for product, count in zip(sales.product.values.to_pylist(), counts) if product]


def nobody_spent(files: str) -> InputError:
    """Why no customer can be ranked: every one's sales come to nothing or less (``files``: the exports)."""
    return InputError(_("no customer has spent anything: every customer's sales come to nothing or less (only "
                        "refunds, or every order cancelled)"), file=files)


_NAT = np.iinfo("int64").min  # how NaT looks as a whole number of days
_NEVER = np.iinfo("int64").max


def rank_customers(sales: Sales, by: RankBy = "spend", top: int | None = None,
                   as_of: dt.date | None = None, exclude: frozenset[str] = frozenset()) -> list[Row]:
    """Customers best first, one row each with the keys of :data:`RANKING_COLUMNS`.

    Only sales on or before ``as_of`` count (all of them when it is None); the
    12-month spend covers the year up to ``as_of`` (or the last sale). Customers whose
    net spend is not above zero are left out, as are the keys in ``exclude``. Ties go
    to higher spend, then the more recent last purchase, then the name. Dates are
    written YYYY-MM-DD (None when unknown).
    """
    if by not in METRIC:
        raise ValueError(f"rank by one of {', '.join(METRIC)}, not {by!r}")
    if as_of is not None:
        sales = sales.select(np.isnat(sales.date) | (sales.date <= np.datetime64(as_of, "D")))
    if exclude:  # the 12 months end where the whole export ends, whoever is left out
        dated = sales.date[~np.isnat(sales.date)]
        as_of = as_of if as_of is not None or not len(dated) else dated.max().item()
        sales = sales.select(~np.isin(sales.key.codes, _codes_of(sales, exclude)))
    totals = _Totals(sales, as_of)
    spent = np.flatnonzero(totals.spend > 0.005)
    revenue = float(totals.spend[spent].sum())
    rows = order([totals.row(code, revenue) for code in _contenders(totals, spent, by, top)], by)[:top]
    cumulative = 0.0
    for rank, row in enumerate(rows, start=1):
        cumulative += row["share"]
        row.update(rank=rank, cumulative_share=cumulative)
    products = _last_products(sales, {row["code"]: totals.last[row["code"]] for row in rows})
    for row in rows:
        row["last_product"] = products.get(row["code"])
        row["phone"] = phone_for_people(row["phone"])
    return [{name: row[name] for name in RANKING_COLUMNS} for row in rows]


class _Totals:
    """Per customer key code: spend, 12-month spend, orders, first and last purchase, name and email."""

    def __init__(self, sales: Sales, as_of: dt.date | None):
        codes, n = sales.key.codes, len(sales.key.values)
        when = sales.date.view("int64")
        dated = when != _NAT
        end = np.datetime64(as_of, "D") if as_of is not None else sales.date[dated].max() if dated.any() else None
        recent = dated & (when > _year_before(end)) if end is not None else np.zeros(len(when), dtype=bool)
        bought = sales.purchase & dated
        self.sales = sales
        self.spend = np.bincount(codes, weights=sales.amount, minlength=n)
        self.spend_12m = np.bincount(codes, weights=np.where(recent, sales.amount, 0.0), minlength=n)
        self.orders = np.bincount(codes, weights=sales.orders, minlength=n).astype(np.int64)
        self.first = np.full(n, _NEVER)
        np.minimum.at(self.first, codes[bought], when[bought])
        self.last = np.full(n, _NAT)
        np.maximum.at(self.last, codes[bought], when[bought])
        paid = sales.amount > 0
        self.customer, self.email, self.phone, self.address, self.number = (
            _latest(codes, n, when, column.codes, paid)
            for column in (sales.customer, sales.email, sales.phone, sales.address, sales.customer_id))

    def metric(self, by: RankBy) -> np.ndarray:
        return {"spend": self.spend, "spend_12m": self.spend_12m, "orders": self.orders}[by]

    def _number(self, code: int) -> str | None:
        """The customer number, without whose numbers they are (``square:C1`` is C1)."""
        number = self.sales.customer_id.label(self.number[code])
        return number.split(":", 1)[1] if number else None

    def row(self, code: int, revenue: float) -> Row:
        """One customer's row (with its key ``code``), before it is numbered."""
        email = self.sales.email.label(self.email[code])
        phone = self.sales.phone.label(self.phone[code])
        spend = round(float(self.spend[code]), 2)
        return {
            "code": code, "key": self.sales.key.label(code),
            "customer": self.sales.customer.label(self.customer[code]) or email or phone or self._number(code),
            "email": email,
            "phone": phone, "address": self.sales.address.label(self.address[code]),
            "total_spend": spend, "spend_12m": round(float(self.spend_12m[code]), 2),
            "orders": int(self.orders[code]), "first_purchase_date": _day(self.first[code]),
            "last_purchase_date": _day(self.last[code]), "share": spend / revenue if revenue else 0.0,
        }


def _year_before(day: np.datetime64) -> int:
    """The day a year before ``day`` (28 February for a 29th), as a whole number of days."""
    date = day.astype(dt.date)
    earlier = date.replace(year=date.year - 1, day=28 if (date.month, date.day) == (2, 29) else date.day)
    return int(np.datetime64(earlier, "D").view("int64"))


def _day(days: np.int64) -> str | None:
    """A whole number of days since 1970 as YYYY-MM-DD; None for NaT or never."""
    if days in (_NAT, _NEVER):
        return None
    return str(np.datetime64(int(days), "D"))


def _codes_of(sales: Sales, keys: frozenset[str]) -> np.ndarray:
    labels = sales.key.values.to_pylist()
    return np.array([i for i, label in enumerate(labels) if label in keys], dtype=np.int32)


def _latest(codes: np.ndarray, n: int, when: np.ndarray, value_codes: np.ndarray, paid: np.ndarray) -> np.ndarray:
    """Per key code, the value code of the most recent row that has one (the first such row on a tie), among
    the rows with money on them where the customer has such a row with a value."""
    has = value_codes >= 0
    chosen = _latest(codes, n, when, value_codes, np.ones(len(codes), dtype=bool)) if not paid.all() else None
    has &= paid
    if not has.any():
        return chosen if chosen is not None else np.full(n, -1, dtype=np.int64)
    newest = np.full(n, _NAT)
    np.maximum.at(newest, codes[has], when[has])
    rows = np.flatnonzero(has & (when == newest[codes]))
    pick = np.full(n, len(codes))
    np.minimum.at(pick, codes[rows], rows)
    chosen = np.full(n, -1, dtype=np.int64) if chosen is None else chosen
    found = pick < len(codes)
    chosen[found] = value_codes[pick[found]]
    return chosen


def _contenders(totals: _Totals, spent: np.ndarray, by: RankBy, top: int | None) -> np.ndarray:
    """The key codes among ``spent`` that can reach the ``top``: at least as good as the top-th by ``by``."""
    if top is None or len(spent) <= top:
        return spent
    metric = totals.metric(by)[spent]
    return spent[metric >= np.partition(metric, len(metric) - top)[len(metric) - top]]


def _last_products(sales: Sales, last: dict[int, np.int64]) -> dict[int, str]:
    """Per key code, the one thing to name from its ``last`` purchase day: of what was bought that day,
    what the customer buys most often (the first listed on a tie)."""
    place = np.full(len(sales.key.values) + 1, -1, dtype=np.int64)  # the last place takes rows without a key
    place[list(last)] = np.arange(len(last))
    rows = np.flatnonzero((place[sales.key.codes] >= 0) & sales.purchase & (sales.product.codes >= 0))
    who, what = place[sales.key.codes[rows]], sales.product.codes[rows].astype(np.int64)
    products = len(sales.product.values)
    often = np.bincount(who * products + what, minlength=len(last) * products)
    on_last = sales.date.view("int64")[rows] == np.array(list(last.values()), dtype=np.int64)[who]
    codes = list(last)
    found: dict[int, int] = {}
    for mine, product in zip(who[on_last].tolist(), what[on_last].tolist()):
        if mine not in found or often[mine * products + product] > often[mine * products + found[mine]]:
            found[mine] = product
    return {codes[mine]: first_item(sales.product.label(product)) or "" for mine, product in found.items()}

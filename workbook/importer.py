"""Reading an export into one table of sales, whatever system it came from.

``load_sales`` returns an :class:`ImportResult` whose :class:`Sales` hold one row per
sale line; rows that cannot be used are counted with their reasons, and a file that
cannot be used raises ``InputError``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path

import numpy as np
import pyarrow as pa

from .columns import Coded, Table, empty
from .errors import AmbiguousDatesError, InputError, MissingColumnsError
from .layouts import ROLE_LABELS, Detection, detect
from .reading import Source, open_source, preview, read_cells, read_table
from .values import DateOrder, clean_text, customer_keys, parse_amounts, parse_dates, present, trimmed

SHOWN_REASONS = 5
MAX_BAD_SHARE = 0.5
_NO_CUSTOMER = "no customer"


@dataclass
class Sales:
    """One row per sale line: who (key, customer, email), when, how much, and what."""

    key: Coded  # ``email:…`` or ``name:…``, the same for every sale of one customer
    customer: Coded  # the name as written
    email: Coded  # trimmed, lower case
    date: np.ndarray  # datetime64[D], NaT where the export has none
    amount: np.ndarray  # float64, net of refunds; 0 on an order's further lines
    orders: np.ndarray  # int32: how many orders the row counts for
    purchase: np.ndarray  # bool: the line was bought (not a refund)
    product: Coded

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


@dataclass
class ImportResult:
    """The sales read from one export, and what happened on the way."""

    file: str
    layout: str
    read_as: str
    mapping: dict[str, str]
    sales: Sales
    rows_read: int
    skipped: int = 0
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        """What ``workbook inspect`` prints."""
        return {
            "file": self.file, "layout": self.layout, "read_as": self.read_as, "columns": self.mapping,
            "rows_read": self.rows_read, "sales_used": len(self.sales), "rows_skipped": self.skipped,
            "skipped_reasons": self.reasons, "customers": self.sales.customers, "notes": self.notes,
        }


def load_sales(path: str | Path, sheet: str | None = None, columns: dict[str, str] | None = None,
               date_order: DateOrder | None = None) -> ImportResult:
    """Read the export at ``path``; ``columns`` maps roles to headers where detection needs help."""
    source = open_source(path, sheet)
    found = detect(preview(source), file=source.name, overrides=columns)
    missing = found.missing()
    if missing:
        shown = ", ".join(f"'{h}'" for h in found.headers if h)
        raise MissingColumnsError(
            "no column for the " + " or ".join(ROLE_LABELS[m] for m in missing)
            + f" was recognised; the columns are: {shown}", file=source.name,
            row=found.header_row + 1)
    table = _read(source, found, list(dict.fromkeys(found.mapping.values())))
    if not table.rows:
        raise InputError("the file has a header row but no sales below it", file=source.name)
    sales, reasons, counted = _to_sales(table, found, source.name, date_order)
    return _finish(source, found, table, sales, reasons, counted)


def header_cells(path: str | Path, sheet: str | None = None) -> list[str]:
    """The column names of an export, for letting the owner say which column is which."""
    rows = preview(open_source(path, sheet))
    best = max(rows, key=lambda row: sum(1 for cell in row if cell), default=[])
    return [cell for cell in best if cell]


def _read(source: Source, found: Detection, wanted: list[str]) -> Table:
    if found.layout.sections:
        return read_cells(source, found.header_row)
    return read_table(source, found.header_row, wanted)


class _Reasons:
    """Why rows cannot be used: a reason per row (its first one wins), worded only when shown."""

    def __init__(self, rows: int):
        self.which = np.full(rows, -1, dtype=np.int8)
        self._reasons: list[tuple[str, Coded | None]] = []

    @property
    def found(self) -> np.ndarray:
        return self.which >= 0

    def add(self, bad: np.ndarray, template: str, cells: Coded | None = None) -> None:
        """Give ``bad`` rows without a reason yet ``template``, to be filled with their cell."""
        new = bad & ~self.found
        if new.any():
            self.which[new] = len(self._reasons)
            self._reasons.append((template, cells))

    def having(self, rows: np.ndarray, template: str) -> np.ndarray:
        """Which of ``rows`` were given ``template``."""
        return np.isin(self.which[rows], [i for i, (t, _) in enumerate(self._reasons) if t == template])

    def text(self, row: int) -> str:
        """Why ``row`` cannot be used, in words."""
        template, cells = self._reasons[self.which[row]]
        return template.format(cells.label(cells.codes[row])) if cells is not None else template


def _to_sales(table: Table, found: Detection, file: str,
              date_order: DateOrder | None) -> tuple[Sales, _Reasons, np.ndarray]:
    """The sales, why rows cannot be used, and which rows count as read (not headings, not voided).

    The sales take ``table``'s columns over: it keeps only its size.
    """
    layout, mapping = found.layout, found.mapping
    col = {role: table[header] for role, header in mapping.items()}
    section = table.columns.get("__section__")
    table.columns.clear()  # the cells are ours now, and each column goes once it is used
    reasons = _Reasons(table.rows)
    keep = np.ones(table.rows, dtype=bool)

    if layout.sections:
        col["customer"], keep = _sections(section, col["date"])

    first_line = np.ones(table.rows, dtype=bool)
    if "order" in col and layout.order_level:
        first_line = _order_level(col)

    amount = parse_amounts(col["amount"])
    if "refunded" in col:
        amount -= np.nan_to_num(parse_amounts(col["refunded"]))
    has_amount_cell = present(col["amount"])
    reasons.add(keep & first_line & has_amount_cell & np.isnan(amount), "amount '{}' is not a number", col["amount"])
    reasons.add(keep & first_line & ~has_amount_cell, "no amount")
    purchase = amount > 0
    amount[~first_line] = 0.0

    if "date" in col:
        try:
            date = parse_dates(col["date"], date_order or layout.date_order)
        except ValueError as error:
            raise AmbiguousDatesError(
                f"{error}; say which order the dates use: day/month (--date-order dmy) or month/day "
                "(--date-order mdy)", file=file, column=mapping["date"]) from None
        has_date_cell = present(col["date"])
        reasons.add(keep & has_date_cell & np.isnat(date), "date '{}' is not a date", col["date"])
        reasons.add(keep & ~has_date_cell, "no date")
    else:
        date = np.full(table.rows, np.datetime64("NaT", "D"))

    name = _customer_names(col, table.rows)
    key, email = customer_keys(col["email"] if "email" in col else empty(table.rows), name)
    excluded = np.zeros(table.rows, dtype=bool)
    if layout.keep_status is not None and "status" in col:
        status = col["status"]
        kept = [value is None or value.lower() in layout.keep_status
                for value in trimmed(status.values).to_pylist()]
        excluded |= ~status.spread(np.array(kept, dtype=bool), True)
    if "cancelled" in col:
        excluded |= present(col["cancelled"])
    reasons.add(keep & (key.codes < 0) & ~excluded, _NO_CUSTOMER)

    usable = keep & ~reasons.found & ~excluded
    if "orders" in col:
        orders = np.nan_to_num(parse_amounts(col["orders"])).astype(np.int32)
    elif "order" in col:
        counted = usable & (amount > 0)
        orders = np.zeros(table.rows, dtype=np.int32)
        orders[col["order"].firsts(np.flatnonzero(counted))] = 1
        orders[counted & (col["order"].codes < 0)] = 1
    else:
        orders = (amount > 0).astype(np.int32)

    sales = Sales(key=key, customer=clean_text(name), email=email, date=date, amount=np.round(amount, 2, out=amount),
                  orders=orders, purchase=purchase,
                  product=clean_text(col["product"]) if "product" in col else empty(table.rows))
    if not usable.all():
        sales = sales.select(usable)
    return sales, reasons, keep & ~excluded


def _order_level(col: dict[str, Coded]) -> np.ndarray:
    """Shopify: which rows are an order's first line; order-level cells are copied to every line of ``col``."""
    order = col["order"].codes
    heads = col["order"].firsts()
    first_line = order < 0
    first_line[heads] = True
    unnamed = np.flatnonzero(order < 0)
    for role in col.keys() - {"product", "order"}:
        cells = col[role]
        per_order = np.full(len(col["order"].values), -1, dtype=np.int32)
        per_order[order[heads]] = cells.codes[heads]
        codes = per_order[order]
        codes[unnamed] = cells.codes[unnamed]
        col[role] = Coded(codes, cells.values)
    return first_line


def _sections(section: Coded, date: Coded) -> tuple[Coded, np.ndarray]:
    """QuickBooks: a customer heading opens a section; totals and headings are not sales."""
    titles = section.values.to_pylist()
    total = section.spread(np.array([t.startswith("Total for") or t.upper() == "TOTAL" for t in titles], dtype=bool),
                           False)
    dated = present(date)
    heading = (section.codes >= 0) & ~total & ~dated
    latest = np.maximum.accumulate(np.where(heading, np.arange(len(heading)), -1))
    customer = Coded(np.where(latest >= 0, section.codes[latest], -1).astype(np.int32), section.values)
    return customer, (section.codes < 0) & dated


def _customer_names(col: dict[str, Coded], rows: int) -> Coded:
    """The customer's display name: the name column, else first and last name joined."""
    parts = [col[r] for r in ("first_name", "last_name") if r in col]
    name = col.get("customer")
    if not parts:
        return name if name is not None else empty(rows)
    pairs, where = np.unique(np.stack([p.codes for p in parts] + ([name.codes] if name is not None else [])),
                             axis=1, return_inverse=True)
    texts = []
    for pair in pairs.T:
        joined = " ".join(t for p, code in zip(parts, pair) if (t := (p.label(code) or "").strip()))
        texts.append(joined or (name.label(pair[-1]) if name is not None else None))
    joined = Coded(where.ravel().astype(np.int32), pa.array(texts, type=pa.string()))
    return joined.recode(joined.values)  # pairs that read alike become one name


def _finish(source: Source, found: Detection, table: Table, sales: Sales, reasons: _Reasons,
            counted: np.ndarray) -> ImportResult:
    """Count what was skipped and why (among ``counted`` rows); fail when too little is usable."""
    skipped = np.flatnonzero(reasons.found & counted)
    lacking = reasons.having(skipped, _NO_CUSTOMER)
    serious = skipped[~lacking]
    if not len(sales):
        first = f"; row {table.first_row + skipped[0]}: {reasons.text(skipped[0])}" if len(skipped) else ""
        raise InputError(f"no usable sales were found{first}", file=source.name)
    if len(serious) > MAX_BAD_SHARE * table.rows:
        text = reasons.text(serious[0])
        column = found.mapping.get("amount") if "amount" in text else found.mapping.get("date")
        raise InputError(f"{text} ({len(serious)} of {table.rows} rows cannot be used): is this the "
                         "right column?", file=source.name, row=table.first_row + int(serious[0]), column=column)
    shown = [f"row {table.first_row + int(row)}: {reasons.text(row)}" for row in skipped[:SHOWN_REASONS]]
    notes = [found.layout.note] if found.layout.note else []
    if lacking.any():
        notes.append(f"{int(lacking.sum())} sales had no customer and were left out.")
    rows_read = table.rows if not found.layout.sections else len(sales) + len(skipped)
    return ImportResult(
        file=source.name, layout=found.layout.label, read_as=source.describe(), mapping=found.mapping,
        sales=sales, rows_read=rows_read, skipped=len(skipped), reasons=shown, notes=notes,
    )

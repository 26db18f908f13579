"""Reading an export into one table of sales, whatever system it came from.

``load_sales`` returns an :class:`ImportResult` whose ``sales`` frame has one row per
sale line with the columns of :data:`SALES_COLUMNS`; rows that cannot be used are
counted with their reasons, and a file that cannot be used raises ``InputError``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import AmbiguousDatesError, InputError, MissingColumnsError
from .layouts import ROLE_LABELS, Detection, detect
from .reading import Source, open_source, preview, read_cells, read_table
from .values import DateOrder, categories, clean_text, customer_keys, parse_amounts, parse_dates, present

SALES_COLUMNS = ("key", "customer", "email", "date", "amount", "orders", "purchase", "product")
SHOWN_REASONS = 5
MAX_BAD_SHARE = 0.5
_TEXT_ROLES = ("customer", "first_name", "last_name", "email", "date", "product", "order", "status", "cancelled")
_UNIQUE_ROLES = ("order",)  # text that hardly repeats, not worth coding as categories


@dataclass
class ImportResult:
    """The sales read from one export, and what happened on the way."""

    file: str
    layout: str
    read_as: str
    mapping: dict[str, str]
    sales: pd.DataFrame
    rows_read: int
    skipped: int = 0
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        """What ``workbook inspect`` prints."""
        return {
            "file": self.file, "layout": self.layout, "read_as": self.read_as, "columns": self.mapping,
            "rows_read": self.rows_read, "sales_used": int(len(self.sales)), "rows_skipped": self.skipped,
            "skipped_reasons": self.reasons, "customers": int(self.sales["key"].nunique()), "notes": self.notes,
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
    if table.empty:
        raise InputError("the file has a header row but no sales below it", file=source.name)
    sales, bad = _to_sales(table, found, source.name, date_order)
    return _finish(source, found, table, sales, bad)


def header_cells(path: str | Path, sheet: str | None = None) -> list[str]:
    """The column names of an export, for letting the owner say which column is which."""
    rows = preview(open_source(path, sheet))
    best = max(rows, key=lambda row: sum(1 for cell in row if cell), default=[])
    return [cell for cell in best if cell]


def _read(source: Source, found: Detection, wanted: list[str]) -> pd.DataFrame:
    if found.layout.sections:
        return read_cells(source, found.header_row)
    text = [h for role, h in found.mapping.items() if role in _TEXT_ROLES]
    coded = [h for role, h in found.mapping.items() if role in _TEXT_ROLES and role not in _UNIQUE_ROLES]
    return read_table(source, found.header_row, wanted, text, coded)


class _Reasons:
    """Why rows cannot be used, kept only for those rows; a row's first reason wins."""

    def __init__(self, index: pd.Index):
        self.index = index
        self.found = np.zeros(len(index), dtype=bool)
        self._parts: list[pd.Series] = []

    def add(self, bad: pd.Series, template: str, cells: pd.Series | None = None) -> None:
        """Give ``bad`` rows without a reason yet ``template``, filled with their cell."""
        new = bad.to_numpy(dtype=bool) & ~self.found
        if new.any():
            texts = [template.format(cell) for cell in cells[new]] if cells is not None else template
            self._parts.append(pd.Series(texts, index=self.index[new], dtype=object))
            self.found |= new

    def where(self, rows: pd.Series) -> pd.Series:
        """The reasons of ``rows`` in row order."""
        if not self._parts:
            return pd.Series([], dtype=object)
        found = pd.concat(self._parts).sort_index()
        return found[rows.reindex(found.index).to_numpy(dtype=bool)]


def _to_sales(table: pd.DataFrame, found: Detection, file: str,
              date_order: DateOrder | None) -> tuple[pd.DataFrame, pd.Series]:
    """The sales frame, and the reason each unusable row of ``table`` was skipped."""
    layout, mapping = found.layout, found.mapping
    col = {role: table[header] for role, header in mapping.items()}
    reasons = _Reasons(table.index)
    keep = pd.Series(True, index=table.index)

    if layout.sections:
        col["customer"], keep = _sections(table["__section__"], col["date"])

    first_line = pd.Series(True, index=table.index)
    if "order" in col:
        col["order"] = pd.Series(pd.factorize(col["order"], use_na_sentinel=True)[0], index=table.index)
        if layout.order_level:
            first_line, col = _order_level(table, col, mapping)

    amount = parse_amounts(col["amount"])
    if "refunded" in col:
        amount = amount - parse_amounts(col["refunded"]).fillna(0.0)
    has_amount_cell = present(col["amount"])
    reasons.add(keep & first_line & has_amount_cell & amount.isna(), "amount '{}' is not a number", col["amount"])
    reasons.add(keep & first_line & ~has_amount_cell, "no amount")
    purchase = amount > 0
    amount = amount.where(first_line, 0.0)

    if "date" in col:
        try:
            date = parse_dates(col["date"], date_order or layout.date_order)
        except ValueError as error:
            raise AmbiguousDatesError(
                f"{error}; say which order the dates use: day/month (--date-order dmy) or month/day "
                "(--date-order mdy)", file=file, column=mapping["date"]) from None
        has_date_cell = present(col["date"])
        reasons.add(keep & has_date_cell & date.isna(), "date '{}' is not a date", col["date"])
        reasons.add(keep & ~has_date_cell, "no date")
    else:
        date = pd.Series(pd.NaT, index=table.index, dtype="datetime64[ns]")

    name = _customer_names(col, table.index)
    key, email = customer_keys(col.get("email", pd.Series(pd.NA, index=table.index, dtype="string")), name)
    excluded = pd.Series(False, index=table.index)
    if layout.keep_status is not None and "status" in col:
        status = categories(col["status"], lambda values: clean_text(values).str.lower())
        excluded |= (~status.isin(layout.keep_status) & status.notna()).astype(bool)
    if "cancelled" in col:
        excluded |= present(col["cancelled"])
    reasons.add(keep & key.isna() & ~excluded, "no customer")

    usable = keep & ~reasons.found & ~excluded
    if "orders" in col:
        orders = pd.to_numeric(col["orders"], errors="coerce").fillna(0).astype("int64")
    elif "order" in col:
        counted = usable & (amount > 0)
        order = col["order"].where(counted, -1)
        orders = (counted & ~(order.duplicated() & (order >= 0))).astype("int64")
    else:
        orders = (amount > 0).astype("int64")

    sales = pd.DataFrame({
        "key": key, "customer": categories(name, clean_text), "email": email,
        "date": date, "amount": amount.round(2), "orders": orders, "purchase": purchase,
        "product": categories(col["product"], clean_text) if "product" in col else _missing(table.index),
    }, columns=list(SALES_COLUMNS), copy=False)  # the columns are new: no need to copy them again
    if not usable.all():
        sales = sales[usable]
    return sales, reasons.where(keep & ~excluded)


def _missing(index: pd.Index) -> pd.Series:
    """A text column with nothing in it."""
    return pd.Series(pd.Categorical.from_codes(np.full(len(index), -1, dtype="int8"), categories=[]), index=index)


def _order_level(table: pd.DataFrame, col: dict[str, pd.Series],
                 mapping: dict[str, str]) -> tuple[pd.Series, dict[str, pd.Series]]:
    """Shopify: which rows are an order's first line, and order-level cells copied to every line.

    ``col["order"]`` holds order codes, -1 where a row names no order.
    """
    order = col["order"]
    first_line = ~order.duplicated() | (order < 0)
    level = [h for r, h in mapping.items() if r not in ("product", "order")]
    filled = table[level].where(first_line).groupby(order).transform("first")
    col = dict(col)
    for role, header in mapping.items():
        if header in level:
            col[role] = filled[header].where(order >= 0, table[header])
    return first_line, col


def _sections(section: pd.Series, date: pd.Series) -> tuple[pd.Series, pd.Series]:
    """QuickBooks: a customer heading opens a section; totals and headings are not sales."""
    is_total = section.str.startswith("Total for", na=False) | section.str.upper().eq("TOTAL").fillna(False)
    is_heading = section.notna() & ~is_total & ~present(date)
    customer = section.where(is_heading).ffill().astype("string")
    is_sale = section.isna() & present(date)
    return customer, is_sale


def _customer_names(col: dict[str, pd.Series], index: pd.Index) -> pd.Series:
    """The customer's display name: the name column, else first and last name joined."""
    parts = [col[r].astype("string").str.strip() for r in ("first_name", "last_name") if r in col]
    joined = None
    if parts:
        joined = parts[0].fillna("")
        for part in parts[1:]:
            joined = (joined + " " + part.fillna("")).str.strip()
        joined = joined.where(joined != "")
    name = col.get("customer")
    if joined is None:
        return name if name is not None else pd.Series(pd.NA, index=index, dtype="string")
    return joined if name is None else joined.fillna(name.astype("string").str.strip())


def _finish(source: Source, found: Detection, table: pd.DataFrame, sales: pd.DataFrame,
            bad: pd.Series) -> ImportResult:
    """Count what was skipped and why (``bad``: each skipped row's reason); fail when too little is usable."""
    serious = bad[bad != "no customer"]
    if sales.empty:
        first = f"; row {bad.index[0]}: {bad.iloc[0]}" if len(bad) else ""
        raise InputError(f"no usable sales were found{first}", file=source.name)
    if len(serious) > MAX_BAD_SHARE * len(table):
        row = int(serious.index[0])
        column = found.mapping.get("amount") if "amount" in serious.iloc[0] else found.mapping.get("date")
        raise InputError(f"{serious.iloc[0]} ({len(serious)} of {len(table)} rows cannot be used): is this the "
                         "right column?", file=source.name, row=row, column=column)
    reasons = [f"row {row}: {text}" for row, text in bad.head(SHOWN_REASONS).items()]
    notes = [found.layout.note] if found.layout.note else []
    if (bad == "no customer").any():
        notes.append(f"{int((bad == 'no customer').sum())} sales had no customer and were left out.")
    rows_read = int(len(table)) if not found.layout.sections else int(sales.shape[0] + len(bad))
    return ImportResult(
        file=source.name, layout=found.layout.label, read_as=source.describe(), mapping=found.mapping,
        sales=sales.reset_index(drop=True), rows_read=rows_read, skipped=int(len(bad)),
        reasons=reasons, notes=notes,
    )

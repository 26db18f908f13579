"""Reading exports into one table of sales, whatever systems they came from.

:func:`load_exports` reads one or more exports, each in its own layout, and matches their
customers (:mod:`workbook.identity`); :func:`load_sales` reads one. Rows that cannot be used
are counted with their reasons; orders are counted or left out by their status. A file that
cannot be used raises ``InputError`` carrying the report of what was found so far.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pyarrow.compute as pc

from .columns import Coded, Table, coded, concat, empty, nulls_where, numbers, shared, strings
from .errors import AmbiguousDatesError, AmbiguousLayoutError, InputError, MissingColumnsError
from .formatting import day, either, money
from .i18n import N_, _, ngettext
from .identity import customer_keys, matched_across, normalise_emails, normalise_phones, phone_region
from .layouts import ROLE_LABELS, ROLES, Detection, detect, unique_headers
from .meaning import EMAIL, SAMPLE, currency_in, fold, kind_class, status_class, totals_pattern
from .reading import Source, open_source, preview, read_cells, read_table
from .values import DateOrder, clean_text, parse_amounts, parse_dates, present, trimmed

SHOWN_REASONS = 5
EXAMPLES = 3
MAX_BAD_SHARE = 0.5
# Why a row cannot be used: in a row's own words (with its ``{cell}``), and as the heading of such rows.
REASONS = {
    "bad_amount": (N_("amount '{cell}' is not a number"), N_("amount is not a number")),
    "no_amount": (N_("no amount"), N_("no amount")),
    "bad_date": (N_("date '{cell}' is not a date"), N_("date is not a date")),
    "no_date": (N_("no date"), N_("no date")),
    "no_customer": (N_("no customer"), N_("no customer")),
}
_LINE_ROLES = frozenset({"product", "order", "quantity"})  # what differs between the lines of one order
_YES = frozenset({"yes", "true", "y", "1", "ja", "oui", "si", "sí"})
StatusChoice = str  # "all" (paid and awaiting payment) or "paid"


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
    return Sales(**{f.name: np.concatenate([getattr(p, f.name) for p in parts]) if f.name in _ARRAYS
                    else concat([getattr(p, f.name) for p in parts]) for f in fields(Sales)})


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

    @property
    def mapping(self) -> dict[str, list[str]]:
        return self.detection.mapping if self.detection else {}

    def summary(self) -> dict:
        """What ``workbook inspect`` prints."""
        return report(self.file, self.layout, self.read_as, self.detection, self.sheet, self.other_sheets,
                      rows_read=self.rows_read, sales_used=len(self.sales), rows_skipped=self.skipped,
                      skipped_reasons=self.reasons, skipped=[s._asdict() for s in self.skipped_by],
                      statuses=[s._asdict() for s in self.statuses], customers=self.sales.customers, notes=self.notes,
                      currency=self.currency)


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

    def summary(self) -> dict:
        return {"files": [r.summary() for r in self.results],
                "failed": [{"message": str(e), "report": e.report} for e in self.failed],
                "customers": self.sales.customers, "matched_across_files": self.matched}


def load_exports(paths: list[str | Path], sheet: str | None = None, columns: dict[str, str] | None = None,
                 date_order: DateOrder | None = None, status: StatusChoice = "all",
                 answers: dict[str, dict] | None = None) -> Imported:
    """Read every export, each in its own layout, and match customers across them.

    ``columns`` apply to each file that has the named column; ``answers`` hold one file's own
    (by file name: ``columns``, ``date_order``). A file that cannot be used is named in ``failed``
    while the others are read; when none can be, its error is raised.
    """
    results, failed = [], []
    for index, path in enumerate(paths):
        own = (answers or {}).get(Path(path).name, {})
        wanted = own.get("columns") or (_present(path, sheet, columns) if len(paths) > 1 else columns)
        try:
            results.append(read_export(path, sheet, wanted, own.get("date_order") or date_order, status, index))
        except InputError as error:
            if len(paths) == 1:
                raise
            failed.append(error)
    if not results:
        raise failed[0]
    sales = identified(joined([r.sales for r in results]))
    if len(results) == 1:
        results[0].sales = sales
    else:
        offsets = np.cumsum([0] + [len(r.sales) for r in results])
        for result, start, end in zip(results, offsets[:-1], offsets[1:]):
            result.sales = sales.select(np.arange(start, end))
    return Imported(results, failed, sales, matched_across(sales.key, sales.source) if len(results) > 1 else 0)


def _present(path: str | Path, sheet: str | None, columns: dict[str, str] | None) -> dict[str, str] | None:
    """The owner's ``columns`` that this file has (several files: each takes those it has)."""
    if not columns:
        return columns
    try:
        names = set(guess_columns(path).headers)
    except InputError:
        return None
    return {role: header for role, header in columns.items() if header in names or not header} or None


def load_sales(path: str | Path, sheet: str | None = None, columns: dict[str, str] | None = None,
               date_order: DateOrder | None = None, status: StatusChoice = "all") -> ImportResult:
    """Read one export; ``columns`` maps roles to headers where detection needs help."""
    return load_exports([path], sheet, columns, date_order, status).results[0]


def read_export(path: str | Path, sheet: str | None = None, columns: dict[str, str] | None = None,
                date_order: DateOrder | None = None, status: StatusChoice = "all", index: int = 0) -> ImportResult:
    """One export's sales (keys still to be worked out); a failure carries the report of what was found."""
    source = open_source(path, sheet)
    found, others, rows = None, [], None
    try:
        found, others = _choose_sheet(source, columns, sheet is None)
        found = found or detect(preview(source), file=source.name, overrides=columns)
        _check_columns(found, source)
        table = _read(source, found)
        rows = table.rows
        if not table.rows:
            raise InputError(_("the file has a header row but no sales below it"), file=source.name)
        currency = _currency(table, found)
        sales, reasons, counted, statuses = _to_sales(table, found, source.name, date_order, status, index)
        result = _finish(source, found, table, sales, reasons, counted, statuses, others)
        result.currency = currency
        return result
    except InputError as error:
        error.report = error.report or report(source.name, found.layout.label if found else "", source.describe(),
                                              found, source.sheet, others, **({"rows_read": rows} if rows else {}))
        raise


def _choose_sheet(source: Source, columns: dict[str, str] | None, choose: bool) -> tuple[Detection | None, list[str]]:
    """For a workbook of several sheets: the one that holds the sales (the most rows that read as sales)."""
    if len(source.sheets) < 2 or not choose:
        return None, []
    found = {}
    for name in source.sheets:
        source.sheet = name
        try:
            detection = detect(preview(source), file=source.name, overrides=columns)
        except InputError:
            continue
        if not detection.missing():
            found[name] = (len(source.grid) - detection.header_row, detection)
    if not found:
        source.sheet = next(iter(source.sheets))
        raise InputError(_("no sheet holds sales with a customer and an amount; the sheets are: {sheets}").format(
            sheets=", ".join(f"'{n}'" for n in source.sheets)), file=source.name)
    source.sheet = max(found, key=lambda name: found[name][0])
    return found[source.sheet][1], [name for name in source.sheets if name != source.sheet]


def _check_columns(found: Detection, source: Source) -> None:
    """Raise when a role the challenge needs has no column, or two columns could play it."""
    if found.layout.no_customers:
        raise InputError(_(found.layout.no_customers), file=source.name)
    if found.reading.ambiguous:
        role, hits = next(iter(found.reading.ambiguous.items()))
        raise AmbiguousLayoutError(
            _("more than one column could be the {role}: {columns}; say which one (for example --column "
              "{key}=\"{first}\")").format(role=_(ROLE_LABELS[role]), columns=", ".join(f"'{h}'" for h in hits),
                                          key=role, first=hits[0]), file=source.name)
    missing = found.missing()
    if missing:
        shown = ", ".join(f"'{h}'" for h in found.headers if not h.startswith("__blank"))
        raise MissingColumnsError(
            _("no column for the {roles} was recognised; the columns are: {columns}").format(
                roles=either(_(ROLE_LABELS[m]) for m in missing), columns=shown),
            file=source.name, row=found.header_row + 1)


def _currency(table: Table, found: Detection) -> str | None:
    """The currency of an export's amounts: the commonest code of its currency column, else a code or sign in
    the amount's header or cells."""
    header = found.column("currency")
    if header:
        column = table[header]
        counts = np.bincount(column.codes[column.codes >= 0], minlength=len(column.values))
        if counts.any():
            named = currency_in([column.values[int(counts.argmax())].as_py()])
            if named:
                return named
    amount = found.column("amount")
    return currency_in([amount, *table[amount].values[:SAMPLE].to_pylist()]) if amount else None


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
        found, _others = _choose_sheet(source, None, True)
    except InputError:
        found = None
    cells = preview(source)
    try:
        found = detect(cells, file=source.name, overrides=columns) if found is None or columns else found
    except InputError:
        return Guess(unique_headers(max(cells[:40], key=lambda r: sum(1 for c in r if c), default=[])), {}, [], [])
    chosen = {role: found.column(role) or (found.reading.ambiguous.get(role) or [None])[0] for role in GUESSED}
    chosen = {role: header for role, header in chosen.items() if header}
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


def _read(source: Source, found: Detection) -> Table:
    if found.layout.sections:
        return read_cells(source, found.header_row, found.headers)
    wanted = list(dict.fromkeys(h for headers in found.mapping.values() for h in headers))
    return read_table(source, found.header_row, found.headers, wanted)


class _Reasons:
    """Why rows cannot be used: a reason per row (its first one wins), worded only when shown."""

    def __init__(self, rows: int):
        self.which = np.full(rows, -1, dtype=np.int8)
        self._reasons: list[tuple[str, Coded | None]] = []

    @property
    def found(self) -> np.ndarray:
        return self.which >= 0

    def add(self, bad: np.ndarray, reason: str, cells: Coded | None = None) -> None:
        """Give ``bad`` rows without a reason yet ``reason`` (a key of :data:`REASONS`), worded with their cell."""
        new = bad & ~self.found
        if new.any():
            self.which[new] = len(self._reasons)
            self._reasons.append((reason, cells))

    def having(self, rows: np.ndarray, *reasons: str) -> np.ndarray:
        """Which of ``rows`` (rows with a reason) were given one of ``reasons``."""
        given = np.array([r in reasons for r, _cells in self._reasons] + [False], dtype=bool)
        return given[self.which[rows]]

    def text(self, row: int) -> str:
        """Why ``row`` cannot be used, in words."""
        reason, cells = self._reasons[self.which[row]]
        return _(REASONS[reason][0]).format(cell=cells.label(cells.codes[row]) if cells is not None else "")

    def groups(self, rows: np.ndarray, first_row: int) -> list[Skipped]:
        """``rows`` by reason: how many, and the first few as examples."""
        out = []
        for index, (reason, _cells) in enumerate(self._reasons):
            mine = rows[self.which[rows] == index]
            if len(mine):
                out.append(Skipped(_(REASONS[reason][1]), len(mine),
                                   [_row(first_row + int(r), self.text(r)) for r in mine[:EXAMPLES]]))
        return out


def _row(number: int, text: str) -> str:
    """A row's number and what is wrong with it: "row 12: no date"."""
    return _("row {row}: {reason}").format(row=number, reason=text)


def _to_sales(table: Table, found: Detection, file: str, date_order: DateOrder | None, status: StatusChoice,
              index: int) -> tuple[Sales, _Reasons, np.ndarray, list[StatusCount]]:
    """The sales, why rows cannot be used, which rows count as read, and the orders per status.

    The sales take ``table``'s columns over: it keeps only its size.
    """
    layout, roles = found.layout, found.reading.roles
    col = {role: [table[h] for h in choice.headers] for role, choice in roles.items()}
    section = table.columns.get("__section__")
    table.columns.clear()  # the cells are ours now, and each column goes once it is used
    rows = table.rows
    reasons = _Reasons(rows)
    keep = np.ones(rows, dtype=bool)

    if layout.sections:
        customer, keep = _sections(section, col["date"][0])
        col["customer"] = [customer]

    first_line = np.ones(rows, dtype=bool)
    order_heads = first_line
    if "order" in col:
        first_line = _order_lines(col, layout.order_level)
        order_heads = col["order"][0].codes < 0
        order_heads[col["order"][0].firsts()] = True

    amount = _amounts(col, roles)
    has_amount_cell = present(col["amount"][0])
    keep &= ~_blank(col, ~has_amount_cell)
    reasons.add(keep & first_line & has_amount_cell & np.isnan(amount), "bad_amount", col["amount"][0])
    reasons.add(keep & first_line & ~has_amount_cell, "no_amount")

    excluded = np.zeros(rows, dtype=bool)
    if "kind" in col:
        kind = _kinds(col["kind"][0])
        amount = np.where(kind == "refund", -np.abs(amount), amount)
        excluded |= kind == "other"
    purchase = amount > 0
    amount[~first_line] = 0.0

    date = _dates(col.get("date", []), rows, date_order or layout.date_order, file, found)
    if "date" in col:
        has_date_cell = _any_present(col["date"])
        reasons.add(keep & has_date_cell & np.isnat(date), "bad_date", col["date"][0])
        reasons.add(keep & ~has_date_cell, "no_date")

    name = _customer_names(col, roles, rows)
    if "customer" in col and not layout.sections:  # a sheet's own "Total" line is not a customer
        keep &= ~name.spread(numbers(pc.match_substring_regex(name.values, totals_pattern()), False), False)
    email = _coalesce(_not_own([normalise_emails(c) for c in col.get("email", [])]), rows)
    phones = _coalesce(col.get("phone"), rows)
    phone = normalise_phones(phones, phone_region(phones, _coalesce(col.get("country"), rows))) \
        if "phone" in col else phones
    customer_id = _customer_numbers(col.get("customer_id"), rows, layout.system)
    statuses: list[StatusCount] = []
    if "status" in col:
        void, statuses = _statuses(col["status"][0], order_heads & keep & ~excluded, status)
        excluded |= void
    if "cancelled" in col:
        excluded |= present(col["cancelled"][0])
    who = (name.codes >= 0) | (email.codes >= 0) | (phone.codes >= 0) | (customer_id.codes >= 0)
    reasons.add(keep & ~who & ~excluded, "no_customer")

    usable = keep & ~reasons.found & ~excluded
    if "orders" in col:
        orders = np.nan_to_num(parse_amounts(col["orders"][0])).astype(np.int32)
    elif "order" in col:
        counted = usable & (amount > 0)
        orders = np.zeros(rows, dtype=np.int32)
        orders[col["order"][0].firsts(np.flatnonzero(counted))] = 1
        orders[counted & (col["order"][0].codes < 0)] = 1
    else:
        orders = (amount > 0).astype(np.int32)

    sales = Sales(key=empty(rows), customer=name, email=email, phone=phone, customer_id=customer_id,
                  address=_address(col, roles, rows), date=date, amount=np.round(amount, 2, out=amount), orders=orders,
                  purchase=purchase, product=clean_text(col["product"][0]) if "product" in col else empty(rows),
                  source=np.full(rows, index, dtype=np.int16))
    if not usable.all():
        sales = sales.select(usable)
    return sales, reasons, keep & ~excluded, statuses


def _blank(col: dict[str, list[Coded]], candidates: np.ndarray) -> np.ndarray:
    """Which of the ``candidates`` rows have nothing in any column read (",,,": a spacer line, not a sale)."""
    rows = np.flatnonzero(candidates)
    filled = np.zeros(len(rows), dtype=bool)
    for columns in col.values():
        for column in columns:
            filled |= column.codes[rows] >= 0
    blank = np.zeros(len(candidates), dtype=bool)
    blank[rows[~filled]] = True
    return blank


def _coalesce(columns: list[Coded] | None, rows: int, skip_emails: bool = False) -> Coded:
    """Per row, the first of ``columns`` with something in it (``skip_emails``: an email is not a name)."""
    if not columns:
        return empty(rows)
    cleaned = [clean_text(c) for c in columns]
    if skip_emails:
        cleaned = [c.recode(nulls_where(c.values, pc.match_substring_regex(c.values, EMAIL)))
                   if pc.any(pc.match_substring(c.values, "@")).as_py() else c for c in cleaned]
    if len(cleaned) == 1:
        return cleaned[0]
    merged = shared(cleaned)
    codes = merged[0].codes.copy()
    for column in merged[1:]:
        np.copyto(codes, column.codes, where=codes < 0)
    return Coded(codes, merged[0].values)


def _not_own(emails: list[Coded]) -> list[Coded]:
    """Where an export has a payer's and a payee's email (a payments download), an address on most rows
    of either column is the account holder's own, not a customer's: it is left out of both."""
    if len(emails) < 2:
        return emails
    merged = shared(emails)
    own = np.zeros(len(merged[0].values), dtype=bool)
    for column in merged:
        filled = column.codes[column.codes >= 0]
        own |= np.bincount(filled, minlength=len(own)) > len(filled) / 2
    return [Coded(np.where((c.codes >= 0) & own[np.where(c.codes >= 0, c.codes, 0)], -1, c.codes).astype(np.int32),
                  c.values) for c in merged]


def _any_present(columns: list[Coded]) -> np.ndarray:
    out = present(columns[0])
    for column in columns[1:]:
        out |= present(column)
    return out


def _amounts(col: dict[str, list[Coded]], roles: dict) -> np.ndarray:
    """The amount of each row: a unit price times the quantity, less what was refunded (unless already net)."""
    amount = parse_amounts(col["amount"][0])
    choice = roles["amount"]
    if choice.price and "quantity" in col:
        quantity = parse_amounts(col["quantity"][0])
        amount = amount * np.where(np.isnan(quantity), 1.0, quantity)
    if "refunded" in col and not choice.net:
        refunded = col["refunded"][0]
        words = trimmed(refunded.values).to_pylist()
        if words and all(w is None or w.casefold() in _YES or w.casefold() in ("no", "false", "n", "0", "nein", "non")
                         for w in words):
            flag = refunded.spread(np.array([bool(w) and w.casefold() in _YES for w in words], dtype=bool), False)
            amount = np.where(flag, 0.0, amount)
        else:
            amount = amount - np.nan_to_num(parse_amounts(refunded))
    return amount


def _kinds(kinds: Coded) -> np.ndarray:
    """Per row, what its kind of transaction says: sale, refund, other (not a purchase) or unknown."""
    classes = np.array([kind_class(k or "") for k in kinds.values.to_pylist()], dtype=object)
    return kinds.spread(classes, "unknown")


def _dates(columns: list[Coded], rows: int, order: DateOrder | None, file: str, found: Detection) -> np.ndarray:
    """The date of each row: its first date column, else the next one with a date in it."""
    date = None
    for at, column in enumerate(columns):
        try:
            parsed = parse_dates(column, order)
        except ValueError as error:
            if at:
                continue  # a fallback column that cannot tell its order is left unused
            raise AmbiguousDatesError(
                _("{problem}; say which order the dates use: day/month (--date-order dmy) or month/day "
                  "(--date-order mdy)").format(problem=error), file=file, column=found.column("date")) from None
        date = parsed if date is None else np.where(np.isnat(date), parsed, date)
    return date if date is not None else np.full(rows, np.datetime64("NaT", "D"))


def _statuses(status: Coded, orders: np.ndarray, choice: StatusChoice) -> tuple[np.ndarray, list[StatusCount]]:
    """Which rows' status leaves them out, and how many orders had each status (among ``orders``)."""
    texts = trimmed(status.values).to_pylist()
    classes = [status_class(t) if t else "unknown" for t in texts]
    out = [c == "void" or (choice == "paid" and c != "paid") for c in classes]
    left_out = status.spread(np.array(out, dtype=bool), choice == "paid")
    counts = np.bincount(status.codes[orders & (status.codes >= 0)], minlength=len(texts))
    merged: dict[str, StatusCount] = {}
    for text, kind, leave, count in zip(texts, classes, out, counts.tolist()):
        if text and count:
            seen = merged.get(text.casefold())
            merged[text.casefold()] = StatusCount(text, count + (seen.orders if seen else 0), not leave, kind)
    return left_out, sorted(merged.values(), key=lambda s: (not s.counted, -s.orders))


def _customer_numbers(columns: list[Coded] | None, rows: int, system: str) -> Coded:
    """Customer numbers, each prefixed with whose numbers they are (``square:C123``)."""
    numbers = _coalesce(columns, rows)
    if not len(numbers.values):
        return numbers
    return numbers.recode(pc.utf8_replace_slice(numbers.values, 0, 0, f"{system}:"))


_ADDRESS_ROLES = ("street", "street2", "postcode", "city")
_FAMILIES = ("billing", "bill", "customer", "client", "buyer", "po", "card", "shipping", "ship", "delivery",
             "recipient")  # the owner's own address first, where the parcel went last


def _address(col: dict[str, list[Coded]], roles: dict, rows: int) -> Coded:
    """A postal address per row (street, second line, postcode and town), each from one family of columns:
    the billing address, else the plain one, ..., else where the parcel went."""
    families: dict[str, dict[str, list[Coded]]] = {}
    for role in _ADDRESS_ROLES:
        for header, column in zip(roles[role].headers if role in roles else [], col.get(role, [])):
            words = fold(header)
            family = words[0] if words and words[0] in _FAMILIES else ""
            families.setdefault(family, {}).setdefault(role, []).append(column)
    order = sorted(families, key=lambda f: (_FAMILIES.index(f) if f else 0.5, f))
    composed = [_composed([_coalesce(families[f].get(role), rows) for role in _ADDRESS_ROLES], rows)
                for f in order if "street" in families[f]]
    return _coalesce(composed, rows) if composed else empty(rows)


def _composed(parts: list[Coded], rows: int) -> Coded:
    """One family's address parts joined per distinct combination: "12 Mill Lane, 01234 Brookfield"."""
    combos, where = np.unique(np.stack([p.codes for p in parts]), axis=1, return_inverse=True)
    texts = []
    for combo in combos.T:
        street, second, code, town = (p.label(c) for p, c in zip(parts, combo))
        place = " ".join(t for t in (code, town) if t)
        texts.append(", ".join(t for t in (street, second, place) if t) if street else None)
    return Coded(where.ravel().astype(np.int32), strings(texts)).recode(strings(texts))


def _order_lines(col: dict[str, list[Coded]], order_level: bool | None) -> np.ndarray:
    """Which rows are an order's first line; where money and status stand per order, those cells are
    copied to every line of the order (from its first line).

    ``order_level`` None: decided from the cells, as money per order when no order's lines show
    different amounts."""
    order = col["order"][0].codes
    heads = col["order"][0].firsts()
    first_line = order < 0
    first_line[heads] = True
    if order_level is None:
        order_level = _amount_per_order(col["amount"][0], order, heads)
    if not order_level:
        return np.ones(len(order), dtype=bool)
    unnamed = np.flatnonzero(order < 0)
    for role in col.keys() - _LINE_ROLES:
        columns = []
        for cells in col[role]:
            per_order = np.full(len(col["order"][0].values), -1, dtype=np.int32)
            per_order[order[heads]] = cells.codes[heads]
            codes = per_order[order]
            codes[unnamed] = cells.codes[unnamed]
            columns.append(Coded(codes, cells.values))
        col[role] = columns
    return first_line


def _amount_per_order(amount: Coded, order: np.ndarray, heads: np.ndarray) -> bool:
    """True when every further line of an order has no amount or its first line's amount."""
    head_of = np.full(int(order.max(initial=-1)) + 1, -1, dtype=np.int64)
    head_of[order[heads]] = heads
    further = np.flatnonzero((order >= 0) & ~np.isin(np.arange(len(order)), heads))
    if not len(further):
        return False
    cells = amount.codes[further]
    return bool(np.all((cells < 0) | (cells == amount.codes[head_of[order[further]]])))


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


def _customer_names(col: dict[str, list[Coded]], roles: dict, rows: int) -> Coded:
    """The customer's name per row: a customer or person name column, else first and last name joined,
    else the name on the card or parcel, the business, the user name (the first with something in it)."""
    names = col.get("customer", [])
    ranks = roles["customer"].ranks if "customer" in roles else [0] * len(names)
    names = [_first_name_first(c) if r <= 2 else c for c, r in zip(names, ranks)]
    before = [c for c, r in zip(names, ranks) if r <= 1]
    after = [c for c, r in zip(names, ranks) if r > 1]
    parts = [col[r][0] for r in ("first_name", "last_name") if r in col]
    joined = [_joined_names(parts)] if parts else []
    return _coalesce(before + joined + after, rows, skip_emails=True)


_LAST_FIRST = r"^\s*([^,\d]+?)\s*,\s*([^,\d]+?)\s*$"


def _first_name_first(names: Coded) -> Coded:
    """A column of names written "Lockwood, Dev" (booking systems do), as "Dev Lockwood"."""
    written = numbers(pc.match_substring_regex(names.values, _LAST_FIRST), False)
    if not len(written) or written.mean() < 0.6:
        return names
    return names.recode(pc.replace_substring_regex(names.values, _LAST_FIRST, r"\2 \1"))


def _joined_names(parts: list[Coded]) -> Coded:
    """First and last names joined, once per distinct pair."""
    pairs, where = np.unique(np.stack([p.codes for p in parts]), axis=1, return_inverse=True)
    texts = [" ".join(t for p, code in zip(parts, pair) if (t := (p.label(code) or "").strip())) or None
             for pair in pairs.T]
    return Coded(where.ravel().astype(np.int32), strings(texts))


def _finish(source: Source, found: Detection, table: Table, sales: Sales, reasons: _Reasons, counted: np.ndarray,
            statuses: list[StatusCount], others: list[str]) -> ImportResult:
    """Count what was skipped and why (among ``counted`` rows); fail when too little is usable."""
    skipped = np.flatnonzero(reasons.found & counted)
    lacking = reasons.having(skipped, "no_customer")
    serious = skipped[~lacking]
    layout = found.layout
    rows_read = table.rows if not layout.sections else len(sales) + len(skipped)
    shown = [_row(table.first_row + int(row), reasons.text(row)) for row in skipped[:SHOWN_REASONS]]
    notes = [_(layout.note)] if layout.note else []
    if lacking.any():
        notes.append(ngettext("{count} sale had no customer and was left out.",
                              "{count} sales had no customer and were left out.", int(lacking.sum())).format(
            count=int(lacking.sum())))
    if others:
        notes.append(_("Read the sheet '{sheet}'; the other sheets ({others}) hold no sales or fewer of them. Name "
                       "another with --sheet.").format(sheet=source.sheet, others=", ".join(f"'{o}'" for o in others)))
    result = ImportResult(
        file=source.name, layout=layout.label, read_as=source.describe(), detection=found, sales=sales,
        rows_read=rows_read, skipped=len(skipped), reasons=shown, skipped_by=reasons.groups(skipped, table.first_row),
        statuses=statuses, notes=notes, sheet=source.sheet, other_sheets=others)
    if len(serious) > MAX_BAD_SHARE * table.rows:
        amounts = reasons.having(serious[:1], "bad_amount", "no_amount")[0]
        column = found.column("amount") if amounts else found.column("date")
        error = InputError(_("{reason} ({count} of {rows} rows cannot be used): is this the right column?").format(
            reason=reasons.text(serious[0]), count=len(serious), rows=table.rows),
            file=source.name, row=table.first_row + int(serious[0]), column=column)
        error.report = result.summary()
        raise error
    if not len(sales):
        raise _nothing_counted(result, reasons, skipped, table)
    return result


def _nothing_counted(result: ImportResult, reasons: _Reasons, skipped: np.ndarray, table: Table) -> InputError:
    """Why no sale counts, in the owner's words (all orders void, all awaiting payment, ...)."""
    orders = sum(s.orders for s in result.statuses)
    if orders and not any(s.counted for s in result.statuses):
        statuses = ", ".join(f"{s.orders} {s.status}" for s in result.statuses)
        awaiting = sum(s.orders for s in result.statuses if s.kind != "void")
        if awaiting == orders:
            message = ngettext("the one order is still awaiting payment ({statuses}); to count it, leave out --status",
                               "all {orders} orders are still awaiting payment ({statuses}); to count them, leave "
                               "out --status", orders)
        elif awaiting:
            message = _("no order is paid: {awaiting} of {orders} are awaiting payment ({statuses}); to count them, "
                        "leave out --status")
        else:
            message = _("no order counts: {statuses} (cancelled, voided and failed orders are left out)")
        error = NothingCountedError(message.format(orders=orders, awaiting=awaiting, statuses=statuses),
                                    file=result.file)
        error.awaiting, error.orders, error.statuses = awaiting, orders, statuses
    elif len(skipped):
        error = InputError(_("no usable sales were found; {row}").format(
            row=_row(table.first_row + int(skipped[0]), reasons.text(skipped[0]))), file=result.file)
    else:
        error = InputError(_("no usable sales were found"), file=result.file)
    error.report = result.summary()
    return error


class NothingCountedError(InputError):
    """Every order of an export is left out by its status: ``orders`` of them, by status in ``statuses``;
    ``awaiting`` of them would count with status "all"."""

    awaiting = orders = 0
    statuses = ""

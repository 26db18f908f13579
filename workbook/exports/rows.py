"""An export's rows to sales: the amount, date, customer and product of each row, which rows count
(statuses, kinds of transaction, an order's further lines), and why the others cannot be used."""

from __future__ import annotations

import numpy as np
import pyarrow.compute as pc

from ..errors import AmbiguousDatesError, InputError
from ..i18n import N_, _, ngettext
from .amounts import parse_amounts, read_amounts
from .columns import Coded, Table, empty, numbers
from .identity import normalise_emails, normalise_phones, phone_region
from .layouts import Detection
from .meaning import currency_in, kind_class, status_class, totals_pattern, vocabulary
from .people import address, any_present, coalesce, customer_names, customer_numbers, nobody_in_particular, not_own
from .result import Sales, Skipped, StatusChoice, StatusCount
from .values import DateOrder, clean_text, day_month_order, parse_dates, present, trimmed

EXAMPLES = 3
ORDERS = {"dmy": N_("day first"), "mdy": N_("month first")}

REASONS = {
    "bad_amount": (N_("amount '{cell}' is not a number"), N_("amount is not a number")),
    "no_amount": (N_("no amount"), N_("no amount")),
    "bad_date": (N_("date '{cell}' is not a date"), N_("date is not a date")),
    "no_date": (N_("no date"), N_("no date")),
    "no_customer": (N_("no customer"), N_("no customer")),
    "anonymous": (N_("a sale to nobody in particular ('{cell}')"), N_("a sale to nobody in particular")),
    "other_currency": (N_("in another currency ('{cell}')"), N_("in another currency than most sales")),
}


_LINE_ROLES = frozenset({"product", "order", "quantity"})  # what differs between the lines of one order


class Reasons:
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
                                   [row_text(first_row + int(r), self.text(r)) for r in mine[:EXAMPLES]]))
        return out


def row_text(number: int, text: str) -> str:
    """A row's number and what is wrong with it: "row 12: no date"."""
    return _("row {row}: {reason}").format(row=number, reason=text)


def to_sales(table: Table, found: Detection, file: str, date_order: DateOrder | None, status: StatusChoice,
              index: int) -> tuple[Sales, Reasons, np.ndarray, list[StatusCount], dict[str, str]]:
    """The sales, why rows cannot be used, which rows count as read, the orders per status, and how the
    amounts and dates were read (their rules, by role).

    The sales take ``table``'s columns over: it keeps only its size.
    """
    layout, roles = found.layout, found.reading.roles
    col = {role: [table[h] for h in choice.headers] for role, choice in roles.items()}
    section = table.columns.get("__section__")
    table.columns.clear()  # the cells are ours now, and each column goes once it is used
    rows = table.rows
    reasons = Reasons(rows)
    keep = np.ones(rows, dtype=bool)

    if layout.sections:
        assert section is not None, "a layout with sections is read with its __section__ column"
        customer, keep = _sections(section, col["date"][0])
        col["customer"] = [customer]

    first_line = np.ones(rows, dtype=bool)
    order_heads = first_line
    if "order" in col:
        first_line = _order_lines(col, layout.order_level)
        order_heads = col["order"][0].codes < 0
        order_heads[col["order"][0].firsts()] = True

    rules: dict[str, str] = {}
    amount = _amounts(col, roles, file, rules)
    has_amount_cell = present(col["amount"][0])
    keep &= ~_blank(col, ~has_amount_cell)
    reasons.add(keep & first_line & has_amount_cell & np.isnan(amount), "bad_amount", col["amount"][0])
    reasons.add(keep & first_line & ~has_amount_cell, "no_amount")
    money = col["currency"][0] if "currency" in col else col["amount"][0]
    reasons.add(keep & _other_currency(money), "other_currency", money)

    excluded = np.zeros(rows, dtype=bool)
    left, named = 0, []
    for kinds in col.get("kind", []):  # a transaction's type, a ledger line's account: any may say "not a sale"
        kind = _kinds(kinds)
        amount = np.where(kind == "refund", -np.abs(amount), amount)
        others = kinds.codes[keep & (kind == "other") & ~excluded]
        excluded |= kind == "other"
        if len(others):
            counts = np.bincount(others, minlength=len(kinds.values))
            left += len(others)
            named += [kinds.label(int(code)) for code in np.argsort(-counts)[:3] if counts[code]]
    if left:
        rules["not_sales"] = ngettext("{count} row is not a sale ({kinds}) and was left out",
                                      "{count} rows are not sales ({kinds}) and were left out", left).format(
            count=left, kinds=", ".join(f"'{k}'" for k in named[:3]))
    purchase = amount > 0
    amount[~first_line] = 0.0

    if date_order:
        rules["date"] = _("{order}, as you said").format(order=_(ORDERS[date_order]))
    elif layout.date_order:
        rules["date"] = _("{order}, as a {layout} writes them").format(order=_(ORDERS[layout.date_order]),
                                                                      layout=_(layout.label))
    date = _dates(col.get("date", []), rows, date_order or layout.date_order, file, found, rules)
    if "date" in col:
        has_date_cell = any_present(col["date"])
        reasons.add(keep & has_date_cell & np.isnat(date), "bad_date", col["date"][0])
        reasons.add(keep & ~has_date_cell, "no_date")

    name = customer_names(col, roles, rows)
    if "customer" in col and not layout.sections:  # a sheet's own "Total" line is not a customer
        keep &= ~name.spread(numbers(pc.match_substring_regex(name.values, totals_pattern()), False), False)
    email = coalesce(not_own([normalise_emails(c) for c in col.get("email", [])]), rows)
    phones = coalesce(col.get("phone"), rows)
    phone = normalise_phones(phones, phone_region(phones, coalesce(col.get("country"), rows))) \
        if "phone" in col else phones
    customer_id = customer_numbers(col.get("customer_id"), rows, layout.system)
    statuses: list[StatusCount] = []
    if "status" in col:
        void, statuses = _statuses(col["status"][0], order_heads & keep & ~excluded, status,
                                   "refunded" in col and not roles["amount"].net)
        excluded |= void
    if "cancelled" in col:  # a date it was cancelled, or a yes where it was
        excluded |= present(col["cancelled"][0]) & ~_flag(col["cancelled"][0], vocabulary().no)
    written, (name, anonymous) = name, nobody_in_particular(name)
    who = (name.codes >= 0) | (email.codes >= 0) | (phone.codes >= 0) | (customer_id.codes >= 0)
    reasons.add(keep & ~who & ~excluded & anonymous, "anonymous", written)
    reasons.add(keep & ~who & ~excluded, "no_customer")

    dated = any_present(col["date"]) if "date" in col else np.zeros(rows, dtype=bool)
    leftover = ~who & ~dated & (np.nan_to_num(amount) == 0)
    reasons.which[leftover & keep] = -1  # a line with no one, no date and no money: a sheet's leftover, not a sale
    keep &= ~leftover
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
                  address=address(col, roles, rows), date=date, amount=amount, orders=orders,
                  purchase=purchase, product=clean_text(col["product"][0]) if "product" in col else empty(rows),
                  order=col["order"][0] if "order" in col else empty(rows), source=np.full(rows, index, dtype=np.int16))
    if not usable.all():
        sales = sales.select(usable)
    return sales, reasons, keep & ~excluded, statuses, rules


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


def _amounts(col: dict[str, list[Coded]], roles: dict, file: str, rules: dict[str, str]) -> np.ndarray:
    """The amount of each row: a unit price times the quantity, less what was refunded (unless already net);
    how the amounts are written goes into ``rules``. Raises when a cell's magnitude depends on a decimal mark
    the column's cells disagree about."""
    choice = roles["amount"]
    amount, marks = read_amounts(col["amount"][0])
    if marks.mixed:
        raise InputError(_("the amounts are written with both decimal marks (12,50 and 12.50), so '{cell}' could be "
                           "a thousand times more or less; write the column one way and export it again").format(
            cell=marks.mixed), file=file, column=choice.headers[0])
    rules["amount"] = marks.why
    if choice.price and "quantity" in col:
        quantity = parse_amounts(col["quantity"][0])
        amount = amount * np.where(np.isnan(quantity), 1.0, quantity)
    if choice.tips and "tip" in col:  # a tip is a gift to whoever served, not a purchase
        amount = amount - np.nan_to_num(parse_amounts(col["tip"][0]))
    subtracted, yes, no = False, vocabulary().yes, vocabulary().no
    for refunded in col.get("refunded", []) if not choice.net else []:  # a yes/no flag, and one refunded amount
        words = trimmed(refunded.values).to_pylist()
        if words and all(w is None or w.casefold() in yes | no for w in words):
            flag = _flag(refunded, yes)
            amount = np.where(flag, 0.0, amount)
        elif not subtracted:
            amount = amount - np.abs(np.nan_to_num(parse_amounts(refunded)))  # written -12.00 or 12.00
            subtracted = True
    return amount


def _flag(cells: Coded, words: frozenset[str]) -> np.ndarray:
    """Rows whose cell is one of ``words`` (yes or no, in any language the words file has)."""
    return cells.spread(np.array([bool(t) and t.casefold() in words for t in trimmed(cells.values).to_pylist()],
                                 dtype=bool), False)


def _other_currency(cells: Coded) -> np.ndarray:
    """Rows whose currency (a code or sign in ``cells``) is not the one most rows are in: summed with the
    others they would be wrong."""
    marked = numbers(pc.match_substring_regex(cells.values, r"[^0-9.,+\-() ]"), False)  # plain numbers name none
    if not marked.any():
        return np.zeros(len(cells), dtype=bool)
    codes = [currency_in([text]) if mark else None for text, mark in zip(cells.values.to_pylist(), marked.tolist())]
    if len(set(codes) - {None}) < 2:
        return np.zeros(len(cells), dtype=bool)
    counts = np.bincount(cells.codes[cells.codes >= 0], minlength=len(codes))
    totals: dict[str, int] = {}
    for code, n in zip(codes, counts.tolist()):
        if code:
            totals[code] = totals.get(code, 0) + n
    main = max(totals, key=lambda code: totals[code])
    return cells.spread(np.array([bool(code) and code != main for code in codes], dtype=bool), False)


def _kinds(kinds: Coded) -> np.ndarray:
    """Per row, what its kind of transaction says: sale, refund, other (not a purchase) or unknown."""
    classes = np.array([kind_class(k or "") for k in kinds.values.to_pylist()], dtype=object)
    return kinds.spread(classes, "unknown")


def _dates(columns: list[Coded], rows: int, order: DateOrder | None, file: str, found: Detection,
           rules: dict[str, str]) -> np.ndarray:
    """The date of each row: its first date column, else the next one with a date in it; the rule that
    decided the order of day and month goes into ``rules``."""
    date = None
    day_first = found.language in vocabulary().day_first
    for at, column in enumerate(columns):
        try:
            if at == 0 and order is None:
                order, rules["date"] = day_month_order(pc.utf8_trim_whitespace(column.values), day_first)
            parsed = parse_dates(column, order, day_first)
        except ValueError as error:
            if at:
                continue  # a fallback column that cannot tell its order is left unused
            raise AmbiguousDatesError(
                _("{problem}; say which order the dates use: day/month (--date-order dmy) or month/day "
                  "(--date-order mdy)").format(problem=error), file=file, column=found.column("date")) from None
        date = parsed if date is None else np.where(np.isnat(date), parsed, date)
    return date if date is not None else np.full(rows, np.datetime64("NaT", "D"))


def _statuses(status: Coded, orders: np.ndarray, choice: StatusChoice,
              refunds_known: bool) -> tuple[np.ndarray, list[StatusCount]]:
    """Which rows' status leaves them out, and how many orders had each status (among ``orders``). A refunded
    order counts, less its refund, where the export says how much was refunded (``refunds_known``); else it
    is left out."""
    texts = trimmed(status.values).to_pylist()
    classes = [status_class(t) if t else "unknown" for t in texts]
    classes = ["paid" if c == "refunded" and refunds_known else c for c in classes]
    out = [c in ("void", "refunded") or (choice == "paid" and c != "paid") for c in classes]
    left_out = status.spread(np.array(out, dtype=bool), choice == "paid")
    counts = np.bincount(status.codes[orders & (status.codes >= 0)], minlength=len(texts))
    merged: dict[str, StatusCount] = {}
    for text, kind, leave, count in zip(texts, classes, out, counts.tolist()):
        if text and count:
            seen = merged.get(text.casefold())
            merged[text.casefold()] = StatusCount(text, count + (seen.orders if seen else 0), not leave, kind)
    return left_out, sorted(merged.values(), key=lambda s: (not s.counted, -s.orders))


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

"""Reading exports into one table of sales, whatever systems they came from.

:func:`load_exports` reads one or more exports, each in its own layout, and matches their
customers (:mod:`workbook.exports.identity`); :func:`load_sales` reads one. Rows that cannot be used
are counted with their reasons; orders are counted or left out by their status. A file that
cannot be used raises ``InputError`` carrying the report of what was found so far.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..errors import AmbiguousLayoutError, InputError, MissingColumnsError, NothingCountedError
from ..formatting import either
from ..i18n import _, ngettext
from .columns import Table
from .identity import matched_across
from .layouts import ROLE_LABELS, Detection, detect
from .meaning import SAMPLE, currency_in, header_role, is_number
from .reading import Source, open_source, preview, read_cells, read_table
from .result import Imported, ImportResult, Sales, StatusChoice, StatusCount, identified, joined, report
from .rows import Reasons, row_text, to_sales
from .values import DateOrder

SHOWN_REASONS = 5
MAX_BAD_SHARE = 0.5


def load_exports(paths: Sequence[str | Path], sheet: str | None = None, columns: dict[str, str] | None = None,
                 date_order: DateOrder | None = None, status: StatusChoice = "all",
                 answers: dict[str, dict] | None = None) -> Imported:
    """Read every export, each in its own layout, and match customers across them.

    ``columns`` apply to each file that has the named column; ``answers`` hold one file's own
    (by file name: ``columns``, ``date_order``). A file that cannot be used is named in ``failed``
    while the others are read; when none can be, its error is raised.
    """
    results, failed = [], []
    paths, twice = _once(paths)
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
    for again, first in twice:
        kept = next((r for r in results if r.file == Path(first).name), results[0])
        kept.notes.append(_("{again} is the same file as {file}: counted once.").format(again=Path(again).name,
                                                                                       file=kept.file))
    _orders_once(results)
    sales = identified(joined([r.sales for r in results]))
    if len(results) == 1:
        results[0].sales = sales
    else:
        offsets = np.cumsum([0] + [len(r.sales) for r in results])
        for result, start, end in zip(results, offsets[:-1], offsets[1:]):
            result.sales = sales.select(np.arange(start, end))
    return Imported(results, failed, sales, matched_across(sales.key, sales.source) if len(results) > 1 else 0)


def _once(paths: Sequence[str | Path]) -> tuple[list[str | Path], list[tuple[str | Path, str | Path]]]:
    """``paths`` without a file given again (the same bytes, under any name), and each left out with the one kept."""
    kept: dict[str, str | Path] = {}
    once: list[str | Path] = []
    twice: list[tuple[str | Path, str | Path]] = []
    for path in paths:
        digest = str(path)  # a file that is not a plain one says why when read (a pipe is never opened here)
        if len(paths) > 1 and Path(path).is_file():
            try:
                with open(path, "rb") as file:
                    digest = hashlib.file_digest(file, "sha256").hexdigest()
            except OSError:
                pass
        if digest in kept:
            twice.append((path, kept[digest]))
        else:
            kept[digest] = path
            once.append(path)
    return once, twice


def _orders_once(results: list[ImportResult]) -> None:
    """Orders an export shares with one read before it (the same order number, day and total: the same export
    given again, or two downloads that overlap) are left out of the later one, and a note there says how many."""
    if len(results) < 2:
        return
    seen: dict[tuple, str] = {}
    for result in results:
        sales = result.sales
        codes = sales.order.codes
        if not (codes >= 0).any():
            continue
        named = codes >= 0
        totals = np.bincount(codes[named], weights=sales.amount[named], minlength=len(sales.order.values))
        days = np.full(len(sales.order.values), np.datetime64("NaT"), dtype="datetime64[D]")
        np.fmin.at(days, codes[named], sales.date[named])  # NaT stays only where no row has a date
        marks = [(number, str(day), round(float(total), 2))
                 for number, day, total in zip(sales.order.values.to_pylist(), days, totals)]
        shared = np.array([mark in seen for mark in marks] + [False])  # the last place: rows without a number
        again = shared[codes]
        if again.any():
            earlier = seen[marks[int(codes[again][0])]]
            count = int(np.count_nonzero(shared))
            result.notes.append(ngettext("{count} order is in {file} too: counted once.",
                                         "{count} orders are in {file} too: counted once.", count).format(
                count=count, file=earlier))
            result.sales = sales.select(~again)
        for mark in marks:
            seen.setdefault(mark, result.file)


def _present(path: str | Path, sheet: str | None, columns: dict[str, str] | None) -> dict[str, str] | None:
    """The owner's ``columns`` that this file has (several files: each takes those it has)."""
    if not columns:
        return columns
    try:
        source = open_source(path, sheet)
        names = set(detect(preview(source), file=source.name).headers)
    except InputError:
        return None
    return {role: header for role, header in columns.items() if header in names or not header} or None


def load_sales(path: str | Path, sheet: str | None = None, columns: dict[str, str] | None = None,
               date_order: DateOrder | None = None, status: StatusChoice = "all") -> ImportResult:
    """Read one export; ``columns`` maps roles to headers where detection needs help."""
    return load_exports([path], sheet, columns, date_order, status).results[0]


def read_export(path: str | Path, sheet: str | None = None, columns: dict[str, str] | None = None,
                date_order: DateOrder | None = None, status: StatusChoice = "all", index: int = 0) -> ImportResult:
    """One export's sales (keys still to be worked out); a failure carries the report of what was found.

    Where two columns could play a role, each is tried: when they give the same top ten (the same
    customers, amounts and, for the date, last purchases), the first is taken and a note says so;
    else the owner is asked, and the report shows what each choice would give.
    """
    try:
        return _read_export(path, sheet, columns, date_order, status, index)
    except AmbiguousLayoutError as question:
        role, headers = question.role, question.headers
        tried = {}
        for header in headers:
            try:  # another role in question is settled the same way, or asked first
                result = read_export(path, sheet, {**(columns or {}), role: header}, date_order, status, index)
            except AmbiguousLayoutError:
                raise
            except InputError:
                continue
            tried[header] = (result, top_ten(result.sales))
        outcomes = {tuple(_telling(row, role) for row in ten) for _result, ten in tried.values()}
        if len(tried) == len(headers) and len(outcomes) == 1:
            result = tried[headers[0]][0]
            result.notes.append(_("'{first}' and {others} could each be the {role}; each gives the same top ten, so "
                                  "'{first}' was used").format(first=headers[0], role=_(ROLE_LABELS[role]),
                                                              others=", ".join(f"'{h}'" for h in headers[1:])))
            return result
        question.report = {**(question.report or {}), "choices": {
            header: [[row["name"], row["spend"]] for row in ten[:3]] for header, (_result, ten) in tried.items()}}
        raise question from None


def _telling(row: dict, role: str) -> tuple:
    """What of a top-ten row tells two readings apart when ``role`` is in question: who and how much, and the
    name shown when the name is in question, the last purchase when the date is."""
    return (row["key"], row["spend"], row["name"] if role == "customer" else row["last"] if role == "date" else None)


def top_ten(sales: Sales) -> list[dict]:
    """The ten customers who spent the most: key, name shown, spend and last purchase."""
    keys = identified(sales.select(np.arange(len(sales)))).key
    spend = np.bincount(keys.codes[keys.codes >= 0], weights=sales.amount[keys.codes >= 0], minlength=len(keys.values))
    rows = []
    for code in [int(k) for k in np.argsort(-np.round(spend, 2), kind="stable")[:10] if spend[k] > 0.005]:
        mine = keys.codes == code
        names = sales.customer.codes[mine]
        dates = sales.date[mine & sales.purchase]
        rows.append({"key": keys.label(code), "spend": round(float(spend[code]), 2),
                     "name": sales.customer.label(int(names[names >= 0][-1])) if (names >= 0).any()
                     else str(keys.label(code)).split(":", 1)[-1],
                     "last": str(dates.max()) if len(dates) and not np.isnat(dates).all() else None})
    return rows


def _read_export(path: str | Path, sheet: str | None, columns: dict[str, str] | None, date_order: DateOrder | None,
                 status: StatusChoice, index: int) -> ImportResult:
    source = open_source(path, sheet)
    found: Detection | None = None
    others: list[str] = []
    rows: int | None = None
    try:
        found, others = choose_sheet(source, columns, sheet is None)
        found = found or detect(preview(source), file=source.name, overrides=columns)
        try:
            _check_columns(found, source)
        except MissingColumnsError:
            _read(source, found)  # a file that breaks as CSV says so first: its broken row hides the columns
            raise
        table = _read(source, found)
        rows = table.rows
        if not table.rows:
            raise InputError(_("the file has a header row but no sales below it"), file=source.name)
        currency = _currency(table, found)
        sales, reasons, counted, statuses, rules = to_sales(table, found, source.name, date_order, status, index)
        result = _finish(source, found, table, sales, reasons, counted, statuses, others)
        result.currency, result.rules = currency, rules
        return result
    except InputError as error:
        error.report = error.report or report(source.name, found.layout.label if found else "", source.describe(),
                                              found, source.sheet, others, **({"rows_read": rows} if rows else {}))
        raise


def choose_sheet(source: Source, columns: dict[str, str] | None, choose: bool) -> tuple[Detection | None, list[str]]:
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
            found[name] = (len(source.sheets[name]) - detection.header_row, detection)
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
            _("more than one column could be the {role}: {columns}; say which one").format(
                role=_(ROLE_LABELS[role]), columns=", ".join(f"'{h}'" for h in hits)),
            file=source.name, role=role, headers=hits)
    missing = found.missing()
    unlike = next((h for h in found.reading.passed_over if "amount" in missing and (fit := header_role(h))
                   and fit.role == "amount"), None)
    if unlike:  # "Amount" holding words: the first cell that is no amount, where it is
        at = found.headers.index(unlike)
        for number, row in enumerate(preview(source)[found.header_row + 1:], start=found.header_row + 2):
            cell = row[at].strip() if at < len(row) else ""
            if cell and not is_number(cell):
                raise MissingColumnsError(_("amount '{cell}' is not a number, nor are most cells of this column, so "
                                            "no column holds the amounts").format(cell=cell),
                                          file=source.name, row=number, column=unlike)
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


def _read(source: Source, found: Detection) -> Table:
    if found.layout.sections:
        return read_cells(source, found.header_row, found.headers)
    wanted = list(dict.fromkeys(h for headers in found.mapping.values() for h in headers))
    return read_table(source, found.header_row, found.headers, wanted)


def _finish(source: Source, found: Detection, table: Table, sales: Sales, reasons: Reasons, counted: np.ndarray,
            statuses: list[StatusCount], others: list[str]) -> ImportResult:
    """Count what was skipped and why (among ``counted`` rows); fail when too little is usable."""
    skipped = np.flatnonzero(reasons.found & counted)
    lacking = reasons.having(skipped, "no_customer", "anonymous", "other_currency")
    nobody = int(reasons.having(skipped, "anonymous").sum())
    serious = skipped[~lacking]
    layout = found.layout
    rows_read = table.rows if not layout.sections else len(sales) + len(skipped)
    shown = [row_text(table.first_row + int(row), reasons.text(row)) for row in skipped[:SHOWN_REASONS]]
    notes = [_(layout.note)] if layout.note else []
    if nobody:
        notes.append(ngettext("{count} sale to nobody in particular (such as 'Walk-in' or 'Guest') was left out.",
                              "{count} sales to nobody in particular (such as 'Walk-in' or 'Guest') were left out.",
                              nobody).format(count=nobody))
    if lacking.sum() > nobody:
        count = int(lacking.sum()) - nobody
        notes.append(ngettext("{count} sale had no customer and was left out.",
                              "{count} sales had no customer and were left out.", count).format(count=count))
    if others:
        notes.append(_("Read the sheet '{sheet}'; the other sheets ({others}) hold no sales or fewer of them. Name "
                       "another with --sheet.").format(sheet=source.sheet, others=", ".join(f"'{o}'" for o in others)))
    result = ImportResult(
        file=source.name, layout=layout.label, read_as=source.describe(), detection=found, sales=sales,
        rows_read=rows_read, skipped=len(skipped), reasons=shown, skipped_by=reasons.groups(skipped, table.first_row),
        statuses=statuses, notes=notes, sheet=source.sheet, other_sheets=others, business=_business(source, found))
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


def _business(source: Source, found: Detection) -> str:
    """The business's name where the layout's title block gives it (its ``business_line``, above the header)."""
    line = found.layout.business_line
    if not line or found.header_row < line:
        return ""
    cells = [cell.strip() for cell in preview(source, line)[line - 1] if cell and cell.strip()]
    return cells[0] if len(cells) == 1 else ""


def _nothing_counted(result: ImportResult, reasons: Reasons, skipped: np.ndarray, table: Table) -> InputError:
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
        counted = NothingCountedError(message.format(orders=orders, awaiting=awaiting, statuses=statuses),
                                      file=result.file)
        counted.awaiting, counted.orders, counted.statuses = awaiting, orders, statuses
        error: InputError = counted
    elif len(skipped):
        error = InputError(_("no usable sales were found; {row}").format(
            row=row_text(table.first_row + int(skipped[0]), reasons.text(skipped[0]))), file=result.file)
    else:
        error = InputError(_("no usable sales were found"), file=result.file)
    error.report = result.summary()
    return error

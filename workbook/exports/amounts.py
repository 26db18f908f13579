"""Amounts as spreadsheets of every country write them, a whole column at a time.

A cell's currency sign or code may stand before or after the number (``79,00 €``, ``€79,00``,
``USD 1,234.50``); thousands may be grouped by ``.``, ``,``, ``'`` or a (no-break) space;
negatives are ``-12``, ``12-``, ``−12`` or ``(12.00)``; a spreadsheet may write ``1.5E+03``.
Most cells say by themselves which mark is the decimal one (``12,50``, ``1.234,50``, ``1,234.56``);
a cell like ``1.234`` could be either, and the column decides: the mark its other cells use, and
where none says, a thousands mark (money has at most two decimals). When the column's cells use
both decimal marks and some cell could be read either way, its magnitude is not guessed: the
column is mixed, and :class:`Marks` says so.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..i18n import _
from .columns import Coded, numbers, pick

_INTEGER = r"^-?\d+$"
_DOT_PLAIN = r"^-?(\d+\.(\d{1,2}|\d{4,})|\.\d+|\d+\.)$"  # a point that can only be a decimal point
_SCIENTIFIC = re.compile(r"^([-+]?\d+(?:[.,]\d+)?)[eE]([-+]?\d{1,3})$")
CURRENCIES = frozenset(
    "usd eur gbp chf cad aud nzd jpy sek nok dkk pln czk huf ron bgn isk inr bdt pkr lkr brl mxn ars clp cop pen "
    "zar ngn kes ghs egp mad sgd hkd cny twd krw thb idr myr php vnd rub uah try ils aed sar qar".split())
_CURRENCY_WORD = re.compile(r"(?i)(?<![^\W\d_])([a-z]{1,2}\$|" + "|".join(sorted(CURRENCIES)) +
                            r"|fr|sfr|kr|zł|rs|kč|ft|lei|dh|euros?)(?![^\W\d_])\.?")
_LETTER = re.compile(r"[^\W\d_]")
_SIGNS = re.compile(r"[^\d.,\-()\s]")  # currency signs and codes, and anything else that is not the number
_GROUPING = re.compile(r"[\s\u00a0\u202f'’]")  # thousands grouped by spaces or apostrophes
_GROUPED = {",": re.compile(r"^\d{1,3}(,\d{3})+$"), ".": re.compile(r"^\d{1,3}(\.\d{3})+$")}


class Cell(NamedTuple):
    """One cell read as an amount: ``mark`` is the decimal mark it shows (``,`` or ``.``), ``?.`` or ``?,``
    when its one mark could be either (``1.234``), ``""`` when it has none (``12``); ``comma`` and ``point``
    are its value with ``,`` or ``.`` as the decimal mark (the same unless the mark is in doubt)."""

    mark: str
    comma: float
    point: float


_NOT_AMOUNT = Cell("", np.nan, np.nan)


def read_cell(text: str) -> Cell:
    """What one cell says as an amount (NaN values when it is no amount)."""
    text = text.strip().replace("\u2212", "-")
    science = _SCIENTIFIC.match(text)
    if science:
        value = float(science.group(1).replace(",", ".") + "e" + science.group(2))
        return Cell("," if "," in science.group(1) else ".", value, value)
    text = _CURRENCY_WORD.sub("", text)
    if _LETTER.search(text):  # words, not a currency's sign or code
        return _NOT_AMOUNT
    core = _GROUPING.sub("", _SIGNS.sub("", text))
    core = core[:-2] if core.endswith((".-", ",-")) else core  # 12.- and 12,-: whole francs or euros
    negative = core.startswith("(") and core.endswith(")")
    core = core.strip("()")
    if core.startswith("-") or core.endswith("-"):
        negative, core = True, core.strip("-")
    if not core or "-" in core or "(" in core or ")" in core or not any(ch.isdigit() for ch in core):
        return _NOT_AMOUNT
    sign = -1.0 if negative else 1.0
    commas, points = core.count(","), core.count(".")
    if not commas and not points:
        return Cell("", sign * float(core), sign * float(core))
    if commas and points:  # the last mark is the decimal one, the other groups thousands
        mark = "," if core.rfind(",") > core.rfind(".") else "."
        whole, _mark, decimals = core.rpartition(mark)
        other = "." if mark == "," else ","
        if mark in whole or not _GROUPED[other].match(whole) or not decimals.isdigit():
            return _NOT_AMOUNT
        value = sign * float(whole.replace(other, "") + "." + decimals)
        return Cell(mark, value, value)
    mark = "," if commas else "."
    if core.count(mark) > 1:  # only thousands are marked more than once
        if not _GROUPED[mark].match(core):
            return _NOT_AMOUNT
        value = sign * float(core.replace(mark, ""))
        return Cell("." if mark == "," else ",", value, value)
    whole, _mark, decimals = core.partition(mark)
    if (decimals and not decimals.isdigit()) or (whole and not whole.isdigit()):
        return _NOT_AMOUNT
    as_decimal = sign * float((whole or "0") + "." + (decimals or "0"))
    if _GROUPED[mark].match(core) and whole != "0":  # ``1.234``: a decimal or a thousands mark
        as_thousands = sign * float(whole + decimals)
        return Cell("?" + mark, *((as_decimal, as_thousands) if mark == "," else (as_thousands, as_decimal)))
    return Cell(mark, as_decimal, as_decimal)


class Marks(NamedTuple):
    """How a column writes its amounts: its decimal ``mark`` (``,`` or ``.``) and why; ``mixed`` names a cell
    whose magnitude depends on a mark the column's cells disagree about (empty when they agree)."""

    mark: str
    why: str
    mixed: str = ""


def parse_amounts(column: Coded) -> np.ndarray:
    """A column's amounts as float64, NaN where a cell is empty or not an amount."""
    return read_amounts(column)[0]


def read_amounts(column: Coded) -> tuple[np.ndarray, Marks]:
    """A column's amounts (as :func:`parse_amounts`), and how the column writes them."""
    text = pc.utf8_trim_whitespace(column.values)
    plain = numbers(pc.match_substring_regex(text, pattern=_INTEGER), False)
    plain |= numbers(pc.match_substring_regex(text, pattern=_DOT_PLAIN), False)
    parsed = np.full(len(text), np.nan)
    where = np.flatnonzero(plain)
    if len(where):
        parsed[where] = numbers(pc.cast(pick(text, where), pa.float64()))
    odd = np.flatnonzero(~plain)
    texts = pick(text, odd).to_pylist()
    cells = [read_cell(value) for value in texts]
    points = int(np.count_nonzero(plain & numbers(pc.match_substring(text, "."), False)))
    marks = _decide(list(zip(texts, cells)), points)
    parsed[odd] = [cell.comma if marks.mark == "," else cell.point for cell in cells]
    return column.spread(parsed, np.nan), marks


def _decide(cells: list[tuple[str, Cell]], points: int) -> Marks:
    """The decimal mark the cells show (``points`` more cells show a point), and whether they mix both."""
    commas = sum(1 for _text, c in cells if c.mark == ",")
    points += sum(1 for _text, c in cells if c.mark == ".")
    doubtful = {c.mark[1]: text for text, c in cells if c.mark.startswith("?")}
    if commas and points:
        mark = "," if commas > points else "."
        why = _("the amounts use both decimal marks ({commas} with a comma, {points} with a point); each was read "
                "by its own").format(commas=commas, points=points)
        return Marks(mark, why, next(iter(doubtful.values()), ""))
    if commas or points:
        mark = "," if commas else "."
        return Marks(mark, _("decimal comma: the amounts are written like 12,50") if commas
                     else _("decimal point: the amounts are written like 12.50"))
    if len(doubtful) == 2:  # 1.234 beside 5,678 and nothing else to go by
        return Marks(".", _("the amounts group thousands with both marks"), doubtful[","])
    if doubtful:  # 1.234 alone: money has at most two decimals, so the mark groups thousands
        grouping, example = next(iter(doubtful.items()))
        return Marks("," if grouping == "." else ".",
                     _("'{example}' groups thousands: no amount has decimals").format(example=example))
    return Marks(".", _("whole amounts"))


def looks_like_amount(text: str) -> bool:
    """Whether one cell reads as an amount (for telling what a column holds)."""
    return not np.isnan(read_cell(text).point)

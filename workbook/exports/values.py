"""Turning exported cells into dates, names and products, a whole column at a time (amounts: :mod:`.amounts`).

Each parser works on a coded column's distinct values (Arrow's vectorised string
functions, Python only for the odd ones out) and spreads the answers to the rows.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Literal, get_args

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..i18n import _
from .columns import Coded, nulls_where, numbers, pick

DateOrder = Literal["dmy", "mdy"]
DATE_ORDERS: tuple[DateOrder, ...] = get_args(DateOrder)

_ISO_DATE = r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:$|[ T])"
_NUMERIC_DATE = r"^(?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})[/.\-](?P<y>\d{2}|\d{4})(?:$|[ T,])"
_TEXT_MONTH = r"\pL{3}"  # RE2: three letters of any script
_EMPTY = "^$"
_SPACES = r"[ \t\n\r\f\v]+"  # NFKC has made no-break and wide spaces plain ones


def trimmed(values: pa.Array) -> pa.Array:
    """Text without surrounding spaces; null where nothing is left."""
    text = pc.utf8_trim_whitespace(values)
    return nulls_where(text, pc.match_substring_regex(text, pattern=_EMPTY))


def _matches(values: pa.Array, pattern: str) -> np.ndarray:
    """Per value, whether ``pattern`` (RE2) matches it."""
    return numbers(pc.match_substring_regex(values, pattern=pattern), False)


def present(column: Coded) -> np.ndarray:
    """True where a cell holds something other than blanks."""
    return column.spread(~_matches(pc.utf8_trim_whitespace(column.values), _EMPTY), False)


def clean_text(column: Coded) -> Coded:
    """The column without surrounding spaces; blank cells empty, values that then match merged."""
    return column.recode(trimmed(column.values))


def parse_dates(column: Coded, order: DateOrder | None = None, day_first: bool = False) -> np.ndarray:
    """Calendar dates (datetime64[D]), NaT where a cell is empty or not a date.

    ISO dates keep the wall-clock day of the export (a ``-0500`` offset is not
    converted). Numeric dates like ``03/04/2025`` are read day-first or month-first
    as decided from the whole column (:func:`day_month_order`); when the column cannot tell,
    ``order`` must. Raises ``ValueError`` when the column cannot tell and no order was given.
    """
    text = pc.utf8_trim_whitespace(column.values)
    if order is None:
        order = day_month_order(text, day_first)[0]
    return column.spread(_parse_date_values(text, order), np.datetime64("NaT", "D"))


def _parts(text: pa.Array, pattern: str) -> tuple[np.ndarray, list[np.ndarray]]:
    """Which values match ``pattern``, and its named groups as whole numbers (0 where none)."""
    found = pc.extract_regex(text, pattern=pattern)
    valid = numbers(pc.is_valid(found), False)
    where = np.flatnonzero(valid)
    matched = pick(found, where)
    groups = []
    for i in range(found.type.num_fields):
        group = np.zeros(len(text), dtype=np.int64)
        group[where] = numbers(pc.cast(matched.field(i), pa.int64()))
        groups.append(group)
    return valid, groups


def day_month_order(text: pa.Array, day_first: bool = False) -> tuple[DateOrder | None, str]:
    """``dmy`` or ``mdy`` as the numeric dates among ``text`` say (None when there are none), and why.

    A day above 12 decides; else dates written with dots are day first, as everywhere they are
    written so; else ``day_first`` (the headers are in a language whose countries write the day
    first). Raises ``ValueError`` when the dates contradict each other, or could be either.
    """
    numeric, (first, second, _year) = _parts(text, _NUMERIC_DATE)
    if not numeric.any():
        return None, ""
    days_first = bool((first[numeric] > 12).any())
    months_first = bool((second[numeric] > 12).any())
    if days_first and months_first:
        raise ValueError(_("some dates are day/month and others month/day"))
    example = text[int(np.flatnonzero(numeric & (first > 12) if days_first else numeric & (second > 12)
                                        if months_first else numeric)[0])].as_py()
    if days_first:
        return "dmy", _("day first: a date like {date} says so").format(date=example)
    if months_first:
        return "mdy", _("month first: a date like {date} says so").format(date=example)
    if numbers(pc.match_substring_regex(pick(text, np.flatnonzero(numeric)), pattern=_DOTTED), False).all():
        return "dmy", _("day first: dates written with dots ({date}) are day first").format(date=example)
    if day_first:
        return "dmy", _("day first: the headers are in a language whose dates are day first, and no date says "
                        "otherwise")
    raise ValueError(_("every date could be day/month or month/day (for example {date})").format(date=example))


_DOTTED = r"^\d{1,2}\.\d{1,2}\.\d{2,4}"


def _parse_date_values(text: pa.Array, order: DateOrder | None) -> np.ndarray:
    """Parse distinct date strings: ISO, numeric in ``order``, or with a month name."""
    out = np.full(len(text), np.datetime64("NaT", "D"))
    iso, (year, month, day) = _parts(text, _ISO_DATE)
    out[iso] = _calendar(year[iso], month[iso], day[iso])
    numeric, (a, b, year) = _parts(text, _NUMERIC_DATE)
    numeric &= ~iso
    if numeric.any() and order is not None:
        year = np.where(year < 100, year + 2000, year)
        day, month = (a, b) if order == "dmy" else (b, a)
        out[numeric] = _calendar(year[numeric], month[numeric], day[numeric])
    worded = np.flatnonzero(~iso & ~numeric & _matches(text, _TEXT_MONTH))
    out[worded] = [_worded_date(value, order == "dmy") for value in pick(text, worded).to_pylist()]
    return out


def _calendar(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Dates from their parts; NaT where the parts are not a real day (a 31st of April)."""
    ok = (month >= 1) & (month <= 12) & (day >= 1) & (year >= 1900) & (year <= 2200)
    first = ((np.where(ok, year, 1970) - 1970) * 12 + np.where(ok, month, 1) - 1).astype("datetime64[M]")
    date = first.astype("datetime64[D]") + (np.where(ok, day, 1) - 1)
    ok &= date.astype("datetime64[M]") == first
    return np.where(ok, date, np.datetime64("NaT", "D"))


def _worded_date(text: str, day_first: bool) -> np.datetime64:
    """A date written with a month name in English, German, French or Spanish (``Mar 5, 2025``,
    ``14. März 2025``, ``5 de marzo de 2025``, ``10-Dez-25``); NaT when it is none."""
    from dateutil import parser

    english = _SPANISH_OF.sub(" ", _english_months(text))
    try:
        return np.datetime64(parser.parse(english, dayfirst=day_first, default=dt.datetime(2000, 1, 1)).date(), "D")
    except (ValueError, OverflowError):
        return np.datetime64("NaT", "D")


def _english_months(text: str) -> str:
    """``text`` with German, French and Spanish month names (and their abbreviations) in English."""
    return _MONTH_WORD.sub(lambda m: _MONTHS.get(_plain(m.group(0).rstrip(".")), m.group(0)), text)


def _plain(word: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(ch))


_MONTHS = {word: english for english, words in {  # German, French, Spanish, Portuguese, Italian, Dutch
    "Jan": "januar janvier enero ene janv janeiro gennaio januari", "Feb": "februar fevrier fevr febrero fevereiro "
    "fev febbraio februari", "Mar": "marz maerz mrz mars marzo marco maart", "Apr": "avril abril avr aprile",
    "May": "mai mayo maio maggio mei", "Jun": "juni juin junio junho giugno", "Jul": "juli juillet julio juil "
    "julho luglio", "Aug": "aout agosto augustus", "Sep": "septembre septiembre setiembre sept setembro "
    "settembre", "Oct": "oktober okt octobre octubre outubro ottobre", "Nov": "novembre noviembre "
    "novembro", "Dec": "dezember dez decembre diciembre dic dezembro dicembre"}.items() for word in words.split()}
_MONTH_WORD = re.compile(r"[^\W\d_]{3,}\.?")
_SPANISH_OF = re.compile(r"\b(de|del|do|da|di|van|hs|h|uhr|um|a las|alle)\b\.?", re.IGNORECASE)
_ISO_ONE = re.compile(_ISO_DATE)
_NUMERIC_ONE = re.compile(_NUMERIC_DATE)
_ANY_MONTH = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.IGNORECASE)


def looks_like_date(cell: str) -> bool:
    """Whether one cell reads as a date (for telling what a column holds)."""
    cell = cell.strip()
    if _ISO_ONE.match(cell) or _NUMERIC_ONE.match(cell):
        return True
    if not any(ch.isdigit() for ch in cell) or len(cell) > 40:
        return False
    return bool(_ANY_MONTH.search(_english_months(cell))) and not np.isnat(_worded_date(cell, False))


_QUANTITY = re.compile(r"^\s*(?:\d+\s*[x×]\s*)?(.*?)(?:\s*(?:[x×]\s*\d+|\(\d+\)))?\s*$", re.IGNORECASE)
_ITEM_SPLIT = re.compile(r"\s*(?:[,;|\n]|\s\+\s)\s*")
_TIMES = re.compile(r"(?:^\d+\s*[x×]\s)|(?:\s[x×]\s*\d+$)", re.IGNORECASE)
_HAS_COUNT = re.compile(r"(?:^\d+\s*[x×]\s)|(?:\s[x×]\s*\d+$)|(?:\(\d+\)$)", re.IGNORECASE)


def first_item(text: str | None) -> str | None:
    """The first thing in a cell that lists several with their counts (``Sourdough x 2, Buns x 6``)."""
    if not text:
        return text
    parts = [p for p in _ITEM_SPLIT.split(text) if p]
    counted = sum(1 for p in parts if _HAS_COUNT.search(p))
    if counted < min(len(parts), 2) or (len(parts) == 1 and not _TIMES.search(parts[0])):
        return text
    quantity = _QUANTITY.match(parts[0])
    return (quantity.group(1) if quantity else None) or parts[0]


def folded_values(values: pa.Array) -> pa.Array:
    """Texts folded as headers and vocabulary words are (:func:`meaning.fold`): lower case, no accents, words of
    letters and digits only, one space between them ("Client de passage", "N/A" as "n a")."""
    text = pc.replace_substring_regex(pc.utf8_normalize(values, "NFKD"), pattern=r"\p{Mn}+", replacement="")
    text = pc.replace_substring_regex(pc.utf8_lower(text), pattern=r"[^a-z0-9]+", replacement=" ")
    return pc.utf8_trim(text, " ")


def normalise_names(values: pa.Array) -> pa.Array:
    """Names folded for matching: case, width forms and spacing do not count; null when blank."""
    text = pc.utf8_lower(pc.utf8_normalize(values, "NFKC"))
    text = pc.utf8_trim(pc.replace_substring_regex(text, pattern=_SPACES, replacement=" "), " .,;")
    return nulls_where(text, pc.match_substring_regex(text, pattern=_EMPTY))

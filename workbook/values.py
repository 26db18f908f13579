"""Turning exported cells into numbers, dates and customer keys, a whole column at a time.

Exports repeat the same few hundred amounts and dates many times over, so each parser
works on the column's distinct values and maps the answers back.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable, Literal

import numpy as np
import pandas as pd

DateOrder = Literal["dmy", "mdy"]

_NOT_NUMBER_PART = re.compile(r"[^0-9.,'\s\u00a0\u202f-]")
_COMMA_DECIMAL = re.compile(r",\d{1,2}$")
_DOT_DECIMAL = re.compile(r"\.\d{1,2}$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[ T])")
_NUMERIC_DATE = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?:$|[ T,])")
_TEXT_MONTH = re.compile(r"[A-Za-z]{3}")
_SPACES = re.compile(r"\s+")


def _on_distinct(column: pd.Series, parse: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """Apply ``parse`` to the distinct values of ``column`` and spread the result back."""
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    parsed = parse(pd.Series(uniques, dtype=object)).reset_index(drop=True)
    result = parsed.reindex(codes)  # code -1 (an empty cell) becomes missing
    result.index = column.index
    return result


def present(column: pd.Series) -> pd.Series:
    """True where a cell holds something other than blanks."""
    if not (pd.api.types.is_string_dtype(column) or column.dtype == object):
        return column.notna()
    filled = _on_distinct(column, lambda u: u.map(lambda v: str(v).strip() != ""))
    return filled.fillna(False).astype(bool)


def parse_amounts(column: pd.Series) -> pd.Series:
    """Amounts as float64, NaN where a cell is empty or not a number.

    Understands currency symbols and codes, thousands separators, decimal commas
    (decided once for the whole column), parentheses, leading and trailing minus.
    """
    if pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        return column.astype("float64")
    text = column.astype("string").str.strip()
    distinct = text.drop_duplicates()
    if _uses_decimal_comma(distinct):
        return _on_distinct(text, lambda u: u.map(lambda v: _parse_amount(v, True))).astype("float64")
    fast = pd.to_numeric(text, errors="coerce")
    todo = fast.isna() & text.notna() & (text != "")
    if todo.any():
        slow = _on_distinct(text[todo], lambda u: u.map(lambda v: _parse_amount(v, False)))
        fast[todo] = slow.astype("float64")
    return fast.astype("float64")


def _uses_decimal_comma(text: pd.Series) -> bool:
    """True when the column writes decimals after a comma (``12,50``) and never after a dot."""
    comma = text.str.contains(_COMMA_DECIMAL, na=False).sum()
    dot = text.str.contains(_DOT_DECIMAL, na=False).sum()
    return bool(comma > 0 and dot == 0)


def _parse_amount(value: object, decimal_comma: bool) -> float:
    """One amount cell to a float, NaN when it is not a number."""
    text = str(value).strip().replace("\u2212", "-")
    if len(_NOT_NUMBER_PART.findall(text)) > 4:  # words, not a currency sign or code
        return np.nan
    core = _NOT_NUMBER_PART.sub("", text)
    for space in (" ", "\u00a0", "\u202f", "'"):
        core = core.replace(space, "")
    negative = "(" in text[:4] and text.endswith(")")
    if core.startswith("-") or core.endswith("-"):
        negative, core = True, core.strip("-")
    if "-" in core or not any(ch.isdigit() for ch in core):
        return np.nan
    core = core.replace(".", "").replace(",", ".") if decimal_comma else core.replace(",", "")
    try:
        number = float(core)
    except ValueError:
        return np.nan
    return -number if negative else number


def parse_dates(column: pd.Series, order: DateOrder | None = None) -> pd.Series:
    """Calendar dates (datetime64 at midnight), NaT where a cell is empty or not a date.

    ISO dates keep the wall-clock day of the export (a ``-0500`` offset is not
    converted). Numeric dates like ``03/04/2025`` are read day-first or month-first
    as decided from the whole column; when the column cannot tell, ``order`` must.
    Raises ``ValueError`` when the column cannot tell and no order was given.
    """
    if pd.api.types.is_datetime64_any_dtype(column):
        if getattr(column.dt, "tz", None) is not None:
            column = column.dt.tz_localize(None)
        return column.dt.normalize().astype("datetime64[ns]")
    text = column.astype("string").str.strip()
    if order is None:
        order = infer_date_order(text)
    return _on_distinct(text, lambda u: _parse_date_values(u, order)).astype("datetime64[ns]")


def infer_date_order(text: pd.Series) -> DateOrder | None:
    """``dmy`` or ``mdy`` when numeric dates in the column say which; None when there are none.

    Raises ``ValueError`` when they could be either, or contradict each other.
    """
    parts = text.drop_duplicates().str.extract(_NUMERIC_DATE)
    parts = parts.dropna()
    if parts.empty:
        return None
    first = parts[0].astype(int)
    second = parts[1].astype(int)
    day_first = bool((first > 12).any())
    month_first = bool((second > 12).any())
    if day_first and month_first:
        raise ValueError("some dates are day/month and others month/day")
    if day_first:
        return "dmy"
    if month_first:
        return "mdy"
    raise ValueError(
        "every date could be day/month or month/day "
        f"(for example {text.dropna().iloc[0]})"
    )


def _parse_date_values(values: pd.Series, order: DateOrder | None) -> pd.Series:
    """Parse distinct date strings: ISO, numeric in ``order``, or with a month name."""
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    text = values.astype("string")
    iso = text.str.extract(_ISO_DATE)
    is_iso = iso[0].notna()
    if is_iso.any():
        out[is_iso] = pd.to_datetime(
            {"year": iso.loc[is_iso, 0].astype(int), "month": iso.loc[is_iso, 1].astype(int),
             "day": iso.loc[is_iso, 2].astype(int)},
            errors="coerce",
        )
    numeric = text.str.extract(_NUMERIC_DATE)
    is_numeric = numeric[0].notna() & ~is_iso
    if is_numeric.any() and order is not None:
        a = numeric.loc[is_numeric, 0].astype(int)
        b = numeric.loc[is_numeric, 1].astype(int)
        year = numeric.loc[is_numeric, 2].astype(int)
        year = year.where(year >= 100, year + 2000)
        day, month = (a, b) if order == "dmy" else (b, a)
        out[is_numeric] = pd.to_datetime({"year": year, "month": month, "day": day}, errors="coerce")
    texty = ~is_iso & ~is_numeric & text.str.contains(_TEXT_MONTH, na=False)
    if texty.any():
        out[texty] = pd.to_datetime(text[texty], errors="coerce", format="mixed", dayfirst=order == "dmy")
    return out.dt.normalize()


def customer_keys(emails: pd.Series, names: pd.Series) -> tuple[pd.Series, pd.Series]:
    """A stable key per row, and the row's email as matched (trimmed, lower case, or NA).

    The key is ``email:`` and the email where there is one, else ``name:`` and the
    folded name; NA when the row has neither.
    """
    email = _on_distinct(emails, lambda u: u.map(_normalise_email))
    name = _on_distinct(names, lambda u: u.map(lambda v: _prefixed("name:", normalise_name(v))))
    keys = ("email:" + email.astype("string")).fillna(name.astype("string"))
    return keys.astype("string"), email.astype("string")


def _normalise_email(value: object) -> str | None:
    text = str(value).strip().lower() if isinstance(value, str) else ""
    return text if "@" in text else None


def _prefixed(prefix: str, value: str | None) -> str | None:
    return None if value is None else prefix + value


def normalise_name(name: object) -> str | None:
    """A name folded for matching: case, accents' width forms and spacing do not count."""
    if name is None or name is pd.NA or (isinstance(name, float) and np.isnan(name)):
        return None
    text = unicodedata.normalize("NFKC", str(name)).casefold()
    text = _SPACES.sub(" ", text).strip(" .,;")
    return text or None

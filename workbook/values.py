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
    return _spread(codes, parse(pd.Series(uniques, dtype=object)), column.index)


def _spread(codes: np.ndarray, parsed: pd.Series, index: pd.Index) -> pd.Series:
    """Row values from per-distinct-value results; code -1 (an empty cell) becomes missing."""
    result = parsed.reset_index(drop=True).reindex(codes)
    result.index = index
    return result


def categories(column: pd.Series, normalise: Callable[[object], str | None]) -> pd.Series:
    """``column`` as a categorical of ``normalise``-d values (None and empty cells are missing).

    Values that normalise alike share one category, so grouping on the result is
    grouping on small integers.
    """
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    distinct = np.asarray(uniques, dtype=object)
    merged, values = pd.factorize(pd.Index([normalise(v) for v in distinct], dtype=object),
                                  use_na_sentinel=True)
    mapped = np.append(merged, -1)[codes]
    return pd.Series(pd.Categorical.from_codes(mapped, categories=pd.Index(values, dtype=object)),
                     index=column.index)


def clean_text(value: object) -> str | None:
    """A cell's text without surrounding spaces; None when blank."""
    text = str(value).strip() if isinstance(value, str) else ""
    return text or None


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
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    text = pd.Series(uniques, dtype=object).astype("string").str.strip()
    if order is None:
        order = infer_date_order(text)
    return _spread(codes, _parse_date_values(text, order), column.index).astype("datetime64[ns]")


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
    """A stable key per row (categorical), and the row's email as matched (or missing).

    The key is ``email:`` and the email (trimmed, lower case) where there is one, else
    ``name:`` and the folded name; missing when the row has neither.
    """
    email = categories(emails, _normalise_email)
    name = categories(names, normalise_name)
    email_codes = email.cat.codes.to_numpy()
    name_codes = name.cat.codes.to_numpy()
    offset = len(email.cat.categories)
    codes = np.where(email_codes >= 0, email_codes, np.where(name_codes >= 0, name_codes + offset, -1))
    labels = ["email:" + e for e in email.cat.categories] + ["name:" + n for n in name.cat.categories]
    keys = pd.Categorical.from_codes(codes, categories=pd.Index(labels, dtype=object))
    return pd.Series(keys, index=emails.index), email


def _normalise_email(value: object) -> str | None:
    text = str(value).strip().lower() if isinstance(value, str) else ""
    return text if "@" in text else None


def normalise_name(name: object) -> str | None:
    """A name folded for matching: case, accents' width forms and spacing do not count."""
    if name is None or name is pd.NA or (isinstance(name, float) and np.isnan(name)):
        return None
    text = unicodedata.normalize("NFKC", str(name)).casefold()
    text = _SPACES.sub(" ", text).strip(" .,;")
    return text or None

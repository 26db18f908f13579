"""Turning exported cells into numbers, dates and customer keys, a whole column at a time.

Exports repeat the same few hundred amounts and dates many times over, so each parser
works on the column's distinct values and maps the answers back.
"""

from __future__ import annotations

import re
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
_SPACES = r"[ \t\n\r\f\v]+"  # RE2 runs it on Arrow; NFKC has made no-break and wide spaces plain ones
_ARROW_TEXT = pd.StringDtype("pyarrow")  # vectorised string functions


def _distinct(column: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Each row's code (-1 for an empty cell) and the column's distinct values.

    A categorical column (how text is read) already holds both.
    """
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy(), pd.Series(column.cat.categories)
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    return codes, pd.Series(uniques, dtype=object)


def _on_distinct(column: pd.Series, parse: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """Apply ``parse`` to the distinct values of ``column`` and spread the result back."""
    codes, uniques = _distinct(column)
    return _spread(codes, parse(uniques), column.index)


def _spread(codes: np.ndarray, parsed: pd.Series, index: pd.Index) -> pd.Series:
    """Row values from per-distinct-value results; code -1 (an empty cell) becomes missing."""
    return pd.Series(parsed.array.take(codes, allow_fill=True), index=index)


def categories(column: pd.Series, normalise: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """``column`` as a categorical of its ``normalise``-d distinct values (missing stays missing).

    Values that normalise alike share one category, so grouping on the result is
    grouping on small integers.
    """
    codes, uniques = _distinct(column)
    merged, values = pd.factorize(normalise(uniques).astype(object), use_na_sentinel=True)
    mapped = np.append(merged, -1).astype("int32")[codes]
    return pd.Series(pd.Categorical.from_codes(mapped, categories=pd.Index(values, dtype=object)),
                     index=column.index)


def clean_text(values: pd.Series) -> pd.Series:
    """Text cells without surrounding spaces; missing where a cell is blank or not text."""
    text = _text_only(values).str.strip()
    return text.where(text != "")


def _text_only(values: pd.Series) -> pd.Series:
    """``values`` as a string series, missing where a value is not text (an Excel number)."""
    if not pd.api.types.is_string_dtype(values):
        values = values.where(values.map(lambda v: isinstance(v, str)))
    return values.astype(_ARROW_TEXT)


def present(column: pd.Series) -> pd.Series:
    """True where a cell holds something other than blanks."""
    if not (pd.api.types.is_string_dtype(column) or column.dtype == object
            or isinstance(column.dtype, pd.CategoricalDtype)):
        return column.notna()
    codes, uniques = _distinct(column)
    filled = uniques.map(lambda v: str(v).strip() != "").to_numpy(dtype=bool)
    return pd.Series(np.append(filled, False)[codes], index=column.index)


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
    codes, uniques = _distinct(column)
    text = uniques.astype("string").str.strip()
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
    name = categories(names, normalise_names)
    email_codes = email.cat.codes.to_numpy()
    name_codes = name.cat.codes.to_numpy()
    offset = len(email.cat.categories)
    codes = np.where(email_codes >= 0, email_codes, np.where(name_codes >= 0, name_codes + offset, -1))
    labels = ["email:" + e for e in email.cat.categories] + ["name:" + n for n in name.cat.categories]
    keys = pd.Categorical.from_codes(codes, categories=pd.Index(labels, dtype=object))
    return pd.Series(keys, index=emails.index), email


def _normalise_email(values: pd.Series) -> pd.Series:
    text = _text_only(values).str.strip().str.lower()
    return text.where(text.str.contains("@", regex=False))


def normalise_names(values: pd.Series) -> pd.Series:
    """Names folded for matching: case, accents' width forms and spacing do not count."""
    text = _text_only(values).str.normalize("NFKC").str.casefold()
    text = text.str.replace(_SPACES, " ", regex=True).str.strip(" .,;")
    return text.where(text != "")

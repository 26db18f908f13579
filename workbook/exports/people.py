"""Who bought, as each row tells it: names (first and last joined, "Last, First" turned round), the first
column of several with something in it, customer numbers, and postal addresses."""

from __future__ import annotations

import numpy as np
import pyarrow.compute as pc

from .columns import Coded, empty, nulls_where, numbers, shared, strings
from .meaning import EMAIL, fold, vocabulary
from .values import clean_text, folded_values, present


def coalesce(columns: list[Coded] | None, rows: int, skip_emails: bool = False) -> Coded:
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


def not_own(emails: list[Coded]) -> list[Coded]:
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


def any_present(columns: list[Coded]) -> np.ndarray:
    out = present(columns[0])
    for column in columns[1:]:
        out |= present(column)
    return out


def customer_numbers(columns: list[Coded] | None, rows: int, system: str) -> Coded:
    """Customer numbers, each prefixed with whose numbers they are (``square:C123``)."""
    numbers = coalesce(columns, rows)
    if not len(numbers.values):
        return numbers
    values = numbers.values
    if pc.all(pc.match_substring_regex(values, r"^\d+\.0$")).as_py():  # 14156.0: a spreadsheet's number
        values = pc.replace_substring_regex(values, r"\.0$", "")
    return numbers.recode(pc.utf8_replace_slice(values, 0, 0, f"{system}:"))


_ADDRESS_ROLES = ("street", "street2", "postcode", "city")


_FAMILIES = ("billing", "bill", "customer", "client", "buyer", "po", "card", "shipping", "ship", "delivery",
             "recipient")  # the owner's own address first, where the parcel went last


def address(col: dict[str, list[Coded]], roles: dict, rows: int) -> Coded:
    """A postal address per row (street, second line, postcode and town), each from one family of columns:
    the billing address, else the plain one, ..., else where the parcel went."""
    families: dict[str, dict[str, list[Coded]]] = {}
    for role in _ADDRESS_ROLES:
        for header, column in zip(roles[role].headers if role in roles else [], col.get(role, [])):
            words = fold(header)
            family = words[0] if words and words[0] in _FAMILIES else ""
            families.setdefault(family, {}).setdefault(role, []).append(column)
    order = sorted(families, key=lambda f: (_FAMILIES.index(f) if f else 0.5, f))
    composed = [_composed([coalesce(families[f].get(role), rows) for role in _ADDRESS_ROLES], rows)
                for f in order if "street" in families[f]]
    return coalesce(composed, rows) if composed else empty(rows)


def _composed(parts: list[Coded], rows: int) -> Coded:
    """One family's address parts joined per distinct combination: "12 Mill Lane, 01234 Brookfield"."""
    combos, where = np.unique(np.stack([p.codes for p in parts]), axis=1, return_inverse=True)
    texts = []
    for combo in combos.T:
        street, second, code, town = (p.label(c) for p, c in zip(parts, combo))
        place = " ".join(t for t in (code, town) if t)
        texts.append(", ".join(t for t in (street, second, place) if t) if street else None)
    return Coded(where.ravel().astype(np.int32), strings(texts)).recode(strings(texts))


def customer_names(col: dict[str, list[Coded]], roles: dict, rows: int) -> Coded:
    """The customer's name per row: a customer or person name column, else first and last name joined,
    else the name on the card or parcel, the business, the user name (the first with something in it)."""
    names = col.get("customer", [])
    ranks = roles["customer"].ranks if "customer" in roles else [0] * len(names)
    names = [_first_name_first(c) if r <= 2 else c for c, r in zip(names, ranks)]
    before = [c for c, r in zip(names, ranks) if r <= 1]
    after = [c for c, r in zip(names, ranks) if r > 1]
    parts = [col[r][0] for r in ("first_name", "last_name") if r in col]
    joined = [_joined_names(parts)] if parts else []
    return coalesce(before + joined + after, rows, skip_emails=True)


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


def nobody_in_particular(names: Coded) -> tuple[Coded, np.ndarray]:
    """Names with the placeholders of anonymous sales ("Walk-in", "Guest", "Laufkundschaft", "-") emptied,
    and per row whether its name was one."""
    words = folded_values(names.values)
    nobody = strings(sorted(vocabulary().anonymous))
    placeholder = pc.or_(pc.match_substring_regex(words, pattern="^$"), pc.is_in(words, value_set=nobody))
    if not pc.any(placeholder).as_py():
        return names, np.zeros(len(names), dtype=bool)
    return names.recode(nulls_where(names.values, placeholder)), names.spread(numbers(placeholder, False), False)

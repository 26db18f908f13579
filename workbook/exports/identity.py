"""Who bought: one key per customer, from whatever an export knows of them.

Rows that share an email address, a phone number or a customer number are one customer
(even across exports: a Shopify order and a Square sale with the same email). A customer
known only by a customer number or a name joins the one customer with an email or phone
who bears that name; when two bear it, they stay apart. Keys read ``email:…``, ``phone:+…``,
``id:system:…`` or ``name:…`` and do not change when the rows come in another order.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

import numpy as np
import pyarrow.compute as pc

from .columns import Coded, nulls_where, strings
from .values import normalise_names

_NOT_DIGIT = re.compile(r"\D")
MIN_DIGITS = 6


def normalise_emails(column: Coded) -> Coded:
    """Emails trimmed and in lower case; cells without an ``@`` are no email."""
    text = pc.utf8_lower(pc.utf8_trim_whitespace(column.values))
    return column.recode(nulls_where(text, pc.invert(pc.match_substring(text, "@"))))


def phone_region(phones: Coded, countries: Coded | None = None) -> str | None:
    """The shop's own country, for numbers written without one (``01797 088100``).

    The country most of the numbers written with a country code belong to; else the most
    common two-letter country code in the export's country column.
    """
    import phonenumbers

    counts = np.bincount(phones.codes[phones.codes >= 0], minlength=len(phones.values))
    regions: Counter[str] = Counter()
    for text, count in zip(phones.values.to_pylist(), counts.tolist()):
        written = _international(text) if text and count else None
        if written:
            try:
                number = phonenumbers.parse(written)
                region = phonenumbers.region_code_for_country_code(number.country_code or 0)
            except phonenumbers.NumberParseException:
                continue
            if region != phonenumbers.UNKNOWN_REGION:
                regions[region] += count
    if regions:
        return regions.most_common(1)[0][0]
    if countries is not None:
        codes = Counter(code for text in countries.values.to_pylist() if (code := country_code(text)))
        if codes:
            return codes.most_common(1)[0][0]
    return None


def country_code(text: str | None) -> str | None:
    """A country written as a two-letter code or a name in English, German, French or Spanish, as its code."""
    if not text or not text.strip():
        return None
    text = text.strip()
    if len(text) == 2 and text.isalpha():
        return text.upper()
    return _country_names().get(text.casefold())


@cache
def _country_names() -> dict[str, str]:
    from babel import Locale

    return {name.casefold(): code for language in ("en", "de", "fr", "es")
            for code, name in Locale(language).territories.items() if len(code) == 2}


def _international(text: str) -> str | None:
    """``text`` with a leading ``+`` when it is written with a country code (``+…`` or ``00…``)."""
    text = text.strip().lstrip("'").strip()
    if text.startswith("+"):
        return text
    if text.startswith("00"):
        return "+" + text[2:]
    return None


def normalise_phones(column: Coded, region: str | None) -> Coded:
    """Phone numbers as ``+8801797088100`` where they can be read (``region`` for national ones), else as
    written; cells with too few digits are no phone."""
    import phonenumbers

    def one(text: str | None) -> str | None:
        if not text or len(_NOT_DIGIT.sub("", text)) < MIN_DIGITS:
            return None
        written = _international(text) or text.strip().lstrip("'")
        try:
            number = phonenumbers.parse(written, None if written.startswith("+") else region)
        except phonenumbers.NumberParseException:
            number = None
        if number is not None and phonenumbers.is_possible_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        return written

    return column.recode(strings([one(text) for text in column.values.to_pylist()]))


def phone_for_people(e164: str | None) -> str | None:
    """A normalised number as people write it (``+880 1797-088100``); digits stay as they are."""
    if not e164 or not e164.startswith("+"):
        return e164
    import phonenumbers

    try:
        return phonenumbers.format_number(phonenumbers.parse(e164), phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    except phonenumbers.NumberParseException:
        return e164


def customer_keys(email: Coded, phone: Coded, customer_id: Coded, name: Coded) -> Coded:
    """The key of every row's customer (empty where the row says nothing about who bought)."""
    phone = phone.recode(pc.replace_substring_regex(phone.values, r"[^\d+]", ""))  # as written: by its digits
    folded = name.recode(normalise_names(name.values))
    email, phone = mended_emails(email, folded), households(phone, folded)
    contact = [(prefix, c) for prefix, c in (("email:", email), ("phone:", phone)) if (c.codes >= 0).any()]
    numbered = (customer_id.codes >= 0).any()
    if len(contact) == 1 and not numbered and not ((name.codes >= 0) & (contact[0][1].codes < 0)).any():
        prefix, column = contact[0]  # an email (or a phone) says who everyone is
        return Coded(column.codes, pc.utf8_replace_slice(column.values, 0, 0, prefix))
    if not contact and not numbered:
        return Coded(folded.codes, pc.utf8_replace_slice(folded.values, 0, 0, "name:"))
    strong = [c for c in (email, phone, customer_id) if (c.codes >= 0).any()]
    component = _components(strong, len(name))
    component = _join_by_name(component, _contactable(component, email, phone), folded)
    return _labelled(component, [("email:", email), ("phone:", phone), ("id:", customer_id), ("name:", folded)])


def households(phone: Coded, name: Coded) -> Coded:
    """Phone numbers that rows of different people share (a household, an office) as one number per person:
    different names at one number are different people ("A. Lee" and "Ann Lee" are one)."""
    both = (phone.codes >= 0) & (name.codes >= 0)
    if not both.any():
        return phone
    phones, names = _pairs(phone.codes[both], name.codes[both])
    shared = np.bincount(phones, minlength=len(phone.values)) > 1
    if not shared.any():
        return phone
    texts, written = phone.values.to_pylist(), name.values.to_pylist()
    person: dict[tuple[int, int], int] = {}  # (phone, name) -> the person of that name at that phone, past the first
    for number in np.flatnonzero(shared).tolist():
        people: list[list[str]] = []
        for n in names[phones == number].tolist():
            words = written[n].replace(".", " ").split()
            found = next((at for at, one in enumerate(people) if _same_person(one, words)), None)
            if found is None:
                people.append(words)
                found = len(people) - 1
            if found:
                person[number, n] = found
    if not person:
        return phone
    split = np.flatnonzero(both)
    split = split[[(p, n) in person for p, n in zip(phone.codes[split].tolist(), name.codes[split].tolist())]]
    own = sorted(set((int(phone.codes[r]), person[int(phone.codes[r]), int(name.codes[r])]) for r in split))
    at = {pair: len(texts) + k for k, pair in enumerate(own)}
    codes = phone.codes.copy()
    codes[split] = [at[int(phone.codes[r]), person[int(phone.codes[r]), int(name.codes[r])]] for r in split]
    return Coded(codes, strings(texts + [f"{texts[p]} #{k}" for p, k in own]))


def _same_person(one: list[str], other: list[str]) -> bool:
    """Whether two names (as words) can be one person: one holds the other's words, or word by word each is
    the other or its initial."""
    if set(one) <= set(other) or set(other) <= set(one):
        return True
    return len(one) == len(other) and all(a == b or (len(a) == 1 and b.startswith(a)) or
                                          (len(b) == 1 and a.startswith(b)) for a, b in zip(one, other))


def mended_emails(email: Coded, name: Coded) -> Coded:
    """Emails of one name that differ by one slip of a key (``gmail.com``, ``gmaol.com``) as the one more
    often written."""
    both = (email.codes >= 0) & (name.codes >= 0)
    if not both.any():
        return email
    from rapidfuzz.distance import Levenshtein

    names, emails = _pairs(name.codes[both], email.codes[both])
    several = np.bincount(names, minlength=len(name.values)) > 1
    if not several[names].any():
        return email
    counts = np.bincount(email.codes[email.codes >= 0], minlength=len(email.values))
    texts = email.values.to_pylist()
    into = np.arange(len(texts))
    for person in np.flatnonzero(several).tolist():
        theirs = sorted(emails[names == person].tolist(), key=lambda e: (-counts[e], texts[e]))
        for at, one in enumerate(theirs):
            for other in theirs[:at]:
                if into[other] == other and Levenshtein.distance(texts[one], texts[other]) == 1:
                    into[one] = other
                    break
    if np.array_equal(into, np.arange(len(texts))):
        return email
    return Coded(np.append(into, -1)[email.codes].astype(np.int32), email.values)


def _pairs(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct pairs of non-negative codes (``a[i]``, ``b[i]``), as two arrays."""
    radix = np.int64(b.max(initial=0)) + 1
    found = np.unique(a.astype(np.int64) * radix + b)
    return found // radix, found % radix


def _components(identifiers: list[Coded], rows: int) -> np.ndarray:
    """Per row, the smallest identifier node its row is linked to (through shared identifiers); -1 for none."""
    if not identifiers:
        return np.full(rows, -1, dtype=np.int64)
    offsets = np.cumsum([0] + [len(c.values) for c in identifiers])
    nodes = [np.where(c.codes >= 0, c.codes.astype(np.int64) + offsets[i], -1) for i, c in enumerate(identifiers)]
    if len(nodes) == 1:
        return nodes[0]
    label = np.arange(offsets[-1])
    links = []
    for a, b in zip(nodes, nodes[1:] + nodes[:1]):  # rows link their identifiers in a ring: enough to join them all
        both = (a >= 0) & (b >= 0)
        if both.any():
            links.append(_pairs(a[both], b[both]))
    while links:  # each link's two ends take the smaller label, until nothing changes
        before = label.copy()
        for a, b in links:
            least = np.minimum(label[a], label[b])
            np.minimum.at(label, a, least)
            np.minimum.at(label, b, least)
        label = label[label]
        if np.array_equal(label, before):
            break
    found = np.full(rows, -1, dtype=np.int64)
    for node in nodes:
        fill = (found < 0) & (node >= 0)
        found[fill] = label[node[fill]]
    return found


def _contactable(component: np.ndarray, email: Coded, phone: Coded) -> np.ndarray:
    """Per row, whether its customer (its component) has an email address or a phone number."""
    reached = (component >= 0) & ((email.codes >= 0) | (phone.codes >= 0))
    has = np.zeros(int(component.max(initial=-1)) + 1, dtype=bool)
    has[component[reached]] = True
    return (component >= 0) & has[np.where(component >= 0, component, 0)] if len(has) else reached


def _join_by_name(component: np.ndarray, contactable: np.ndarray, name: Coded) -> np.ndarray:
    """Rows known by a customer number or a name only join the one contactable customer of that name;
    a customer number moves with all its rows. Names that join nobody become customers of their own."""
    named = name.codes >= 0
    weak = named & ~contactable
    if not weak.any():
        return component
    bearers = named & contactable
    names, owners = _pairs(name.codes[bearers], component[bearers]) if bearers.any() else (np.zeros(0, int),) * 2
    owner = np.full(len(name.values), -1, dtype=np.int64)
    alone = np.bincount(names, minlength=len(name.values))[names] == 1
    owner[names[alone]] = owners[alone]
    target = np.full(len(component), -1, dtype=np.int64)
    target[weak] = owner[name.codes[weak]]
    out = component.copy()
    numbered = weak & (component >= 0) & (target >= 0)
    if numbered.any():
        move = np.full(int(component.max()) + 1, -1, dtype=np.int64)
        move[component[numbered]] = target[numbered]
        follow = (component >= 0) & (move[np.where(component >= 0, component, 0)] >= 0)
        out[follow] = move[component[follow]]
    nameless = weak & (component < 0)
    out[nameless] = target[nameless]
    left = named & (out < 0)
    out[left] = int(max(out.max(initial=-1), component.max(initial=-1))) + 1 + name.codes[left]
    return out


def _labelled(component: np.ndarray, kinds: list[tuple[str, Coded]]) -> Coded:
    """Components as keys: each takes its first kind of identifier (email, phone, number, name), the
    alphabetically first of its values, so the key does not depend on the order of the rows."""
    found = component >= 0
    present = np.zeros(int(component.max(initial=-1)) + 1, dtype=bool)
    present[component[found]] = True
    groups = np.flatnonzero(present)
    codes = (np.cumsum(present) - 1)[component[found]]
    labels: list[str | None] = [None] * len(groups)
    for prefix, column in kinds:
        texts = column.values.to_pylist()
        if not texts:
            continue
        order = sorted(range(len(texts)), key=lambda i: texts[i] or "")
        position = np.empty(len(texts), dtype=np.int64)
        position[order] = np.arange(len(texts))
        value = column.codes[found]
        has = value >= 0
        best = np.full(len(groups), len(texts))
        np.minimum.at(best, codes[has], position[value[has]])
        for group in np.flatnonzero(best < len(texts)).tolist():
            if labels[group] is None:
                labels[group] = prefix + texts[order[best[group]]]
    row_codes = np.full(len(component), -1, dtype=np.int32)
    row_codes[found] = codes
    return Coded(row_codes, strings(labels))


def matched_across(key: Coded, source: np.ndarray) -> int:
    """How many customers bought in more than one of the exports."""
    found = key.codes >= 0
    size = len(key.values)
    low = np.full(size, np.iinfo(np.int64).max)
    high = np.full(size, -1)
    np.minimum.at(low, key.codes[found], source[found])
    np.maximum.at(high, key.codes[found], source[found])
    return int(np.count_nonzero((high >= 0) & (low < high)))

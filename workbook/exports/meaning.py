"""What an export's columns mean, from the words of their headers and the cells below them.

The vocabulary is data (``words.toml``, in English, German, French and Spanish). A header is
folded into words (case, accents, punctuation, currency and unit suffixes do not count); it
plays the role whose phrase it holds most fully. For each role the columns that play it are
ordered by the stated rules (the vocabulary's ranks), and the cells below are checked: a
column headed "Total" that holds no amounts plays no role.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Set
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import NamedTuple

from ..i18n import N_, _
from .amounts import CURRENCIES, looks_like_amount

_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|(?<=[A-Za-z])(?=\d)")
_NUMBER_SIGN = re.compile(r"#|\bn\.?[°º]|\bnr\b\.?|\bno\.", re.IGNORECASE)
_BRACKETS = re.compile(r"[(\[]([^)\]]*)[)\]]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")
_TAXES = (r"(\W+[a-z]+)?\W*(tax|taxes|vat|btw|mwst|ust|tva|iva|gst|hst|steuer|steuern|impuesto|impuestos|taxe|"
          r"imposta|imposto)\b")
_BEFORE_TAX = re.compile(r"(?i)\b(excl|exkl|excluding|exclusive|exklusive|zzgl|ohne|sans|hors|sin|without|before|"
                         r"senza|sem|netto)" + _TAXES)
_WITH_TAX = re.compile(r"(?i)\b(incl|inkl|including|inclusive|inklusive|mit|avec|con|with|plus|after|brutto|"
                       r"compris)" + _TAXES)
_UNIT_WORDS = CURRENCIES | {"utc", "gmt", "local", "tz", "pct"}
QUALIFIERS = frozenset(
    "incl including inkl inklusive inclusive excl excluding exkl exklusive zzgl with without plus avec sans con "
    "sin after before apres avant nach vor minus less".split())
FILLERS = frozenset("of the a an and de du des la le les el los las del der die das dem den von vom y et und en in "
                    "per pro par por para d l s".split())
ENOUGH = 0.6  # the share of a sample's cells that must fit a role
SAMPLE = 120


def fold(header: object) -> tuple[str, ...]:
    """A header as the words that carry its meaning.

    ``"*InvoiceDate"`` and ``"Invoice date"`` fold alike; ``"Total (USD)"`` and ``"Amount €"`` lose their
    currency; ``"Order #"`` says number; words after "incl." or "after" are a qualifier and dropped.
    """
    text = _NUMBER_SIGN.sub(" number ", _CAMEL.sub(" ", str(header).replace("(s)", "")))
    tax = (_BEFORE_TAX.search(text) and "beforetax") or (_WITH_TAX.search(text) and "withtax")
    text = _BRACKETS.sub(lambda m: " " if _is_unit(m.group(1)) else f" {m.group(1)} ", text)
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(ch))
    words = [w for w in _NOT_WORD.split(text) if w and w not in FILLERS]
    if len(words) > 1:
        words = [w for w in words if w not in CURRENCIES] or words
    for at, word in enumerate(words):
        if at and word in QUALIFIERS:
            words = words[:at]
            break
    return (*words, tax) if tax else tuple(words)


def _is_unit(text: str) -> bool:
    words = _NOT_WORD.split(text.casefold())
    words = [w for w in words if w]
    return not words or words[0] in QUALIFIERS or all(w in _UNIT_WORDS for w in words)


def plain_words(text: str) -> str:
    """A cell's words in lower case without accents, one space between them ("Client de passage", "N/A" as
    "n a"): as :func:`values.folded_values` folds a whole column."""
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.split(text.lower())).strip()


def folded(header: object) -> str:
    """A header's words as one string, for comparing with the names a layout lists."""
    return " ".join(fold(header))


class Rank(NamedTuple):
    """One rule of a role: its name (why a column is chosen) and the phrases that fall under it."""

    name: str
    phrases: tuple[frozenset[str], ...]
    price: bool = False  # a unit price: multiplied by the quantity where there is one
    net: bool = False  # already net of refunds: a refunded column is not subtracted again
    lesser: bool = False  # a header holding one of its phrases plays the role at this rank, whatever else it holds
    per_customer: bool = False  # one row per customer with their lifetime total: a customers export
    general: bool = False  # a plain total: "excl. tax" or "incl. tax" beside it moves it to the rank of that marker
    marker: str = ""  # the word fold gives such a header ("beforetax", "withtax")
    tips: bool = False  # money handed over, tips included: a tip column beside it is taken off


class Role(NamedTuple):
    """What a column can mean to the challenge, with its rules best first."""

    key: str
    ranks: tuple[Rank, ...]
    never: tuple[frozenset[str], ...] = ()
    single: bool = False  # one column plays it; else every matching column, the next where a cell is empty
    ask: bool = False  # two columns of the best rank: the owner must say which
    whole: bool = False  # the header must be nothing but the phrase


class Vocabulary(NamedTuple):
    roles: dict[str, Role]
    statuses: dict[str, frozenset[str]]
    kinds: dict[str, frozenset[str]]
    totals: frozenset[str]
    signs: dict[str, str]  # a currency sign to the code it stands for, longest first
    anonymous: frozenset[str]  # names that are nobody in particular ("Walk-in", "Laufkundschaft"), folded
    fees: frozenset[str]  # header words of a fee the platform takes
    yes: frozenset[str]  # yes as a flag column writes it
    no: frozenset[str]
    languages: dict[str, frozenset[str]]  # a language's code to header words of that language only
    day_first: frozenset[str]  # languages whose dates are written day first


@cache
def vocabulary() -> Vocabulary:
    """The vocabulary in ``words.toml``, folded the way headers are."""
    data = tomllib.loads(Path(__file__).with_name("words.toml").read_text(encoding="utf-8"))
    roles = {}
    for key, spec in data.items():
        if "ranks" not in spec:
            continue
        ranks = tuple(Rank(r["name"], tuple(frozenset(_phrase(p)) for p in r["phrases"]), r.get("price", False),
                           r.get("net", False), r.get("lesser", False), r.get("per_customer", False),
                           r.get("general", False), r.get("marker", ""), r.get("tips", False))
                      for r in spec["ranks"])
        roles[key] = Role(key, ranks, tuple(frozenset(_phrase(p)) for p in spec.get("never", ())),
                          spec.get("single", False), spec.get("ask", False), spec.get("whole", False))
    groups = {name: {folded(value): group for group, values in data[name].items() for value in values}
              for name in ("statuses", "kinds")}
    statuses, kinds = ({g: frozenset(v for v, k in found.items() if k == g) for g in set(found.values())}
                       for found in groups.values())
    return Vocabulary(roles, statuses, kinds, frozenset(folded(t) for t in data["totals"]),
                      dict(sorted(data["signs"].items(), key=lambda sign: -len(sign[0]))),
                      frozenset(plain_words(t) for t in data["anonymous"]), frozenset(data["fees"]),
                      frozenset(data["yes"]), frozenset(data["no"]),
                      {code: frozenset(words) for code, words in data["languages"].items()},
                      frozenset(data["day_first"]))


_CODE = re.compile(r"(?<![A-Za-z])[A-Za-z]{3}(?![A-Za-z])")


def header_language(headers: list[str]) -> str | None:
    """The language most of the headers' words belong to; None when no language leads."""
    words = [w for h in headers for w in fold(h)]
    counts = sorted(((sum(w in known for w in words), code) for code, known in vocabulary().languages.items()),
                    reverse=True)
    return counts[0][1] if counts and counts[0][0] and (len(counts) < 2 or counts[0][0] > counts[1][0]) else None


def currency_in(texts: list[str]) -> str | None:
    """The currency the first of ``texts`` that names one stands for: a code (``Total (USD)``, ``12,50 eur``)
    or a sign (``€12.50``, ``US$ 9``); None when none does."""
    signs = vocabulary().signs
    for text in filter(None, texts):
        code = next((c.upper() for c in _CODE.findall(text) if c.lower() in CURRENCIES), None)
        sign = next((signs[s] for s in signs if s in text), None)
        if code or sign:
            return code or sign
    return None


def _phrase(text: str) -> tuple[str, ...]:
    """A vocabulary phrase folded like a header (plain ones, most of them, quickly)."""
    if _PLAIN_PHRASE.match(text):
        return tuple(w for w in text.split() if w not in FILLERS)
    return fold(text)


_PLAIN_PHRASE = re.compile(r"^[a-z0-9 ]+$")


class Match(NamedTuple):
    """A header's best fit for one role: how many of its words the phrase holds, and the rank."""

    role: str
    words: int
    rank: int


def match(header: str | tuple[str, ...], role: Role) -> Match | None:
    """How ``header`` (or its folded words) fits ``role``: the longest phrase it holds (its better rank on
    a tie); None if none, or if it holds one of the role's ``never`` words."""
    words = set(fold(header) if isinstance(header, str) else header)
    if not words or any(never <= words for never in role.never):
        return None
    best = lesser = None
    for rank, rule in enumerate(role.ranks):
        for phrase in rule.phrases:
            if phrase <= words and (not role.whole or phrase == words):
                if best is None or len(phrase) > best.words:
                    best = Match(role.key, len(phrase), rank)
                if rule.lesser:
                    lesser = rank
    if best and lesser is not None:
        return best._replace(rank=lesser)
    if best and role.ranks[best.rank].general:
        marked = next((r for r, rule in enumerate(role.ranks) if rule.marker and rule.marker in words), None)
        return best._replace(rank=marked) if marked is not None else best
    return best


def header_role(header: str) -> Match | None:
    """The one role ``header`` plays by its words (with a typo or two mended); None when it plays none,
    or two equally well."""
    words = fold(header)
    found = max(_fits(words), _fits(_mended(words)), key=lambda fits: fits[0].words if fits else 0)
    if len(found) > 1 and found[1].words == found[0].words:
        return None
    return found[0] if found else None


def _fits(words: tuple[str, ...]) -> list[Match]:
    return sorted((m for role in vocabulary().roles.values() if (m := match(words, role))), key=lambda m: -m.words)


def _mended(words: tuple[str, ...]) -> tuple[str, ...]:
    """Words run together ("CUSTOMERNAME", "ORDERDATE") taken apart, and words of five letters or more that
    miss a vocabulary word by a letter or so ("Ammount", "Adress") mended."""
    known = _known_words()
    mended: list[str] = []
    for word in words:
        if len(word) >= 5 and word not in known:
            apart = _apart(word, known)
            if apart:
                mended += apart
                continue
            from rapidfuzz import fuzz, process

            found = process.extractOne(word, sorted(known), scorer=fuzz.ratio, score_cutoff=90)
            word = found[0] if found else word
        mended.append(word)
    return tuple(mended)


def _apart(word: str, known: frozenset[str]) -> list[str] | None:
    """``word`` as two or three vocabulary words of three letters or more (or digits) written together, the
    finest such reading ("contact" "first" "name" before "contact" "firstname"); None when it is none."""
    def fits(part: str) -> bool:
        return part in known or part.isdigit()

    splits = [[word[:a], word[a:b], word[b:]] for a in range(3, len(word) - 5) for b in range(a + 3, len(word) - 2)]
    splits += [[word[:a], word[a:]] for a in range(3, len(word) - 2)]
    return next((parts for parts in splits if all(fits(p) for p in parts) and not parts[0].isdigit()), None)


@cache
def _known_words() -> frozenset[str]:
    return frozenset(w for role in vocabulary().roles.values() for rule in role.ranks for p in rule.phrases for w in p)


# The cells below a header ----------------------------------------------------------------------

EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"  # Python's re and Arrow's RE2 read it alike
_EMAIL = re.compile(EMAIL)
_PHONE = re.compile(r"^'?\+?[\d\s().\-/]{6,22}$")
_MONEY = re.compile(r"[$€£¥₹]|\d[.,]\d\d\s*$")
_FILE = re.compile(r"^\S+\.(pdf|jpe?g|png|gif|docx?|xlsx?|csv|txt|html?)$", re.IGNORECASE)
_ID = re.compile(r"^#?[A-Za-z]{0,4}[-_]?\d+$")


def _share(cells: list[str], test) -> float:
    return sum(1 for c in cells if test(c)) / len(cells) if cells else 1.0


def is_number(cell: str) -> bool:
    return looks_like_amount(cell)


def is_yes_or_no(cell: str) -> bool:
    words = vocabulary()
    return cell.strip().casefold() in words.yes | words.no


def is_date(cell: str) -> bool:
    from .values import looks_like_date

    return looks_like_date(cell)


def is_email(cell: str) -> bool:
    return bool(_EMAIL.match(cell.strip()))


def is_phone(cell: str) -> bool:
    return bool(_PHONE.match(cell.strip())) and sum(ch.isdigit() for ch in cell) >= 6


def is_name(cell: str) -> bool:
    """A cell that could be someone's name: not a number, a date, an email, an id, a file or mostly digits."""
    digits = sum(ch.isdigit() for ch in cell)
    return not (is_yes_or_no(cell) or (digits >= 3 and digits * 3 > len(cell)) or _FILE.search(cell)
                or is_number(cell) or is_email(cell) or _ID.match(cell) or is_date(cell))


FITS = {
    "amount": is_number, "quantity": is_number, "orders": is_number,
    "refunded": lambda c: is_number(c) or is_yes_or_no(c),
    "date": is_date, "cancelled": lambda c: is_date(c) or is_yes_or_no(c),
    "email": is_email, "phone": is_phone,
    "customer": is_name, "first_name": is_name, "last_name": is_name,
    "order": lambda c: not is_yes_or_no(c), "product": is_name,
}


def fits(role: str, cells: list[str]) -> bool:
    """Whether the sampled non-empty ``cells`` of a column could play ``role`` (a name column's "Walk-in" and
    "-" say nothing either way)."""
    test = FITS.get(role)
    if role in ("customer", "first_name", "last_name"):
        anonymous = vocabulary().anonymous
        cells = [c for c in cells if (words := plain_words(c)) and words not in anonymous]
    return test is None or _share(cells, test) >= ENOUGH


def looks_like_money(cells: list[str]) -> bool:
    """A column of amounts, told by their look: currency signs or two decimals."""
    return bool(cells) and _share(cells, lambda c: is_number(c) and bool(_MONEY.search(c))) >= 0.9


# Choosing the columns ---------------------------------------------------------------------------

@dataclass
class Choice:
    """Which columns play a role, best first, each with its rank, and why (the rule, or what the cells showed)."""

    headers: list[str]
    why: str
    ranks: list[int] = field(default_factory=list)  # per header, its rank in the role (-1: none)
    price: bool = False  # the first is a unit price, to be multiplied by the quantity
    net: bool = False  # the first is already net of refunds
    per_customer: bool = False  # the first is each customer's lifetime total (a customers export)
    tips: bool = False  # the first includes tips: a tip column beside it is taken off

    def __post_init__(self) -> None:
        self.ranks = self.ranks or [-1] * len(self.headers)


@dataclass
class Reading:
    """What every column means: the chosen columns per role, the roles two columns compete for."""

    roles: dict[str, Choice] = field(default_factory=dict)
    ambiguous: dict[str, list[str]] = field(default_factory=dict)  # role -> equally good columns
    passed_over: dict[str, str] = field(default_factory=dict)  # header -> why it plays no role


def read_meaning(headers: list[str], samples: dict[str, list[str]], taken: dict[str, list[str]] | None = None,
                 skip: frozenset[str] = frozenset()) -> Reading:
    """The role of each of ``headers`` from its words and its ``samples`` (non-empty cells).

    ``taken`` are roles already settled (by a known layout or by the owner); their columns and
    ``skip`` play no other role.
    """
    taken = taken or {}
    used = skip | {h for hs in taken.values() for h in hs}
    found: Candidates = {}
    reading = Reading()
    roles = vocabulary().roles
    for position, header in enumerate(headers):
        if not header or header in used:
            continue
        fit = header_role(header)
        if fit is None or fit.role in taken:
            continue
        cells = samples.get(header, [])
        rank = fit.rank
        if not cells and not roles[fit.role].ask:
            reading.passed_over[header] = _("it is empty")
            continue
        if not fits(fit.role, cells):
            reading.passed_over[header] = _(_NOT_LIKE.get(fit.role,
                                                          N_("its cells do not look like what its name says")))
            if not roles[fit.role].ask or fit.role in _NEVER_UNLIKE:
                continue
            rank += len(roles[fit.role].ranks)  # used only when no other column can play the role
        elif roles[fit.role].ask and not _varied_at_all(cells):
            reading.passed_over[header] = _("it is empty") if not cells else _("it holds one value on every row")
            rank += 2 * len(roles[fit.role].ranks)  # an empty or constant column never competes
        found.setdefault(fit.role, []).append((rank, position, header))
    _names_that_are_not_names(found, samples, taken)
    _the_exporters_own_name(found, samples)
    _beside_a_fee(found, headers)
    for key, candidates in found.items():
        if not candidates:
            continue
        role = roles[key]
        candidates.sort()
        best = [h for rank, _position, h in candidates if rank == candidates[0][0]]
        plainest = _plainest(best) if key == "date" else None
        if len(best) > 1 and plainest:  # "last_order_date" before "last_order_date_online"
            candidates.sort(key=lambda c: (c[0], c[2] != plainest, c[1]))
            best = [plainest]
        if len(best) > 1 and role.ask and candidates[0][0] < len(role.ranks):
            reading.ambiguous[key] = best
            continue
        chosen = candidates[:1] if role.single else \
            candidates[:1] + [c for c in candidates[1:] if c[0] < 2 * len(role.ranks)]  # empty ones are no fallback
        rule = role.ranks[candidates[0][0] % len(role.ranks)]
        reading.roles[key] = Choice([h for _rank, _position, h in chosen], _why(role, candidates),
                                    [r for r, _position, _header in chosen], rule.price, rule.net, rule.per_customer,
                                    rule.tips)
    _pair_names(reading)
    per_customer(reading)
    _by_cells(headers, samples, used | {h for c in reading.roles.values() for h in c.headers}, reading, set(taken))
    return reading


_NEVER_UNLIKE = frozenset({"amount"})  # a column whose cells are not amounts is never the amount
_OTHER_WHO = frozenset({"first_name", "last_name", "email", "phone", "customer_id"})


Candidates = dict[str, list[tuple[int, int, str]]]  # role -> (rank, position, header); past the role's ranks:
# a column whose cells do not fit (one more round of ranks), or one that is empty or constant (two more)


def _names_that_are_not_names(found: Candidates, samples: dict[str, list[str]], taken: dict[str, list[str]]) -> None:
    """A name column of numbers, codes or yes/no is no name; one of codes under a customer header is the
    customer number ("Client: C-1001")."""
    if "customer" not in found:
        return
    ranks = len(vocabulary().roles["customer"].ranks)
    unlike = [c for c in found["customer"] if ranks <= c[0] < 2 * ranks]
    found["customer"] = [c for c in found["customer"] if c not in unlike]
    codes = [c for c in unlike if c[0] == ranks and _share(samples.get(c[2], []), _ID.match) >= ENOUGH]
    if codes and "customer_id" not in found and "customer_id" not in taken:
        found["customer_id"] = [(0, codes[0][1], codes[0][2])]


def _the_exporters_own_name(found: Candidates, samples: dict[str, list[str]]) -> None:
    """Beside a column naming the client, first and last names that are one person on every row are whoever
    made the export (a time tracker's user), not the customer."""
    if found.get("customer") and min(c[0] for c in found["customer"]) == 0:
        for half in ("first_name", "last_name"):
            found[half] = [c for c in found.get(half, []) if _varied_at_all(samples.get(c[2], []))]


def _beside_a_fee(found: Candidates, headers: list[str]) -> None:
    """Beside a platform's fee column a plain total may be the payout: a gross amount then ranks with it, and
    the owner is asked when the two give different customers or amounts."""
    if not found.get("amount") or not any(set(fold(h)) & vocabulary().fees for h in headers if h):
        return
    ranks = vocabulary().roles["amount"].ranks
    general = next(r for r, rule in enumerate(ranks) if rule.general)
    found["amount"] = [(general if r < len(ranks) and ranks[r].marker == "withtax" else r, p, h)
                       for r, p, h in found["amount"]]


def _plainest(headers: list[str]) -> str | None:
    """Of headers that fit a role equally well, the one that says nothing beyond its phrase, when the others
    do ("Transaction Date" beside "Transaction Date Online"); None when none stands out."""
    extra = {h: len(fold(h)) - (fit.words if (fit := header_role(h)) else 0) for h in headers}
    least = min(extra.values(), default=0)
    plain = [h for h, n in extra.items() if n == least]
    return plain[0] if len(plain) == 1 else None


def _varied_at_all(cells: list[str]) -> bool:
    """More than one value among a column's cells (a column that holds nothing, or one value on
    every row, cannot tell one sale from another)."""
    return len({c.casefold() for c in cells}) > 1 or len(cells) == 1


def _why(role: Role, candidates: list[tuple[int, int, str]]) -> str:
    """The rule that chose the first candidate, and what became of the others."""
    name = _(role.ranks[candidates[0][0] % len(role.ranks)].name)
    others = [f"'{h}' ({_(role.ranks[r % len(role.ranks)].name)})" for r, _rank, h in candidates[1:]]
    if not others:
        return name
    if role.single:
        return _("{rule}; not {others}").format(rule=name, others=", ".join(others))
    # TRANSLATORS: the columns used in turn where the first is empty ("'Billing Name'; where it is empty, 'A',
    # then 'B'").
    return _("{rule}; where it is empty, {others}").format(rule=name, others=_(", then ").join(others))


def per_customer(reading: Reading) -> None:
    """A customers export (each customer's lifetime total) has no orders: a column like "Average Order" or
    "Last Order" is not an order number."""
    amount = reading.roles.get("amount")
    if amount and amount.per_customer:
        reading.roles.pop("order", None)
        reading.ambiguous.pop("order", None)


_FIRST_NAMES = {("nombre",), ("name",), ("vorname",)}
_LAST_NAMES = {("nom",), ("name",), ("nachname",)}


def _pair_names(reading: Reading) -> None:
    """"Prénom" beside "Nom", "Nombre" beside "Apellidos": the bare name column is the other half."""
    customer = reading.roles.get("customer")
    if customer is None:
        return
    for have, want, bare in (("first_name", "last_name", _LAST_NAMES), ("last_name", "first_name", _FIRST_NAMES)):
        if have in reading.roles and want not in reading.roles:
            half = next((h for h in customer.headers if fold(h) in bare), None)
            if half:
                reading.roles[want] = Choice([half], _("the other half of '{column}'").format(
                    column=reading.roles[have].headers[0]))
                del customer.ranks[customer.headers.index(half)]
                customer.headers.remove(half)
                if not customer.headers:
                    del reading.roles["customer"]
            return


_NOT_LIKE = {role: text for roles, text in (
    (("amount", "refunded"), N_("its cells do not look like amounts")),
    (("quantity",), N_("its cells do not look like quantities")),
    (("orders",), N_("its cells do not look like numbers")),
    (("date", "cancelled"), N_("its cells do not look like dates")),
    (("email",), N_("its cells do not look like email addresses")),
    (("phone",), N_("its cells do not look like phone numbers")),
    (("customer", "first_name", "last_name"), N_("its cells do not look like names"))) for role in roles}


def _by_cells(headers: list[str], samples: dict[str, list[str]], used: Set[str], reading: Reading,
             taken: set[str]) -> None:
    """Roles no header named, found from the cells: email addresses, the one column of dates or of money."""
    free = [h for h in headers if h and h not in used and h not in reading.passed_over and header_role(h) is None]
    settled = taken | set(reading.roles) | set(reading.ambiguous)
    if "email" not in settled:
        emails = [h for h in free if samples.get(h) and _share(samples[h], is_email) >= 0.8 and _varied(samples[h])]
        if emails:
            reading.roles["email"] = Choice(emails, _("its cells are email addresses"))
    for role, test, what in (("date", lambda c: _share(c, is_date) >= 0.9, _("the only column of dates")),
                             ("amount", looks_like_money, _("the only column of money"))):
        if role in settled:
            continue
        never = vocabulary().roles[role].never
        hits = [h for h in free if samples.get(h) and test(samples[h]) and _varied_at_all(samples[h])
                and not any(n <= set(fold(h)) for n in never)]
        if len(hits) == 1:
            reading.roles[role] = Choice(hits, what)
        elif len(hits) > 1:
            reading.ambiguous[role] = hits


def _varied(cells: list[str]) -> bool:
    """Not one value on most rows (an account's own address beside every sale is not a customer's)."""
    from collections import Counter

    return len(cells) < 3 or Counter(c.casefold() for c in cells).most_common(1)[0][1] <= len(cells) / 2


def totals_pattern() -> str:
    """A pattern (for Python's re and Arrow's RE2) of a name that is the sheet's own total line ("Total:", "SUMME")."""
    words = sorted(vocabulary().totals, key=len, reverse=True)
    return r"(?i)^[\W_]*(" + "|".join(re.escape(w).replace(r"\ ", r"[\W_]+") for w in words) + r")[\W_]*$"


def status_class(status: str) -> str:
    """``paid``, ``awaiting`` (payment), ``refunded``, ``void`` or ``unknown``: what a status says about an
    order, by the longest phrase it holds ("Partially refunded" is paid, "Cancelled by customer" void)."""
    words = set(fold(status))
    statuses = vocabulary().statuses
    groups = ("void", "awaiting", "paid_partly", "refunded", "paid")  # on a tie, the first
    found = [(len(phrase.split()), -order, group) for order, group in enumerate(groups)
             for phrase in statuses[group] if set(phrase.split()) <= words]
    return {"paid_partly": "paid"}.get(max(found)[2], max(found)[2]) if found else "unknown"


def kind_class(kind: str) -> str:
    """``refund``, ``sale``, ``other`` (not a purchase) or ``unknown``: what a transaction's kind says."""
    words = set(fold(kind))
    kinds = vocabulary().kinds
    for group in ("refund", "other", "sale"):
        if any(set(phrase.split()) <= words for phrase in kinds[group]):
            return group
    return "unknown"

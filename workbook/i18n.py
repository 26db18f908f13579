"""The workbook's languages: which one speaks now, its messages and its locale.

Messages are gettext catalogues (``locale/<language>/LC_MESSAGES/workbook.po``, extracted from the
source with Babel: ``make messages``), read with Babel when first needed. The language is the
process's own (one visitor's kernel, one command) unless :func:`speaking` says otherwise for a while
(a coach's zip holds each participant's plan in their language).

``en-XA`` is a pseudo-language for finding text that is not in the catalogue: every message of the
catalogue (``workbook.pot``) and every formatted date or amount comes out «marked».
"""

from __future__ import annotations

import gettext
import io
import re
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

LANGUAGES = {"en": "English", "de": "Deutsch", "fr": "Français", "es": "Español"}  # in their own words
LOCALES = {"en": "en_GB", "de": "de_DE", "fr": "fr_FR", "es": "es_ES"}  # how each writes dates and numbers
DEFAULT = "en"
PSEUDO = "en-XA"
CATALOGUES = Path(__file__).parent / "locale"


class UnknownLanguageError(ValueError):
    """A language code the workbook does not speak; the message lists those it does (``languages``: code to
    name). :mod:`workbook.errors` holds it with the workbook's other errors."""

    def __init__(self, code: str, languages: dict[str, str]) -> None:
        super().__init__(f"'{code}' is not a language of the workbook; choose one of: "
                         + ", ".join(f"{c} ({name})" for c, name in languages.items()))
DOMAIN = "workbook"
MARKS = ("«", "»")

_language = DEFAULT
_speaking: ContextVar[str | None] = ContextVar("speaking", default=None)


def known(code: str) -> str:
    """``code`` (``de``, ``de-DE``, ``DE``) as one of :data:`LANGUAGES` (or the pseudo-language); raises
    :class:`UnknownLanguageError` otherwise."""
    plain = code.strip().replace("_", "-")
    if plain.casefold() == PSEUDO.casefold():
        return PSEUDO
    base = plain.split("-")[0].casefold()
    if base not in LANGUAGES:
        raise UnknownLanguageError(code, LANGUAGES)
    return base


def language() -> str:
    """The language the workbook speaks now."""
    return _speaking.get() or _language


def set_language(code: str) -> None:
    """Speak ``code`` from now on, in this whole process."""
    global _language
    _language = known(code)


@contextmanager
def speaking(code: str | None) -> Iterator[None]:
    """Speak ``code`` (when given) until the block ends."""
    token = _speaking.set(known(code) if code else language())
    try:
        yield
    finally:
        _speaking.reset(token)


def negotiate(accept_language: str | None) -> str | None:
    """The first language of a browser's ``Accept-Language`` header that the workbook speaks, else None."""
    wanted = []
    for part in (accept_language or "").split(","):
        code, _sep, weight = part.strip().partition(";q=")
        try:
            wanted.append((float(weight or 1), code.strip()))
        except ValueError:
            continue
    for _weight, code in sorted(wanted, key=lambda pair: -pair[0]):
        base = code.split("-")[0].casefold()
        if base in LANGUAGES:
            return base
    return None


def choose(saved: str | None = None, default: str | None = None, accept_language: str | None = None) -> str:
    """A visitor's language: the one they chose, else the server's (``serve --lang``, a workshop's), else their
    browser's first that the workbook speaks, else English. A code the workbook does not know is passed over."""
    for code in (saved, default):
        try:
            if code:
                return known(code)
        except UnknownLanguageError:
            continue
    return negotiate(accept_language) or DEFAULT


class _Pseudo(gettext.NullTranslations):
    """Every message of the catalogue marked, so that text which is not in it stands out."""

    def __init__(self) -> None:
        super().__init__()
        from babel.messages.pofile import read_po

        with (CATALOGUES / f"{DOMAIN}.pot").open("rb") as handle:
            self.known = {message.id for message in read_po(handle) if message.id}

    def gettext(self, message: str) -> str:
        return marked(message) if message in self.known else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        text = singular if n == 1 else plural
        return marked(text) if (singular, plural) in self.known else text


def marked(text: str) -> str:
    """``text`` marked as translated in the pseudo-language; as it is in any other."""
    return f"{MARKS[0]}{text}{MARKS[1]}" if language() == PSEUDO else text


def catalogue(code: str) -> Path:
    return CATALOGUES / code / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _translations(code: str) -> gettext.NullTranslations:
    """The messages of ``code``: its catalogue compiled in memory (fuzzy entries are left out)."""
    if code == PSEUDO:
        return _Pseudo()
    if code == DEFAULT:
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with catalogue(code).open("rb") as handle:
        messages = read_po(handle, locale=code, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, messages)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _(message: str) -> str:
    """``message`` in the language spoken now."""
    return _translations(language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural message for ``n``, as the language spoken now forms it."""
    return _translations(language()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue where it is defined; it is translated where it is shown."""
    return message


def locale() -> str:
    """The Babel locale of the language spoken now (the pseudo-language writes as English)."""
    return LOCALES.get(language(), LOCALES[DEFAULT])


_TOML_TEXT = re.compile(r'^\s*(label|note|no_customers|name|prospect)\s*=\s*"((?:[^"\\]|\\.)*)"\s*$')
_TOML_LIST = re.compile(r'^\s*(thanks|offers)\s*=\s*\[\s*$')  # a list of texts, one a line, up to "]"
_TOML_ITEM = re.compile(r'^\s*"((?:[^"\\]|\\.)*)",?\s*$')


def extract_toml(fileobj, keywords, comment_tags, options) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel's extractor for the registries' words an owner reads (``label``, ``note``, ``no_customers`` and
    rank ``name`` entries of layouts.toml and words.toml; ``label``, ``prospect`` and the ``thanks`` and ``offers``
    lists of kinds.toml)."""
    listing = False
    for number, line in enumerate(fileobj.read().decode("utf-8").splitlines(), start=1):
        found, item = _TOML_TEXT.match(line), _TOML_ITEM.match(line)
        if found:
            yield number, None, tomllib.loads(f'text = "{found.group(2)}"')["text"], []
        elif listing and item:
            yield number, None, tomllib.loads(f'text = "{item.group(1)}"')["text"], []
        listing = bool(_TOML_LIST.match(line)) or (listing and line.strip() != "]")

"""Kinds of business (``kinds.toml``): suggestions that fit the owner's trade, and the kind guessed from what sells."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..i18n import _

OTHER = "other"
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass(frozen=True)
class Kind:
    """One kind of business: its name, the product words that give it away, and its ideas (English; shown
    through the catalogue)."""

    key: str
    label: str
    words: frozenset[str]
    prospect: str
    thanks: tuple[str, ...]
    offers: tuple[str, ...]


@lru_cache(maxsize=1)
def kinds() -> dict[str, Kind]:
    """Every kind, in the registry's order (``other`` last)."""
    data = tomllib.loads(Path(__file__).with_name("kinds.toml").read_text(encoding="utf-8"))
    return {key: Kind(key, entry["label"], frozenset(entry["words"]), entry["prospect"], tuple(entry["thanks"]),
                      tuple(entry["offers"])) for key, entry in data.items()}


def kind_of(key: str | None) -> Kind:
    """The kind ``key`` names, or the general one."""
    return kinds().get(key or OTHER, kinds()[OTHER])


def guess_kind(products: Iterable[tuple[str, int]]) -> str:
    """The kind whose words the products sold (each with how many sale lines it is on) use most; ``other`` when
    none stands out."""
    scores = dict.fromkeys(kinds(), 0)
    for product, lines in products:
        words = set(_WORD.findall(product.casefold()))
        for kind in kinds().values():
            if words & kind.words:
                scores[kind.key] += lines
    best = max(scores, key=lambda key: scores[key])
    return best if scores[best] else OTHER


def ideas(key: str | None, field: str) -> list[str]:
    """The ideas of a kind for a plan's field (``reward``, ``friend_offer``, ``ideal_prospect``), in the language
    spoken, best first."""
    kind = kind_of(key)
    found = {"reward": kind.thanks, "friend_offer": kind.offers, "ideal_prospect": (kind.prospect,)}[field]
    return [_(idea) for idea in found]


def kind_choices() -> list[tuple[str, str]]:
    """(label, key) of every kind, in the language spoken."""
    return [(_(kind.label), kind.key) for kind in kinds().values()]

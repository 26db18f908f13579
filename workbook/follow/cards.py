"""Friend cards: a card per customer to hand on, from them, with a short code that says who referred the friend.

The code is the same for a customer in every round (it comes from the owner and the customer's key), so a card
handed on months ago still names its referrer."""

from __future__ import annotations

import hashlib

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0 and O, no 1 and I: read off a card without doubt
LENGTH = 6


def card_code(owner: str, key: str) -> str:
    """The code on ``key``'s friend cards, for ``owner``'s business: six letters and digits."""
    number = int.from_bytes(hashlib.blake2b(f"{owner}\0{key}".encode(), digest_size=8).digest(), "big")
    return "".join(ALPHABET[(number >> (5 * place)) % len(ALPHABET)] for place in range(LENGTH))


def referrer_by_code(owner: str, people: dict[str, str], code: str) -> str | None:
    """The key of the person (of ``people``, by key) whose card carries ``code`` as typed (any case, spaces and
    dashes left out); None when no card has it."""
    wanted = "".join(ch for ch in code.upper() if ch.isalnum())
    return next((key for key in people if card_code(owner, key) == wanted), None)

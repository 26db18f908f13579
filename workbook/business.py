"""The owner's own business and their customers' details as they gave them, kept per owner and laid over every
plan: the exports say who bought what; the owner says whose business it is and how to reach each customer.

A plan is for one business (:attr:`Plan.source`): the owner's own (``OWN``) or a demo business. What the owner wrote
for one (its ideal customer, reward, friend offer and notes) is kept for it, and never carried over to another.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Collection
from dataclasses import replace
from typing import Any

from .challenge.coaching import suggest
from .challenge.plan import Plan, PlannedCustomer, within_limit
from .demo import demo_details
from .i18n import _
from .store import Store

OWN = ""  # the source of the owner's own exports
DETAILS = ("business", "owner_name", "owner_phone", "owner_email", "kind")
TEXTS = ("reward", "friend_offer", "ideal_prospect", "notes")
CUSTOMER_DETAILS = ("phone", "email", "address")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_DIGITS = re.compile(r"\d")


def demo_source(name: str) -> str:
    """The source of the demo business ``name``."""
    return f"demo:{name}"


def details(store: Store, owner: str, source: str = OWN) -> dict[str, str]:
    """The business ``source`` as ``owner`` knows it: the demo's own details, then what the owner said of it."""
    start = demo_details(source.removeprefix("demo:")) if source.startswith("demo:") else {}
    said = store.business(owner, source)
    return {name: said.get(name) or start.get(name, "") for name in DETAILS}


def problem(field: str, value: str) -> str | None:
    """What is wrong with a phone number or email address as typed, in plain words (None when it will do)."""
    value = value.strip()
    if not value:
        return None
    if field.endswith("phone") and len(_DIGITS.findall(value)) < 5:
        return _("'{value}' does not look like a phone number.").format(value=value)
    if field.endswith("email") and not _EMAIL.match(value):
        return _("'{value}' does not look like an email address.").format(value=value)
    return None


def checked(given: dict[str, str], fields: tuple[str, ...]) -> dict[str, str]:
    """``given`` trimmed and cut to each field's limit; ``TypeError`` for a field not among ``fields``, and
    ``ValueError`` with the problem of a phone or email that is not one (see :func:`problem`)."""
    unknown = set(given) - set(fields)
    if unknown:
        raise TypeError(f"not one of {', '.join(fields)}: {', '.join(sorted(unknown))}")
    wrong = next(filter(None, (problem(name, value) for name, value in given.items())), None)
    if wrong:
        raise ValueError(wrong)
    return {name: within_limit(name, value.strip()) for name, value in given.items()}


def save_details(store: Store, owner: str, source: str = OWN, **changes: str) -> Plan | None:
    """Keep what the owner says of a business (its name, their name, phone and email, its kind), and put it in
    their plan when the plan is for that business; in one transaction (see :func:`checked` for what it refuses)."""
    changes = checked(changes, DETAILS)
    with store.changing_plan(owner) as plan:
        kept = {**store.business(owner, source), **changes}
        store.save_business(owner, source, kept)
        if plan is not None and plan.source == source:
            lay_over(plan, details(store, owner, source))
    return plan


def lay_over(plan: Plan, business: dict[str, str]) -> Plan:
    """``plan`` with the business's details (its name, the owner's, its kind) in place of what it had."""
    for name in DETAILS:
        if name in business and (business[name] or name != "kind"):  # no kind chosen: the guessed one stays
            setattr(plan, name, business[name])
    return suggest(plan)


def keep_texts(store: Store, owner: str, plan: Plan) -> None:
    """Keep what the owner wrote in ``plan`` (not the workbook's suggestions) for the plan's business."""
    kept = store.business(owner, plan.source)
    kept["texts"] = {name: getattr(plan, name) for name in TEXTS
                     if name not in plan.suggested and getattr(plan, name).strip()}
    store.save_business(owner, plan.source, kept)


def texts(store: Store, owner: str, source: str) -> dict[str, str]:
    """What the owner wrote for the business ``source`` before (see :func:`keep_texts`)."""
    return store.business(owner, source).get("texts", {})


def with_their_details(customers: list[PlannedCustomer], saved: dict[str, tuple[dict, bool]]) -> list[PlannedCustomer]:
    """``customers`` with the phone, email and address the owner gave for them in place of the exports'."""
    fixed = []
    for customer in customers:
        given = saved.get(customer.key, ({}, False))[0]
        theirs: dict[str, Any] = {name: given[name] or None for name in CUSTOMER_DETAILS if name in given}
        fixed.append(replace(customer, **theirs))
    return fixed


def added(saved: dict[str, tuple[dict, bool]], excluded: Collection[str] = ()) -> list[PlannedCustomer]:
    """The customers the owner added by hand (and did not leave out), as the round's customers."""
    return [PlannedCustomer(key=key, name=given["name"], added=True, email=given.get("email") or None,
                            phone=given.get("phone") or None, address=given.get("address") or None)
            for key, (given, by_hand) in saved.items() if by_hand and key not in excluded]


def new_customer_key() -> str:
    """A key for a customer the owner adds by hand (never one an export's customer could have)."""
    return f"added:{secrets.token_hex(6)}"

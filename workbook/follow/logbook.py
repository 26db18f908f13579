"""The follow-through log: contacts made, referrals received, thank-yous and gifts, sources, health checks.

One owner's log lives in the same SQLite file as their plan; every ``record_``/``add_``/``update_``
call is one transaction, so what the app has acknowledged is on disk.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ..challenge.plan import Plan
from ..store import Store, utc_now


@dataclass(frozen=True)
class Contact:
    """What happened when the owner contacted one planned customer."""

    customer: str  # the customer's key in the plan
    done_on: dt.date | None
    method: str | None
    outcome: str | None
    notes: str = ""


@dataclass(frozen=True)
class Referral:
    """A referred friend: who sent them, how it went, and how the referrer was thanked."""

    id: int
    round: int
    referrer: str  # a customer key, "referral:<id>" (a referred friend) or "source:<id>" (a professional)
    referrer_name: str
    friend: str
    received_on: dt.date
    how: str = ""
    converted_on: dt.date | None = None
    first_value: float | None = None
    thanked_on: dt.date | None = None
    thanked_how: str = ""
    gift: str = ""
    gift_cost: float | None = None
    gift_on: dt.date | None = None
    notes: str = ""

    @property
    def key(self) -> str:
        """How this friend is named when they refer someone in turn."""
        return f"referral:{self.id}"


@dataclass(frozen=True)
class Source:
    """A professional who meets the owner's ideal prospects (attorney, accountant, banker, ...)."""

    id: int
    name: str
    profession: str
    for_them: str  # what is in it for them

    @property
    def key(self) -> str:
        return f"source:{self.id}"


@dataclass(frozen=True)
class HealthAnswer:
    """One answer to "Have you recommended us to a friend?"."""

    person: str
    name: str
    asked_on: dt.date
    recommended: bool


_DATES = {"done_on", "received_on", "converted_on", "thanked_on", "gift_on", "asked_on"}
_REFERRAL_FIELDS = [f.name for f in dataclasses.fields(Referral)]


def _row(kind: type, row: tuple, names: list[str]) -> Any:
    values = {n: (dt.date.fromisoformat(v) if n in _DATES and v else v) for n, v in zip(names, row)}
    if kind is HealthAnswer:
        values["recommended"] = bool(values["recommended"])
    return kind(**values)


def _text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


SAME_ENTRY_WITHIN = dt.timedelta(minutes=10)


def _moments_ago() -> str:
    """When an identical entry counts as the same one given again (a command run again after it was cut off, a
    button pressed twice), not a second referral or source."""
    return (dt.datetime.now(dt.UTC) - SAME_ENTRY_WITHIN).isoformat(timespec="seconds")


class Logbook:
    """One owner's follow-through log. Contacts and health answers are kept once per customer (and day); a referral
    or a source given again, identically, within :data:`SAME_ENTRY_WITHIN` is the one already kept."""

    def __init__(self, store: Store, owner: str) -> None:
        self._store, self._db = store, store.connection
        self.owner = owner

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """One entry's transaction, in which the owner was active now (the coach's room sees it)."""
        with self._store.transaction():
            yield
            self._store.touch(self.owner)

    # contacts -----------------------------------------------------------------------------
    def record_contact(self, round_number: int, customer: str, done_on: dt.date | None, method: str | None,
                       outcome: str | None, notes: str = "") -> Contact:
        with self._writing():
            self._db.execute(
                "INSERT INTO contacts (owner, round, customer, done_on, method, outcome, notes, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(owner, round, customer) DO UPDATE SET "
                "done_on = excluded.done_on, method = excluded.method, outcome = excluded.outcome, "
                "notes = excluded.notes, updated_at = excluded.updated_at",
                (self.owner, round_number, customer, _text(done_on), method, outcome, notes, utc_now()))
        return Contact(customer, done_on, method, outcome, notes)

    def contacts(self, round_number: int) -> dict[str, Contact]:
        names = ["customer", "done_on", "method", "outcome", "notes"]
        rows = self._db.execute(f"SELECT {', '.join(names)} FROM contacts WHERE owner = ? AND round = ?",
                                (self.owner, round_number))
        return {row[0]: _row(Contact, row, names) for row in rows}

    # referrals ----------------------------------------------------------------------------
    def add_referral(self, round_number: int, referrer: str, referrer_name: str, friend: str,
                     received_on: dt.date, how: str = "", notes: str = "") -> Referral:
        entry = (self.owner, round_number, referrer, referrer_name, friend, received_on.isoformat(), how, notes)
        with self._writing():
            same = self._db.execute(
                "SELECT id FROM referrals WHERE owner = ? AND round = ? AND referrer = ? AND referrer_name = ? AND "
                "friend = ? AND received_on = ? AND how = ? AND notes = ? AND updated_at >= ? AND converted_on IS NULL "
                "AND thanked_on IS NULL", (*entry, _moments_ago())).fetchone()
            new_id = same[0] if same else self._db.execute(
                "INSERT INTO referrals (owner, round, referrer, referrer_name, friend, received_on, how, notes, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (*entry, utc_now())).lastrowid
        assert new_id is not None, "an INSERT gives the new row's id"
        return self.referral(new_id)

    def update_referral(self, referral_id: int, **changes: Any) -> Referral:
        """Record a conversion, a thank-you or a gift (any of Referral's later fields)."""
        unknown = set(changes) - set(_REFERRAL_FIELDS[6:])
        if unknown:
            raise ValueError(f"not a referral field: {', '.join(sorted(unknown))}")
        assignments = ", ".join(f"{name} = ?" for name in changes)
        with self._writing():
            self._db.execute(f"UPDATE referrals SET {assignments}, updated_at = ? WHERE owner = ? AND id = ?",
                             (*map(_text, changes.values()), utc_now(), self.owner, referral_id))
        return self.referral(referral_id)

    def referral(self, referral_id: int) -> Referral:
        row = self._db.execute(f"SELECT {', '.join(_REFERRAL_FIELDS)} FROM referrals WHERE owner = ? AND id = ?",
                               (self.owner, referral_id)).fetchone()
        if row is None:
            raise KeyError(referral_id)
        return _row(Referral, row, _REFERRAL_FIELDS)

    def referrals(self) -> list[Referral]:
        rows = self._db.execute(f"SELECT {', '.join(_REFERRAL_FIELDS)} FROM referrals WHERE owner = ? "
                                "ORDER BY received_on, id", (self.owner,))
        return [_row(Referral, row, _REFERRAL_FIELDS) for row in rows]

    # sources and health checks --------------------------------------------------------------
    def add_source(self, name: str, profession: str, for_them: str = "") -> Source:
        entry = (self.owner, name, profession, for_them)
        with self._writing():
            same = self._db.execute("SELECT id FROM sources WHERE owner = ? AND name = ? AND profession = ? AND "
                                    "for_them = ? AND created_at >= ?", (*entry, _moments_ago())).fetchone()
            new_id = same[0] if same else self._db.execute(
                "INSERT INTO sources (owner, name, profession, for_them, created_at) VALUES (?, ?, ?, ?, ?)",
                (*entry, utc_now())).lastrowid
        assert new_id is not None, "an INSERT gives the new row's id"
        return Source(new_id, name, profession, for_them)

    def sources(self) -> list[Source]:
        rows = self._db.execute("SELECT id, name, profession, for_them FROM sources WHERE owner = ? ORDER BY id",
                                (self.owner,))
        return [Source(*row) for row in rows]

    def record_health(self, person: str, name: str, asked_on: dt.date, recommended: bool) -> HealthAnswer:
        with self._writing():
            self._db.execute("INSERT OR REPLACE INTO health (owner, person, name, asked_on, recommended) "
                             "VALUES (?, ?, ?, ?, ?)", (self.owner, person, name, asked_on.isoformat(),
                                                        int(recommended)))
        return HealthAnswer(person, name, asked_on, recommended)

    def health(self) -> list[HealthAnswer]:
        names = ["person", "name", "asked_on", "recommended"]
        rows = self._db.execute("SELECT person, name, asked_on, recommended FROM health WHERE owner = ? "
                                "ORDER BY asked_on, name", (self.owner,))
        return [_row(HealthAnswer, row, names) for row in rows]

    # rounds -------------------------------------------------------------------------------
    def archive(self, plan: Plan) -> None:
        """Keep a finished round's plan (the log refers to its customers)."""
        with self._writing():
            self._db.execute("INSERT OR REPLACE INTO past_plans (owner, round, plan) VALUES (?, ?, ?)",
                             (self.owner, plan.round, plan.to_json()))

    def past_plans(self) -> list[Plan]:
        rows = self._db.execute("SELECT plan FROM past_plans WHERE owner = ? ORDER BY round", (self.owner,))
        return [Plan.from_json(row[0]) for row in rows]

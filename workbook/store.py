"""The embedded store: every owner's plan and ranking in SQLite, saved as it changes.

WAL mode lets the app read while a save is under way; each save is one transaction,
so a crash leaves the previous version whole. The schema carries its version in
``PRAGMA user_version`` and is brought up to date by :data:`MIGRATIONS` on open.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .challenge.plan import Plan
from .errors import NoPlanError, StoreError
from .places import data_dir

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE plans (
        owner TEXT PRIMARY KEY,
        plan TEXT NOT NULL,
        step INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE rankings (
        owner TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        ranking TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    """,
    """
    CREATE TABLE participants (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        business TEXT NOT NULL DEFAULT '',
        email TEXT NOT NULL DEFAULT '',
        token TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        joined_at TEXT
    );
    """,
    """
    CREATE TABLE contacts (
        owner TEXT NOT NULL,
        round INTEGER NOT NULL,
        customer TEXT NOT NULL,
        done_on TEXT,
        method TEXT,
        outcome TEXT,
        notes TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        PRIMARY KEY (owner, round, customer)
    );
    CREATE TABLE referrals (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        owner TEXT NOT NULL,
        round INTEGER NOT NULL,
        referrer TEXT NOT NULL,
        referrer_name TEXT NOT NULL,
        friend TEXT NOT NULL,
        received_on TEXT NOT NULL,
        how TEXT NOT NULL DEFAULT '',
        converted_on TEXT,
        first_value REAL,
        thanked_on TEXT,
        thanked_how TEXT NOT NULL DEFAULT '',
        gift TEXT NOT NULL DEFAULT '',
        gift_cost REAL,
        gift_on TEXT,
        notes TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL
    );
    CREATE INDEX referrals_owner ON referrals (owner, received_on);
    CREATE TABLE sources (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        owner TEXT NOT NULL,
        name TEXT NOT NULL,
        profession TEXT NOT NULL DEFAULT '',
        for_them TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    );
    CREATE TABLE health (
        owner TEXT NOT NULL,
        person TEXT NOT NULL,
        name TEXT NOT NULL,
        asked_on TEXT NOT NULL,
        recommended INTEGER NOT NULL,
        PRIMARY KEY (owner, person, asked_on)
    );
    CREATE TABLE past_plans (
        owner TEXT NOT NULL,
        round INTEGER NOT NULL,
        plan TEXT NOT NULL,
        PRIMARY KEY (owner, round)
    );
    """,
    """
    CREATE TABLE uploads (
        owner TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    """,
    """
    CREATE TABLE languages (
        owner TEXT PRIMARY KEY,
        language TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    """,
    """
    CREATE TABLE businesses (
        owner TEXT NOT NULL,
        source TEXT NOT NULL,
        details TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (owner, source)
    );
    CREATE TABLE customer_details (
        owner TEXT NOT NULL,
        customer TEXT NOT NULL,
        details TEXT NOT NULL,
        added INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (owner, customer)
    );
    ALTER TABLE plans ADD COLUMN reached INTEGER NOT NULL DEFAULT 0;
    """,
    # For the coach's room: since when an owner is on their step, and when they last saved anything of their plan.
    """
    ALTER TABLE plans ADD COLUMN step_since TEXT;
    ALTER TABLE plans ADD COLUMN active_at TEXT;
    UPDATE plans SET step_since = updated_at, active_at = updated_at;
    """,
)


BUSY_SECONDS = 15  # how long a save waits for another one to finish


def _unusable(path: Path, error: sqlite3.DatabaseError) -> StoreError:
    """Why the store at ``path`` cannot be opened, in plain words."""
    from .i18n import _

    if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
        return StoreError(_("the workbook's store {path} is held by another program and did not come free within "
                            "{seconds} seconds; close other workbooks using this folder (or wait for them) and try "
                            "again").format(path=path, seconds=BUSY_SECONDS))
    if isinstance(error, sqlite3.OperationalError):  # the disk or the memory failed, not the file
        return StoreError(_("the workbook's store {path} could not be opened ({reason}); check that the disk has "
                            "room and the machine free memory, then try again").format(path=path, reason=error))
    return StoreError(_("the workbook's store {path} is damaged and cannot be read ({reason}); put a backup in its "
                        "place, or move it aside to start with an empty one").format(path=path, reason=error))


class Store:
    """One SQLite file holding the plans of every owner or participant."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
        except sqlite3.DatabaseError as error:
            raise _unusable(self.path, error) from None
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as error:
            self._db.close()
            raise _unusable(self.path, error) from None

    @property
    def connection(self) -> sqlite3.Connection:
        """The open SQLite connection, for the log and the workshop's tables kept in the same file."""
        return self._db

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        """Apply the migrations this file has not had yet, each in its own transaction."""
        for version, script in enumerate(MIGRATIONS, start=1):
            if self.schema_version >= version:
                continue
            self._db.execute("BEGIN IMMEDIATE")
            try:
                if self.schema_version < version:
                    for statement in filter(str.strip, script.split(";")):
                        self._db.execute(statement)
                    self._db.execute(f"PRAGMA user_version={version}")
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction (``BEGIN IMMEDIATE``: other writers wait); inside one already, part of it."""
        if self._db.in_transaction:
            yield
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            raise _unusable(self.path, error) from None
        with self._db:
            yield

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def save_plan(self, owner: str, plan: Plan, step: int | None = None) -> None:
        """Save ``owner``'s plan (and the step reached, when given) in one transaction; the owner was active now (and
        on a step they were not on before, since now)."""
        now = utc_now()
        with self.transaction():
            self._db.execute(
                "INSERT INTO plans (owner, plan, step, updated_at, step_since, active_at) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(owner) DO UPDATE SET plan = excluded.plan, updated_at = excluded.updated_at, "
                "active_at = excluded.active_at"
                + (", step = excluded.step, step_since = CASE WHEN plans.step = excluded.step "
                   "THEN coalesce(plans.step_since, excluded.step_since) ELSE excluded.step_since END"
                   if step is not None else ""),
                (owner, plan.to_json(), step or 0, now, now, now),
            )

    @contextmanager
    def changing_plan(self, owner: str) -> Iterator[Plan | None]:
        """``owner``'s plan to change, read and written back in one transaction (a save from another tab or
        process waits for it, and is never lost to it); None, and nothing written, when they have none."""
        with self.transaction():
            plan = self.load_plan(owner)
            yield plan
            if plan is not None:
                self.save_plan(owner, plan)

    def save_step(self, owner: str, step: int) -> None:
        """Remember the step ``owner`` is on (since now, when it is another than before), the furthest they have
        reached, and that they were active now (their plan must exist)."""
        now = utc_now()
        with self.transaction():
            self._db.execute("UPDATE plans SET step_since = CASE WHEN step = ? THEN coalesce(step_since, ?) "
                             "ELSE ? END, step = ?, reached = max(reached, ?), updated_at = ?, active_at = ? "
                             "WHERE owner = ?",
                             (step, now, now, step, step, now, now, owner))

    def touch(self, owner: str) -> None:
        """``owner`` was active now (an entry in their log); nothing for one without a plan."""
        with self.transaction():
            self._db.execute("UPDATE plans SET active_at = ? WHERE owner = ?", (utc_now(), owner))

    def reached(self, owner: str) -> int:
        """The furthest step ``owner`` has been on with this plan."""
        row = self._db.execute("SELECT reached FROM plans WHERE owner = ?", (owner,)).fetchone()
        return int(row[0]) if row else 0

    def load_plan(self, owner: str) -> Plan | None:
        """``owner``'s plan, or None when they have not started one."""
        row = self._db.execute("SELECT plan FROM plans WHERE owner = ?", (owner,)).fetchone()
        return Plan.from_json(row[0]) if row else None

    def plan(self, owner: str) -> Plan:
        """``owner``'s plan; :class:`NoPlanError` (a plain message) when they have not started one."""
        plan = self.load_plan(owner)
        if plan is None:
            from .i18n import _

            raise NoPlanError(_("there is no plan yet: make one in the app first"))
        return plan

    def step(self, owner: str) -> int:
        row = self._db.execute("SELECT step FROM plans WHERE owner = ?", (owner,)).fetchone()
        return int(row[0]) if row else 0

    def save_ranking(self, owner: str, rows: list[dict], source: str) -> None:
        """Keep the ranked customers ``owner`` chose from (rows of ``ranking.rank_customers``) and their source."""
        with self.transaction():
            self._db.execute(
                "INSERT INTO rankings (owner, source, ranking, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(owner) DO UPDATE SET source = excluded.source, ranking = excluded.ranking, "
                "updated_at = excluded.updated_at",
                (owner, source, json.dumps(rows), utc_now()),
            )

    def load_ranking(self, owner: str) -> tuple[list[dict], str] | None:
        """The saved customers (as rows) and the file they came from."""
        row = self._db.execute("SELECT ranking, source FROM rankings WHERE owner = ?", (owner,)).fetchone()
        return (json.loads(row[0]), row[1]) if row else None

    def ranking(self, owner: str) -> tuple[list[dict], str]:
        """``owner``'s saved customers and their file; :class:`NoPlanError` when none are read yet."""
        found = self.load_ranking(owner)
        if found is None:
            from .i18n import _

            raise NoPlanError(_("there is no plan yet: make one in the app first"))
        return found

    def save_uploads(self, owner: str, state: dict) -> None:
        """Keep the exports ``owner`` brought and what they said of them (plain data)."""
        with self.transaction():
            self._db.execute("INSERT INTO uploads (owner, state, updated_at) VALUES (?, ?, ?) ON CONFLICT(owner) "
                             "DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
                             (owner, json.dumps(state), utc_now()))

    def load_uploads(self, owner: str) -> dict | None:
        row = self._db.execute("SELECT state FROM uploads WHERE owner = ?", (owner,)).fetchone()
        return json.loads(row[0]) if row else None

    def save_language(self, owner: str, language: str) -> None:
        """Remember the language ``owner`` chose (it outlives their plan: a new plan speaks it too)."""
        with self.transaction():
            self._db.execute("INSERT INTO languages (owner, language, updated_at) VALUES (?, ?, ?) ON CONFLICT(owner) "
                             "DO UPDATE SET language = excluded.language, updated_at = excluded.updated_at",
                             (owner, language, utc_now()))

    def language(self, owner: str) -> str | None:
        """The language ``owner`` chose, if they chose one."""
        row = self._db.execute("SELECT language FROM languages WHERE owner = ?", (owner,)).fetchone()
        return row[0] if row else None

    def save_business(self, owner: str, source: str, details: dict) -> None:
        """Keep what ``owner`` said of a business (their own, ``source`` "", or a demo's): its name, their contact
        details, its kind and the texts they wrote for it (plain data)."""
        with self.transaction():
            self._db.execute("INSERT INTO businesses (owner, source, details, updated_at) VALUES (?, ?, ?, ?) "
                             "ON CONFLICT(owner, source) DO UPDATE SET details = excluded.details, "
                             "updated_at = excluded.updated_at", (owner, source, json.dumps(details), utc_now()))

    def business(self, owner: str, source: str) -> dict:
        """What :meth:`save_business` kept ({} when nothing)."""
        row = self._db.execute("SELECT details FROM businesses WHERE owner = ? AND source = ?",
                               (owner, source)).fetchone()
        return json.loads(row[0]) if row else {}

    def save_customer_details(self, owner: str, customer: str, details: dict, added: bool = False) -> None:
        """Keep how to reach one of ``owner``'s customers as the owner gave it (phone, email, address; a customer
        ``added`` by hand also their name), over what the exports say."""
        with self.transaction():
            self._db.execute("INSERT INTO customer_details (owner, customer, details, added, updated_at) "
                             "VALUES (?, ?, ?, ?, ?) ON CONFLICT(owner, customer) DO UPDATE SET details = "
                             "excluded.details, updated_at = excluded.updated_at",
                             (owner, customer, json.dumps(details), int(added), utc_now()))

    def customer_details(self, owner: str) -> dict[str, tuple[dict, bool]]:
        """Every customer's details :meth:`save_customer_details` kept, with whether they were added by hand, in
        the order they were first given."""
        return {customer: (json.loads(details), bool(added)) for customer, details, added in self._db.execute(
            "SELECT customer, details, added FROM customer_details WHERE owner = ? ORDER BY rowid", (owner,))}

    def forget(self, owner: str) -> None:
        """Remove ``owner``'s plan, ranking and uploads, in one transaction (what they said of their business and
        their customers stays theirs)."""
        with self.transaction():
            for table in ("plans", "rankings", "uploads"):
                self._db.execute(f"DELETE FROM {table} WHERE owner = ?", (owner,))

    def steps(self) -> dict[str, int]:
        """The step every owner with a plan has reached."""
        return dict(self._db.execute("SELECT owner, step FROM plans"))

    def activity(self) -> dict[str, Activity]:
        """Every owner with a plan: the step they are on, since when, and when they were last active."""
        return {owner: Activity(step, moment(since), moment(active)) for owner, step, since, active in
                self._db.execute("SELECT owner, step, step_since, active_at FROM plans")}


@dataclass(frozen=True)
class Activity:
    """Where an owner is in their plan: the step they are on, since when, and when they last saved anything of it."""

    step: int
    step_since: dt.datetime | None
    active_at: dt.datetime | None


@dataclass(frozen=True)
class Participant:
    """Someone in a workshop. ``id`` keys their plan; ``token`` is their secret, kept in their browser."""

    id: str
    name: str
    business: str
    email: str
    token: str
    joined_at: str | None


class Participants:
    """The workshop's participants, in the same SQLite file as the plans."""

    _COLUMNS = "id, name, business, email, token, joined_at"

    def __init__(self, store: Store) -> None:
        self._store, self._db = store, store.connection

    def add(self, name: str, business: str = "", email: str = "", joined: bool = False) -> Participant:
        """A new participant with a fresh id and secret (joined now, or pre-created from a roster)."""
        now = utc_now()
        row = (f"p-{secrets.token_hex(8)}", name, business, email, secrets.token_urlsafe(32), now if joined else None)
        with self._store.transaction():
            self._db.execute("INSERT INTO participants (id, name, business, email, token, joined_at, created_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)", (*row, now))
        return Participant(*row)

    def by_id(self, participant_id: str) -> Participant | None:
        row = self._db.execute(f"SELECT {self._COLUMNS} FROM participants WHERE id = ?", (participant_id,)).fetchone()
        return Participant(*row) if row else None

    def by_token(self, token: str) -> Participant | None:
        row = self._db.execute(f"SELECT {self._COLUMNS} FROM participants WHERE token = ?", (token,)).fetchone()
        return Participant(*row) if row and token else None

    def mark_joined(self, participant: Participant) -> Participant:
        with self._store.transaction():
            self._db.execute("UPDATE participants SET joined_at = coalesce(joined_at, ?) WHERE id = ?",
                             (utc_now(), participant.id))
        return self.by_token(participant.token) or participant

    def all(self) -> list[Participant]:
        return [Participant(*row) for row in self._db.execute(
            f"SELECT {self._COLUMNS} FROM participants ORDER BY lower(name), created_at")]


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def moment(text: str | None) -> dt.datetime | None:
    """A moment the store keeps (as :func:`utc_now` writes it), as an aware datetime (None for none)."""
    if not text:
        return None
    when = dt.datetime.fromisoformat(text)
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def open_store() -> Store:
    """The store where the app keeps its plans, in the data folder (see :func:`places.data_dir`)."""
    return Store(data_dir() / "workbook.sqlite")

"""Workshops: participants join with the workshop code and their name, each with a plan of their own.

A participant's browser keeps their secret in a cookie. The server (before it starts a page)
and the app's kernel (before it opens a plan) both look the participant up by that secret,
so no URL, id or name reaches a plan without it. The coach's page is behind the coach token.
"""

from __future__ import annotations

import datetime as dt
import hmac
import io
import time
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tornado.httputil import parse_cookie

from .. import settings
from ..business import OWN
from ..challenge.plan import TEXT_LIMITS
from ..errors import InputError
from ..i18n import DEFAULT, _, choose
from ..store import Participant, Participants, Store, moment

if TYPE_CHECKING:
    from ..follow.followthrough import Results

PARTICIPANT_COOKIE = "wb_participant"
COACH_COOKIE = "wb_coach"
OWNER = "owner"  # the one plan of an owner working alone (no workshop)
COACH = "coach"  # the coach's own key: their language, and the folder of the rosters they upload
MAX_NAME = TEXT_LIMITS["owner_name"]  # a participant is an owner: their name is kept as long as an owner's
MAX_CODE = 64  # the longest workshop code the join page takes back into its field


def workshop_code() -> str | None:
    """The workshop's code when the app runs as a workshop, else None."""
    return settings.workshop_code()


def coach_token() -> str | None:
    return settings.coach_token()


def same_secret(given: str | None, expected: str | None) -> bool:
    """Compare secrets in constant time; nothing matches a missing secret."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


def cookie(header: str | None, name: str) -> str:
    """One cookie's value from a ``Cookie`` header ('' when absent), read as Tornado and browsers read it: a cookie
    it cannot make sense of (another app's on the same host) spoils none of the others."""
    return parse_cookie(header or "").get(name, "")


def join(store: Store, code: str, name: str) -> Participant:
    """Let someone into the workshop as a new participant. (A place the coach made from a roster opens only
    through its personal link: a name typed here, even a roster's, never takes another's place.)"""
    name = " ".join("".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf")).split())
    if not same_code(code):
        raise InputError(wrong_code(code))
    if not name or len(name) > MAX_NAME:
        raise InputError(_("Please give your name (up to {count} characters).").format(count=MAX_NAME))
    with store.transaction():
        participant = Participants(store).add(name, joined=True)
        store.save_business(participant.id, OWN, {"owner_name": name})  # their name, asked once: at the door
    return participant


# letters and digits that read alike on a board, each to the one it is taken for
LOOK_ALIKE = str.maketrans({"0": "O", "1": "I", "L": "I", "5": "S", "2": "Z", "8": "B", "6": "G"})


def wrong_code(given: str) -> str:
    """What is wrong with ``given``, a code that is not the workshop's, in words a participant can act on: nothing
    typed, signs that are no letter or digit, letters and digits that look alike mixed up, too short or too long,
    or simply another code. (It tells a guesser no more than the code's length, which every made-up code shares.)"""
    typed, expected = plain_code(given), plain_code(workshop_code() or "")
    if not typed:
        return _("Type the workshop code your coach gave you.")
    signs = "".join(list(dict.fromkeys(ch for ch in typed if not ch.isascii() or not ch.isalnum()))[:8])
    if signs:
        return _("A workshop code has only letters and digits; \u201c{signs}\u201d is not one of them.").format(
            signs=signs)
    if expected and typed.translate(LOOK_ALIKE) == expected.translate(LOOK_ALIKE):
        return _("Nearly: letters and digits that look alike are mixed up (0 and O, 1 and I, 5 and S, 2 and Z, 8 and "
                 "B, 6 and G). Check each one against the code your coach gave you.")
    if expected and len(typed) < len(expected):
        return _("That code is too short: you typed {typed} letters or digits, this workshop's code has "
                 "{count}.").format(typed=len(typed), count=len(expected))
    if expected and len(typed) > len(expected):
        return _("That code is too long: you typed {typed} letters or digits, this workshop's code has "
                 "{count}.").format(typed=len(typed), count=len(expected))
    return _("That is not this workshop's code; check it with your coach.")


def plain_code(code: str) -> str:
    """A workshop code as compared: in capitals, without the spaces and dashes it may be written with."""
    return "".join(code.split()).replace("-", "").upper()


def same_code(given: str) -> bool:
    """Whether ``given`` is the workshop's code (in any case, spaces and dashes aside)."""
    return same_secret(plain_code(given), plain_code(workshop_code() or ""))


class Attempts:
    """Wrong codes tried at the join page in the last ``window`` seconds: from each address, and in all (for
    the workshop's code from every address together). Past either limit, joining waits until the window has
    moved on. Kept by the server process, which is the one that answers ``/join``."""

    def __init__(self, per_address: int = 20, in_all: int = 200, window: float = 300) -> None:
        self.per_address, self.in_all, self.window = per_address, in_all, window
        self._failed: list[tuple[float, str]] = []

    def _recent(self) -> list[tuple[float, str]]:
        since = time.monotonic() - self.window
        self._failed = [entry for entry in self._failed if entry[0] > since]
        return self._failed

    def allowed(self, address: str) -> bool:
        recent = self._recent()
        return len(recent) < self.in_all and sum(a == address for _t, a in recent) < self.per_address

    def failed(self, address: str) -> None:
        self._failed.append((time.monotonic(), address))


def visitor_owner(cookie_header: str | None, store: Store) -> str | None:
    """Whose plan this visitor may open: the owner's when there is no workshop, else the participant's
    whose secret the browser holds (None for anyone else)."""
    if not workshop_code():
        return OWNER
    participant = Participants(store).by_token(cookie(cookie_header, PARTICIPANT_COOKIE))
    return participant.id if participant else None


def visitor_language(store: Store, owner: str | None, accept_language: str | None = None) -> str:
    """The language to speak to a visitor: the one they chose, else the server's (``serve --lang``, a workshop's),
    else their browser's first that the workbook speaks (``accept_language``; in a page's kernel, the header
    Voilà passes on), else English."""
    if accept_language is None:
        accept_language = settings.request_languages()
    return choose(store.language(owner) if owner else None, settings.language(), accept_language)


def is_coach(cookie_header: str | None) -> bool:
    return same_secret(cookie(cookie_header, COACH_COOKIE), coach_token())


def add_roster(store: Store, roster: str | Path) -> tuple[list[Participant], list[str]]:
    """Create the roster's participants ahead of the workshop; where a row names an export, read it
    and fill in the roster's choices, so they start at their top ten (see :func:`workbook.workshop.roster.add_rows`;
    a roster uploaded with its exports: :func:`~workbook.workshop.roster.import_roster_files`)."""
    from ..batch.roster import read_roster
    from .roster import add_rows

    rows, problems = read_roster(roster, need_data=False, confined=True)
    added = add_rows(store, rows)
    return ([participant for participant, _problem in added if participant],
            problems + [problem for _participant, problem in added if problem])


STUCK_AFTER = dt.timedelta(minutes=10)  # longer than this on one step, without a plan ready: stuck


@dataclass(frozen=True)
class Progress:
    """One row of the coach's view of the room. Moments are aware datetimes (UTC); those of someone who has not
    joined yet are None but ``step_since`` (when the coach's roster made their plan)."""

    participant: Participant
    step: int
    customers: int
    ready: bool
    results: Results | None = None  # follow-through figures, once they have logged something
    business: str = ""  # the business as the participant named it (else as the roster or their plan did)
    language: str = DEFAULT  # the language they work in
    joined: dt.datetime | None = None
    active: dt.datetime | None = None  # when they last saved anything (joining, a step, a change to their plan)
    step_since: dt.datetime | None = None  # since when they are on ``step``
    stuck: bool = False  # joined, no plan ready, and on one step for longer than STUCK_AFTER


def progress(store: Store, now: dt.datetime | None = None) -> list[Progress]:
    """Every participant with the step they are on and since when, when they were last active, whether their plan
    is ready (and whether they are stuck, as of ``now``), and their follow-through."""
    from ..follow.followthrough import results
    from ..follow.logbook import Logbook

    now = now or dt.datetime.now(dt.UTC)
    activity = store.activity()
    rows = []
    for participant in Participants(store).all():
        plan = store.load_plan(participant.id)
        figures = None
        if plan:
            log = Logbook(store, participant.id)
            figures = results(plan, log.contacts(plan.round), log.referrals())
        business = (store.business(participant.id, "").get("business") or participant.business
                    or (plan.business if plan else ""))
        language = store.language(participant.id) or (plan.language if plan else "") or settings.language() or DEFAULT
        ready = plan is not None and not plan.problems()
        joined = moment(participant.joined_at)
        done = activity.get(participant.id)
        step, since, active = (done.step, done.step_since, done.active_at) if done else (0, None, None)
        if joined is not None:  # what the coach's roster did before they came is not theirs
            active = max(active, joined) if active else joined
            since = max(since, joined) if since else joined
        else:
            active = None
        stuck = joined is not None and not ready and since is not None and now - since > STUCK_AFTER
        rows.append(Progress(participant, step, len(plan.customers) if plan else 0, ready,
                             figures if figures and (figures.contacts_made or figures.referrals) else None, business,
                             language, joined, active, since, stuck))
    return rows


def plans_zip(store: Store) -> bytes:
    """Every ready plan's files, one folder per participant."""
    from ..documents.render import plan_files
    from ..formatting import slug

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for row in progress(store):
            if not row.ready:
                continue
            plan = store.plan(row.participant.id)
            folder = f"{slug(row.participant.name, 'participant')}-{row.participant.id[-4:]}"
            for name, content in plan_files(plan).items():
                archive.writestr(f"{folder}/{name}", content)
            archive.writestr(f"{folder}/plan.json", plan.to_json())
    return buffer.getvalue()

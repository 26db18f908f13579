"""The owner's way through the challenge, as functions the app's widgets call.

Every function that changes something saves it in the store before it returns, so a
reload or a restart finds it; one that fails changes nothing.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import multiprocessing
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .business import (
    CUSTOMER_DETAILS,
    OWN,
    added,
    checked,
    demo_source,
    details,
    keep_texts,
    lay_over,
    new_customer_key,
    texts,
    with_their_details,
)
from .challenge.coaching import suggest
from .challenge.deadlines import DEADLINE_CHOICES
from .challenge.kinds import guess_kind, kind_of
from .challenge.plan import Plan, PlannedCustomer, plan_from_ranking, within_limit
from .challenge.shortlist import RANK_BY, RankBy
from .challenge.steps import STEPS, Step
from .errors import AmbiguousDatesError, AmbiguousLayoutError, InputError, MissingColumnsError, PlanStartedAgainError
from .i18n import _, language, ngettext, speaking
from .logs import hidden
from .places import data_dir
from .store import Store, open_store

if TYPE_CHECKING:
    from .exports import DateOrder, Guess, Imported, Sales, StatusChoice

CANDIDATES = 60
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class ImportOutcome:
    """What an import step tells the owner: what was read, or why nothing was and what would help.

    ``needs`` is "columns" (say which of ``file``'s columns is which; ``guess`` has the columns, the
    best guesses and the first rows as read), "date_order" or "awaiting" (every order of ``file`` awaits
    payment and only paid ones were asked for: count them?).
    """

    summary: str = ""
    error: str | None = None
    needs: str | None = None
    file: str | None = None
    guess: Guess | None = None
    choices: dict[str, list] | None = None  # a column that could play the role in question -> its top three


@dataclass
class Uploads:
    """The exports an owner brought and what they said of them, kept in the store so that a reload or a
    second reading asks nothing twice. ``answers``: per file name, its ``columns`` and ``date_order``."""

    files: list[str] = field(default_factory=list)
    demo: str = ""  # the demo business these are the exports of ("" for the owner's own)
    status: str = "all"  # "all" or "paid"
    answers: dict[str, dict] = field(default_factory=dict)
    summary: str = ""  # what the last reading found, a line a point (see :func:`import_summary`)

    @classmethod
    def of(cls, store: Store, owner: str) -> Uploads:
        kept = store.load_uploads(owner) or {}
        return cls(**{name: value for name, value in kept.items() if name in cls.__dataclass_fields__})

    def keep(self, store: Store, owner: str) -> Uploads:
        store.save_uploads(owner, asdict(self))
        return self

    def answer(self, file: str, **said: Any) -> None:
        """What the owner said of ``file`` (its columns, its date order), added to what they said before."""
        self.answers.setdefault(file, {}).update(said)

    def read(self, owner: str, today: dt.date | None = None) -> ImportOutcome:
        """Read every export brought, as answered, apart from the page (see :func:`import_apart`)."""
        return import_apart(owner, [Path(f) for f in self.files], "", today, status=self.status,
                            answers=self.answers, demo=self.demo)


def reachable_step(step: int, has_ranking: bool) -> int:
    """The step (its place in :data:`STEPS`) the owner may see: within range, and no further than the upload until
    there is a ranking."""
    step = max(0, min(step, len(STEPS) - 1))
    return min(step, Step.CUSTOMERS.at) if not has_ranking else step


def import_summary(imported: Imported) -> str:
    """What was read from the owner's exports, a line a point (see :func:`exports.what_was_read`), and which
    could not be read."""
    from .exports import what_was_read

    parts = []
    for result in imported.results:
        parts.append(_("Read {file} as a {layout}.").format(file=result.file, layout=_(result.layout)))
        parts += what_was_read(result.summary()) + result.notes
    if len(imported.results) > 1:
        parts.append(_("Together: {count} customers, {matched} of them found in more than one export.").format(
            count=imported.sales.customers, matched=imported.matched))
    parts += [_("{error} (left out; the other exports were read)").format(error=error) for error in imported.failed]
    return "\n".join(parts)


def save_upload(owner: str, name: str, content: bytes) -> Path:
    """Keep an uploaded export in the owner's own folder under a safe file name of its own: a file of the same name
    with other contents (an online shop's ``orders.csv`` and a till's) is kept beside it as ``orders (2).csv``; the
    same file again is the one already kept."""
    folder = data_dir() / "uploads" / _safe_name(owner, "owner")
    folder.mkdir(parents=True, exist_ok=True)
    name = _safe_name(Path(name).name, "upload.csv")
    stem, suffix = Path(name).stem, Path(name).suffix
    path, number = folder / name, 1
    while True:
        try:
            with path.open("xb") as new:
                new.write(content)
            return path
        except FileExistsError:
            if path.read_bytes() == content:
                return path
        number += 1
        path = folder / f"{stem} ({number}){suffix}"


def _safe_name(text: str, default: str) -> str:
    """A single path component: no separators, no leading dots (so never ``..``)."""
    return _UNSAFE.sub("_", text).lstrip(".") or default


def candidates(sales: Sales) -> list[dict]:
    """The customers the owner may choose from, as rows: the best by all-time spend and by the last 12 months."""
    from .challenge.ranking import rank_customers

    both = rank_customers(sales, top=CANDIDATES) + rank_customers(sales, by="spend_12m", top=CANDIDATES)
    first: dict[str, dict] = {}
    for row in both:
        first.setdefault(row["key"], row)
    return list(first.values())


def import_export(store: Store, owner: str, paths: Path | list[Path], business: str = "", today: dt.date | None = None,
                  columns: dict[str, str] | None = None, date_order: DateOrder | None = None,
                  status: StatusChoice = "all", answers: dict[str, dict] | None = None,
                  demo: str = "") -> ImportOutcome:
    """Read the exports at ``paths``, rank their customers and (re)start the owner's round; nothing changes on
    failure. ``answers`` hold what the owner said of one file (by name: ``columns``, ``date_order``).

    The exports are the owner's own, or the demo business ``demo``'s. The plan takes that business's details (for
    the owner's own: what they said of it, ``business`` naming it where they have not) and the texts the owner
    wrote for it before, else the suggestions of its kind; the deadline carries over. What the owner said of a
    customer's phone, email or address, and the customers they added by hand, are laid over the exports'.
    """
    from .challenge.ranking import products_sold
    from .exports import load_exports

    paths = [paths] if isinstance(paths, Path) else list(paths)
    try:
        imported = load_exports(paths, columns=columns, date_order=date_order, status=status, answers=answers)
    except InputError as error:
        hidden(error)
        return _needs(error, paths, answers)
    question = next((_needs(e, paths, answers) for e in imported.failed if _needs(e, paths, answers).needs), None)
    if question:
        return question
    ranking = candidates(imported.sales)
    if not ranking:
        from .challenge.ranking import nobody_spent

        return ImportOutcome(error=str(nobody_spent(", ".join(p.name for p in paths))))
    source = demo_source(demo) if demo else OWN
    with store.transaction():
        earlier = store.load_plan(owner)
        if earlier is not None:
            keep_texts(store, owner, earlier)
        named = business.strip() or imported.business  # by the caller (a roster), else by the export's title
        if source == OWN and named and not store.business(owner, OWN).get("business"):
            store.save_business(owner, OWN, {**store.business(owner, OWN), "business": within_limit("business", named)})
        fresh = plan_from_ranking(ranking, owner=owner, business="", today=today or dt.date.today())
        fresh.language, fresh.currency, fresh.source = language(), imported.currency or "", source
        for name, text in texts(store, owner, source).items():
            setattr(fresh, name, text)
        if earlier is not None:
            fresh.deadline_choice = earlier.deadline_choice
            fresh.currency = fresh.currency or earlier.currency
            if earlier.source == source:  # the same business read again: whom they left out, how they ranked
                fresh.excluded, fresh.rank_by, fresh.customers = earlier.excluded, earlier.rank_by, earlier.customers
        fresh.kind = guess_kind(products_sold(imported.sales))
        lay_over(fresh, {name: value for name, value in details(store, owner, source).items() if value})
        fresh.customers = round_customers(store, owner, fresh, ranking)
        if fresh.deadline_choice in DEADLINE_CHOICES:
            _fit_days(fresh)
        store.save_ranking(owner, ranking, ", ".join(r.file for r in imported.results))
        store.save_plan(owner, fresh)
    return ImportOutcome(summary=import_summary(imported))


def round_customers(store: Store, owner: str, plan: Plan, ranking: list[dict]) -> list[PlannedCustomer]:
    """The round's customers: those the owner added by hand (unless left out), then the best of ``ranking`` as the
    plan ranks them, up to the round's size; with the details the owner gave for them, and what was chosen for
    those already in ``plan`` (their method, day, offers) kept, with what the exports now say of them."""
    from .challenge.shortlist import choose

    saved = store.customer_details(owner)
    own = added(saved, plan.excluded)
    chosen = choose(ranking, max(plan.size - len(own), 0), plan.rank_by, frozenset(plan.excluded))
    fresh = own + plan_from_ranking(chosen, owner, plan.business, plan.today, plan.round).customers
    kept = {c.key: c for c in plan.customers}
    return with_their_details([_keeping(kept[c.key], c) if c.key in kept else c for c in fresh], saved)


def _keeping(chosen: PlannedCustomer, read: PlannedCustomer) -> PlannedCustomer:
    """``read`` (a customer as the exports say now) with what the owner chose for them in ``chosen``."""
    if chosen.added:
        return chosen
    owners = ("method", "contact_day", "reward", "friend_offer", "ask", "notes", "history")
    return replace(read, **{name: getattr(chosen, name) for name in owners})


def _needs(error: InputError, paths: list[Path], answers: dict[str, dict] | None) -> ImportOutcome:
    """What the owner can answer to read a file that failed: its columns, its date order, or to count
    orders awaiting payment; else just the message."""
    from .errors import NothingCountedError
    from .exports import guess_columns

    path = next((p for p in paths if p.name == error.file), paths[0])
    if isinstance(error, (MissingColumnsError, AmbiguousLayoutError)):
        own = (answers or {}).get(path.name, {})
        return ImportOutcome(error=str(error), needs="columns", file=path.name,
                             guess=guess_columns(path, own.get("columns"), own.get("date_order")),
                             choices=(error.report or {}).get("choices"))
    if isinstance(error, AmbiguousDatesError):
        return ImportOutcome(error=str(error), needs="date_order", file=path.name)
    if isinstance(error, NothingCountedError) and error.awaiting:
        if error.awaiting == error.orders:
            text = ngettext("{file}: The one order is still awaiting payment ({statuses}). Count it too?",
                            "{file}: All {orders} orders are still awaiting payment ({statuses}). Count those too?",
                            error.orders)
        else:
            text = _("{file}: No order is paid yet: {awaiting} of the {orders} orders are still awaiting payment "
                     "({statuses}). Count those too?")
        return ImportOutcome(error=text.format(file=path.name, orders=error.orders, awaiting=error.awaiting,
                                               statuses=error.statuses), needs="awaiting", file=path.name)
    return ImportOutcome(error=str(error))


def import_apart(owner: str, paths: Path | list[Path], business: str, today: dt.date | None = None,
                 **answers: Any) -> ImportOutcome:
    """:func:`import_export` in a short-lived process of its own, saving to the same store.

    Reading an export takes Arrow and the whole file in memory; done apart, the page's kernel never loads it
    and stays small for the rest of the session, however large the export was."""
    spawn = multiprocessing.get_context("spawn")
    try:
        with concurrent.futures.ProcessPoolExecutor(1, mp_context=spawn) as worker:
            return worker.submit(_import_job, language(), owner, paths, business, today, answers).result()
    except concurrent.futures.process.BrokenProcessPool:
        names = ", ".join(p.name for p in ([paths] if isinstance(paths, Path) else paths))
        return ImportOutcome(error=_("Reading {files} stopped before it finished (the server may be short of "
                                     "memory). Your earlier entries are kept; please try again.").format(files=names))


READER_MEMORY = 3 * 1024**3  # bytes of memory a reading in the app may take (its own process: the page's stay small)
READER_THREADS = 2  # threads Arrow may use for one reading (a workshop's server reads for many at once)


def _address_space() -> int:
    """Bytes of address space this process holds now (Linux), 0 where that cannot be read."""
    try:
        return int(Path("/proc/self/statm").read_text().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _import_job(speaks: str, owner: str, paths: Path | list[Path], business: str, today: dt.date | None,
                answers: dict[str, Any]) -> ImportOutcome:
    import resource

    import pyarrow as pa

    from .exports import load_exports  # noqa: F401 (the reader's code is in memory before the cap)

    pa.set_cpu_count(READER_THREADS)  # each thread's stack and heap is address space under the cap
    pa.set_io_thread_count(READER_THREADS)
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = _address_space() + READER_MEMORY  # on top of the code in memory, whatever the machine's libraries took
    resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))
    with speaking(speaks), open_store() as store:
        try:
            return import_export(store, owner, paths, business, today, **answers)
        except (MemoryError, pa.ArrowException):  # what Arrow and numpy raise at the cap (the reader says the rest)
            names = ", ".join(p.name for p in ([paths] if isinstance(paths, Path) else paths))
            return ImportOutcome(error=_("{files}: reading this would take more than the {size} GB of memory the "
                                         "workbook gives one reading. Export a shorter period and upload "
                                         "that.").format(files=names, size=f"{READER_MEMORY / 1024**3:g}"))


def rechoose(store: Store, owner: str, rank_by: RankBy | None = None, exclude: str | None = None,
             include: str | None = None, started: str | None = None) -> Plan:
    """Change how the round's customers are picked; those who stay keep their choices."""
    if rank_by is not None and rank_by not in RANK_BY:
        raise ValueError(f"not a way to rank: {rank_by!r} (one of {', '.join(RANK_BY)})")
    ranking, _source = store.ranking(owner)
    with changing(store, owner, started) as plan:
        plan.rank_by = rank_by or plan.rank_by
        excluded = set(plan.excluded) - {include} | ({exclude} if exclude else set())
        plan.excluded = sorted(excluded)
        plan.customers = round_customers(store, owner, plan, ranking)
    return plan


def edit_customer(store: Store, owner: str, key: str, started: str | None = None, **given: str) -> Plan:
    """Keep the phone, email or address the owner gives for a customer of the round, over what the exports say
    (a new reading of the exports keeps it too). Raises ``ValueError`` for a phone or email that is not one."""
    given = checked(given, CUSTOMER_DETAILS)
    with changing(store, owner, started) as plan:
        customer = _customer(plan, key)
        saved, by_hand = store.customer_details(owner).get(key, ({}, False))
        kept = {**saved, **given}
        store.save_customer_details(owner, key, kept, by_hand)
        for name in given:
            setattr(customer, name, kept[name] or None)
    return plan


def add_customer(store: Store, owner: str, name: str, started: str | None = None, **given: str) -> Plan:
    """Add a customer who is in no export (someone who pays cash) to the round, in the place of the last one
    ranked, with whatever phone, email or address the owner gives; kept for every reading after."""
    name = within_limit("name", " ".join(name.split()))
    if not name:
        raise ValueError(_("Give the customer's name."))
    given = checked(given, CUSTOMER_DETAILS)
    ranking, _source = store.ranking(owner)
    with changing(store, owner, started) as plan:
        store.save_customer_details(owner, new_customer_key(), {"name": name, **given}, added=True)
        plan.customers = round_customers(store, owner, plan, ranking)
    return plan


@contextmanager
def changing(store: Store, owner: str, started: str | None = None) -> Iterator[Plan]:
    """``owner``'s plan to change in one transaction (see :meth:`Store.changing_plan`). ``started`` is the plan the
    change was made on (:attr:`Plan.started`, as a page drew it): when the plan has been started again since,
    nothing is saved and :class:`PlanStartedAgainError` says so."""
    with store.changing_plan(owner) as plan:
        if plan is None or (started is not None and plan.started != started):
            raise PlanStartedAgainError(_("This plan was started again in another tab or window, so this change was "
                                          "not saved. The page now shows the plan as it is."))
        yield plan


def choose_language(store: Store, owner: str, code: str) -> None:
    """Remember the language ``owner`` chose; their plan's documents speak it from now on."""
    with store.changing_plan(owner) as plan:
        store.save_language(owner, code)
        if plan is not None:
            plan.language = code


PLAN_CHOICES = ("reward", "friend_offer", "ideal_prospect", "deadline_choice", "currency", "notes")
"""The plan-wide fields the owner sets with :func:`update_plan`."""
CUSTOMER_CHOICES = ("method", "contact_day", "reward", "friend_offer", "ask", "notes", "phone", "email", "address")
"""A customer's fields the owner sets with :func:`update_customer`."""


def _only(changes: dict[str, Any], fields: tuple[str, ...]) -> None:
    """``TypeError`` for a change to a field not among ``fields`` (a misspelled one would be saved nowhere)."""
    unknown = sorted(set(changes) - set(fields))
    if unknown:
        raise TypeError(f"not one of {', '.join(fields)}: {', '.join(unknown)}")


def update_plan(store: Store, owner: str, started: str | None = None, **changes: Any) -> Plan:
    """Set plan-wide fields (:data:`PLAN_CHOICES`); ``TypeError`` for any other."""
    _only(changes, PLAN_CHOICES)
    with changing(store, owner, started) as plan:
        for name, value in changes.items():
            setattr(plan, name, within_limit(name, value))
        plan.suggested = [name for name in plan.suggested if name not in changes]  # the owner's own word now
        if "deadline_choice" in changes:
            _fit_days(plan)
    return plan


def choose_kind(store: Store, owner: str, kind: str, started: str | None = None) -> Plan:
    """Say what kind of business the plan is for (a key of ``kinds.toml``): its ideas are suggested from now on, in
    place of the suggestions made so far (never of what the owner wrote); kept for the business."""
    with changing(store, owner, started) as plan:
        store.save_business(owner, plan.source, {**store.business(owner, plan.source), "kind": kind_of(kind).key})
        plan.kind = kind_of(kind).key
        suggest(plan)
    return plan


def set_defaults(store: Store, owner: str, reward: str, friend_offer: str, deadline_choice: str,
                 method: str) -> Plan:
    """Fill in a coach's choices for the whole plan: offers, deadline and every customer's method."""
    with changing(store, owner) as plan:
        plan.reward, plan.friend_offer, plan.deadline_choice = reward, friend_offer, deadline_choice
        plan.suggested = [name for name in plan.suggested if not getattr(plan, name).strip()
                          or name not in ("reward", "friend_offer")]  # the coach's word, not a suggestion
        for customer in plan.customers:
            customer.method = customer.method or method
        _fit_days(plan)
    return plan


def start_next_round(store: Store, owner: str, today: dt.date) -> Plan:
    """Keep this round's plan in the log and open the next (top 20), carrying over what worked."""
    from .follow.followthrough import next_round
    from .follow.logbook import Logbook

    with store.transaction():
        plan = store.plan(owner)
        ranking, _source = store.ranking(owner)
        log = Logbook(store, owner)
        fresh = next_round(plan, ranking, log.contacts(plan.round), log.referrals(), today)
        fresh.customers = with_their_details(fresh.customers, store.customer_details(owner))
        log.archive(plan)
        store.save_plan(owner, fresh, step=2)
    return fresh


def update_customer(store: Store, owner: str, key: str, started: str | None = None, **changes: Any) -> Plan:
    """Set one customer's fields (:data:`CUSTOMER_CHOICES`); ``TypeError`` for any other."""
    _only(changes, CUSTOMER_CHOICES)
    with changing(store, owner, started) as plan:
        customer = _customer(plan, key)
        for name, value in changes.items():
            value = within_limit(name, value)
            setattr(customer, name,
                    value or None if name in ("method", "reward", "friend_offer", "contact_day") else value)
    return plan


def _customer(plan: Plan, key: str) -> PlannedCustomer:
    for customer in plan.customers:
        if customer.key == key:
            return customer
    raise KeyError(key)


def _fit_days(plan: Plan) -> None:
    """Give every customer a contact day inside the challenge, spreading the unplanned ones."""
    deadline = plan.deadline
    for customer in plan.customers:
        if customer.contact_day and deadline and not plan.today < customer.contact_day <= deadline:
            customer.contact_day = None
    for day, customers in plan.schedule().items():
        for customer in customers:
            customer.contact_day = day

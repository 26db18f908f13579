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
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import AmbiguousDatesError, AmbiguousLayoutError, InputError, MissingColumnsError
from .plan import Plan, PlannedCustomer, plan_from_ranking
from .store import Store

if TYPE_CHECKING:
    from .importer import ImportResult, Sales
    from .values import DateOrder

CANDIDATES = 60
STEPS = ["Welcome", "Your customers", "Top ten", "Last purchase", "Contact", "Offers", "Deadline", "Your plan"]
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def data_dir() -> Path:
    """Where the app keeps its store and uploads (``WORKBOOK_DATA_DIR``, else ./var)."""
    return Path(os.environ.get("WORKBOOK_DATA_DIR", "var")).resolve()


def demo_dir() -> Path:
    """Where the demo exports are (``WORKBOOK_DEMO_DIR``, else ./data)."""
    return Path(os.environ.get("WORKBOOK_DEMO_DIR", "data")).resolve()


def open_store() -> Store:
    return Store(data_dir() / "workbook.sqlite")


@dataclass
class Imported:
    """What an import step tells the owner: what was read, or why nothing was and what would help.

    ``needs`` is "columns" (say which column is which, from ``headers``) or "date_order".
    """

    summary: str = ""
    error: str | None = None
    needs: str | None = None
    headers: list[str] = field(default_factory=list)


def reachable_step(step: int, steps: int, has_ranking: bool) -> int:
    """The step the owner may see: within range, and no further than the upload until there is a ranking."""
    step = max(0, min(step, steps - 1))
    return min(step, 1) if not has_ranking else step


def import_summary(result: ImportResult) -> str:
    """One line for the owner on what was read from their export."""
    parts = [f"Read {result.file} as a {result.layout}: {result.sales.customers} customers."]
    if result.skipped:
        parts.append(f"{result.skipped} rows were skipped ({'; '.join(result.reasons[:2])}).")
    parts.extend(result.notes)
    return " ".join(parts)


def save_upload(owner: str, name: str, content: bytes) -> Path:
    """Keep an uploaded export in the owner's own folder under a safe file name."""
    folder = data_dir() / "uploads" / _safe_name(owner, "owner")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / _safe_name(Path(name).name, "upload.csv")
    path.write_bytes(content)
    return path


def _safe_name(text: str, default: str) -> str:
    """A single path component: no separators, no leading dots (so never ``..``)."""
    return _UNSAFE.sub("_", text).lstrip(".") or default


def candidates(sales: Sales) -> list[dict]:
    """The customers the owner may choose from, as rows: the best by all-time spend and by the last 12 months."""
    from .ranking import rank_customers

    both = rank_customers(sales, top=CANDIDATES) + rank_customers(sales, by="spend_12m", top=CANDIDATES)
    first: dict[str, dict] = {}
    for row in both:
        first.setdefault(row["key"], row)
    return list(first.values())


def import_export(store: Store, owner: str, path: Path, business: str, today: dt.date | None = None,
                  columns: dict[str, str] | None = None, date_order: DateOrder | None = None) -> Imported:
    """Read ``path``, rank its customers and (re)start the owner's round; nothing changes on failure.

    Plan-wide choices (offers, ideal prospect, deadline) carry over from an earlier import.
    """
    from .importer import header_cells, load_sales

    try:
        result = load_sales(path, columns=columns, date_order=date_order)
    except (MissingColumnsError, AmbiguousLayoutError) as error:
        return Imported(error=str(error), needs="columns", headers=header_cells(path))
    except AmbiguousDatesError as error:
        return Imported(error=str(error), needs="date_order")
    except InputError as error:
        return Imported(error=str(error))
    ranking = candidates(result.sales)
    if not ranking:
        return Imported(error=f"{path.name}: no customer has spent anything yet.")
    fresh = plan_from_ranking(ranking, owner=owner, business=business, today=today or dt.date.today())
    earlier = store.load_plan(owner)
    if earlier is not None:
        for name in ("reward", "friend_offer", "ideal_prospect", "deadline_choice", "notes"):
            setattr(fresh, name, getattr(earlier, name))
    store.save_ranking(owner, ranking, path.name)
    store.save_plan(owner, fresh)
    return Imported(summary=import_summary(result))


def import_apart(owner: str, path: Path, business: str, today: dt.date | None = None,
                 columns: dict[str, str] | None = None, date_order: DateOrder | None = None) -> Imported:
    """:func:`import_export` in a short-lived process of its own, saving to the same store.

    Reading an export takes Arrow and the whole file in memory; done apart, the page's kernel never loads it
    and stays small for the rest of the session, however large the export was."""
    spawn = multiprocessing.get_context("spawn")
    try:
        with concurrent.futures.ProcessPoolExecutor(1, mp_context=spawn) as worker:
            return worker.submit(_import_job, owner, path, business, today, columns, date_order).result()
    except concurrent.futures.process.BrokenProcessPool:
        return Imported(error=f"Reading {path.name} stopped before it finished (the server may be short of "
                              "memory). Your earlier entries are kept; please try again.")


def _import_job(owner: str, path: Path, business: str, today: dt.date | None, columns: dict[str, str] | None,
                date_order: DateOrder | None) -> Imported:
    with open_store() as store:
        return import_export(store, owner, path, business, today, columns, date_order)


def rechoose(store: Store, owner: str, rank_by: str | None = None, exclude: str | None = None,
             include: str | None = None) -> Plan:
    """Change how the round's customers are picked; those who stay keep their choices."""
    from .shortlist import choose

    plan = store.load_plan(owner)
    ranking, _ = store.load_ranking(owner)
    plan.rank_by = rank_by or plan.rank_by
    excluded = set(plan.excluded) - {include} | ({exclude} if exclude else set())
    plan.excluded = sorted(excluded)
    chosen = choose(ranking, plan.size, plan.rank_by, frozenset(plan.excluded))
    kept = {c.key: c for c in plan.customers}
    fresh = plan_from_ranking(chosen, owner, plan.business, plan.today, plan.round).customers
    plan.customers = [kept.get(c.key, c) for c in fresh]
    store.save_plan(owner, plan)
    return plan


def update_plan(store: Store, owner: str, **changes: Any) -> Plan:
    """Set plan-wide fields (reward, friend_offer, ideal_prospect, deadline_choice, notes)."""
    plan = store.load_plan(owner)
    for name, value in changes.items():
        setattr(plan, name, value)
    if "deadline_choice" in changes:
        _fit_days(plan)
    store.save_plan(owner, plan)
    return plan


def set_defaults(store: Store, owner: str, reward: str, friend_offer: str, deadline_choice: str,
                 method: str) -> Plan:
    """Fill in a coach's choices for the whole plan: offers, deadline and every customer's method."""
    plan = store.load_plan(owner)
    plan.reward, plan.friend_offer, plan.deadline_choice = reward, friend_offer, deadline_choice
    for customer in plan.customers:
        customer.method = customer.method or method
    _fit_days(plan)
    store.save_plan(owner, plan)
    return plan


def start_next_round(store: Store, owner: str, today: dt.date) -> Plan:
    """Keep this round's plan in the log and open the next (top 20), carrying over what worked."""
    from .followthrough import next_round
    from .logbook import Logbook

    plan = store.load_plan(owner)
    ranking, _ = store.load_ranking(owner)
    log = Logbook(store, owner)
    fresh = next_round(plan, ranking, log.contacts(plan.round), log.referrals(), today)
    log.archive(plan)
    store.save_plan(owner, fresh, step=2)
    return fresh


def update_customer(store: Store, owner: str, key: str, **changes: Any) -> Plan:
    """Set one customer's fields (method, contact_day, reward, friend_offer, ask, notes)."""
    plan = store.load_plan(owner)
    customer = _customer(plan, key)
    for name, value in changes.items():
        setattr(customer, name, value or None if name in ("method", "reward", "friend_offer", "contact_day") else value)
    store.save_plan(owner, plan)
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
        if customer.contact_day and deadline and not plan.today <= customer.contact_day <= deadline:
            customer.contact_day = None
    for day, customers in plan.schedule().items():
        for customer in customers:
            customer.contact_day = day

"""The follow-through log as documents: its tables as CSV and XLSX, and a calendar of follow-ups.

It builds on the plan's documents and the follow-through's rules; neither imports it back.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .coaching import method_label
from .documents import calendar_ics, table_csv, tables_xlsx
from .followthrough import follow_ups, generations, open_log
from .logbook import Logbook
from .plan import OUTCOMES, Plan

if TYPE_CHECKING:
    from .store import Store


LOG_SHEETS = {
    "Contacts": ("Round", "Customer", "Planned day", "Planned method", "Done on", "Method used", "Outcome", "Notes"),
    "Referrals": ("Received", "Referred by", "Friend", "How it arrived", "Generation", "Became a customer",
                  "First purchase", "Thanked on", "Thanked how", "Gift", "Gift cost", "Gift given", "Notes"),
    "Sources": ("Name", "Profession", "What is in it for them", "Referrals"),
    "Health check": ("Asked on", "Name", "Has recommended us"),
}


def log_tables(plan: Plan, log: Logbook) -> dict[str, tuple[tuple[str, ...], list[list[object]]]]:
    """The whole follow-through log as tables: contacts of every round, referrals, sources, health checks."""
    def text(day: dt.date | None) -> str:
        return day.isoformat() if day else ""

    contacts = []
    for past in [*log.past_plans(), plan]:
        done = log.contacts(past.round)
        for day, customers in past.schedule().items():
            for c in customers:
                contact = done.get(c.key)
                contacts.append([past.round, c.name, text(day), method_label(c.method),
                                 text(contact.done_on) if contact else "",
                                 method_label(contact.method) if contact and contact.method else "",
                                 OUTCOMES.get(contact.outcome or "", "") if contact else "",
                                 contact.notes if contact else ""])
    referrals = log.referrals()
    depth = generations(referrals)
    referral_rows = [[text(r.received_on), r.referrer_name, r.friend, r.how, depth[r.id], text(r.converted_on),
                      r.first_value if r.first_value is not None else "", text(r.thanked_on), r.thanked_how, r.gift,
                      r.gift_cost if r.gift_cost is not None else "", text(r.gift_on), r.notes] for r in referrals]
    sources = [[s.name, s.profession, s.for_them, sum(r.referrer == s.key for r in referrals)] for s in log.sources()]
    health = [[text(a.asked_on), a.name, "yes" if a.recommended else "no"] for a in log.health()]
    rows = {"Contacts": contacts, "Referrals": referral_rows, "Sources": sources, "Health check": health}
    return {name: (LOG_SHEETS[name], rows[name]) for name in LOG_SHEETS}


def log_csv(tables: dict[str, tuple[tuple[str, ...], list[list[object]]]]) -> str:
    """The log as one CSV: a "Part" column says which table each row belongs to."""
    columns = ("Part", *dict.fromkeys(c for heads, _ in tables.values() for c in heads))
    rows = [[name, *(dict(zip(heads, row)).get(c, "") for c in columns[1:])]
            for name, (heads, body) in tables.items() for row in body]
    return table_csv(columns, rows)


def follow_ups_ics(items: list[tuple[dt.date, str, str]], today: dt.date) -> bytes:
    """A calendar of follow-ups: one all-day event each (contacts, thank-yous, asking new customers)."""
    return calendar_ics([(f"follow-up-{day.isoformat()}-{number}", day, summary, description)
                         for number, (day, summary, description) in enumerate(items)], today)


def log_files(store: Store, owner: str, today: dt.date) -> dict[str, bytes]:
    """The whole log as CSV and XLSX, and a calendar of follow-ups."""
    plan, log = open_log(store, owner)
    tables = log_tables(plan, log)
    items = follow_ups(plan, log.contacts(plan.round), log.referrals(), today)
    return {"log.csv": log_csv(tables).encode("utf-8-sig"), "log.xlsx": tables_xlsx(tables),
            "follow-ups.ics": follow_ups_ics(items, today)}

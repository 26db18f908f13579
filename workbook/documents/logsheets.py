"""The follow-through log as documents: its tables as CSV and XLSX, and a calendar of follow-ups.

It builds on the plan's documents and the follow-through's rules; neither imports it back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..challenge.plan import Plan, method_label, outcome_label
from ..follow.followthrough import follow_ups, generations, open_log
from ..follow.logbook import Logbook
from ..i18n import N_, _
from .render import calendar_ics, paper, table_csv, tables_xlsx

if TYPE_CHECKING:
    from ..store import Store


LOG_SHEETS = {  # marked for the catalogue, translated where written
    N_("Contacts"): (N_("Round"), N_("Customer"), N_("Planned day"), N_("Planned method"), N_("Done on"),
                     N_("Method used"), N_("Outcome"), N_("Notes")),
    N_("Referrals"): (N_("Received"), N_("Referred by"), N_("Friend"), N_("How it arrived"), N_("Generation"),
                      N_("Became a customer"), N_("First purchase"), N_("Thanked on"), N_("Thanked how"), N_("Gift"),
                      N_("Gift cost"), N_("Gift given"), N_("Notes")),
    N_("Sources"): (N_("Name"), N_("Profession"), N_("What is in it for them"), N_("Referrals")),
    N_("Health check"): (N_("Asked on"), N_("Name"), N_("Has recommended us")),
}


def log_tables(plan: Plan, log: Logbook) -> dict[str, tuple[tuple[str, ...], Sequence[Sequence[object]]]]:
    """The whole follow-through log as tables (by name, in the language spoken): contacts of every round,
    referrals, sources, health checks."""
    def on(day: dt.date | None) -> dt.date | str:  # a day as a date cell (ISO in a CSV), or empty
        return day or ""

    contacts = []
    for past in [*log.past_plans(), plan]:
        done = log.contacts(past.round)
        for day, customers in past.schedule().items():
            for c in customers:
                contact = done.get(c.key)
                contacts.append([past.round, c.name, on(day), method_label(c.method),
                                 on(contact.done_on) if contact else "",
                                 method_label(contact.method) if contact and contact.method else "",
                                 outcome_label(contact.outcome) if contact else "",
                                 contact.notes if contact else ""])
    referrals = log.referrals()
    depth = generations(referrals)
    referral_rows = [[on(r.received_on), r.referrer_name, r.friend, r.how, depth[r.id], on(r.converted_on),
                      r.first_value if r.first_value is not None else "", on(r.thanked_on), r.thanked_how, r.gift,
                      r.gift_cost if r.gift_cost is not None else "", on(r.gift_on), r.notes] for r in referrals]
    sources = [[s.name, s.profession, s.for_them, sum(r.referrer == s.key for r in referrals)] for s in log.sources()]
    health = [[on(a.asked_on), a.name, _("yes") if a.recommended else _("no")] for a in log.health()]
    rows: dict[str, Sequence[Sequence[object]]] = {"Contacts": contacts, "Referrals": referral_rows,
                                                   "Sources": sources, "Health check": health}
    return {_(name): (tuple(_(h) for h in heads), rows[name]) for name, heads in LOG_SHEETS.items()}


def log_csv(tables: dict[str, tuple[tuple[str, ...], Sequence[Sequence[object]]]]) -> str:
    """The log as one CSV: a "Part" column says which table each row belongs to."""
    columns = (_("Part"), *dict.fromkeys(c for heads, _rows in tables.values() for c in heads))
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
    return {"log.csv": log_csv(tables).encode("utf-8-sig"), "log.xlsx": tables_xlsx(tables, paper(plan)),
            "follow-ups.ics": follow_ups_ics(items, today)}

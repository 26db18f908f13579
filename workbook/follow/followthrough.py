"""The rules of following through: what is overdue, who still needs thanking, gifts never repeated,
the chain of referrals, the round's results and the next round."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..challenge.plan import (
    CONTACT_METHODS,
    Plan,
    PlannedCustomer,
    method_label,
    outcome_label,
    plan_from_ranking,
    round_size,
)
from ..errors import InputError
from ..formatting import day
from ..i18n import N_, _, ngettext
from .cards import referrer_by_code
from .logbook import Contact, HealthAnswer, Logbook, Referral, Source

if TYPE_CHECKING:
    from ..store import Store

STATUS = {"done": N_("Done"), "overdue": N_("Overdue"), "today": N_("Today"), "planned": N_("Planned")}
ASK_CONVERTED_AFTER = dt.timedelta(days=14)  # ask a new customer for a referral in turn


@dataclass(frozen=True)
class ChecklistItem:
    """One planned customer against the schedule: done, overdue, due today or planned."""

    customer: PlannedCustomer
    day: dt.date
    status: str
    contact: Contact | None


def checklist(plan: Plan, contacts: dict[str, Contact], today: dt.date) -> list[ChecklistItem]:
    """Every customer of the round with their day; not done and past their day or the deadline is overdue."""
    items = []
    for when, customers in plan.schedule().items():
        for customer in customers:
            contact = contacts.get(customer.key)
            if contact and contact.done_on:
                status = "done"
            elif when < today or (plan.deadline and today > plan.deadline):
                status = "overdue"
            else:
                status = "today" if when == today else "planned"
            items.append(ChecklistItem(customer, when, status, contact))
    return items


def todays(items: list[ChecklistItem], today: dt.date) -> list[ChecklistItem]:
    """Monday's list: who is due today or overdue, and who was contacted today (so what was saved stays in
    sight), overdue first."""
    due = [i for i in items if i.status in ("overdue", "today")
           or (i.status == "done" and i.contact and i.contact.done_on == today)]
    return sorted(due, key=lambda i: (i.status != "overdue", i.status == "done", i.day))


def thanks_due(referrals: list[Referral], today: dt.date) -> list[tuple[Referral, int]]:
    """Referrals whose referrer is not thanked yet, oldest first, with the days past the same-day rule."""
    return [(r, (today - r.received_on).days) for r in referrals if r.thanked_on is None]


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def gift_warning(referrals: list[Referral], referrer: str, gift: str, referral_id: int | None = None) -> str | None:
    """A warning when ``referrer`` already had this gift from the owner, naming what they had before."""
    before = [r for r in referrals if r.referrer == referrer and r.gift and r.id != referral_id]
    if not gift.strip() or not any(_same(r.gift, gift) for r in before):
        return None
    had = "; ".join(_("{gift} on {date}").format(gift=r.gift, date=day(r.gift_on or r.received_on, "medium"))
                    for r in before)
    return _("{name} has had '{gift}' from you before ({had}). A different gift each time shows you know them; "
             "choose something new.").format(name=before[0].referrer_name, gift=gift.strip(), had=had)


def generations(referrals: list[Referral]) -> dict[int, int]:
    """How far down the chain each referral is: 1 when a customer or a source referred, 2 when a
    referred friend did, and so on."""
    by_key = {r.key: r for r in referrals}
    depth: dict[int, int] = {}

    def of(referral: Referral, seen: frozenset[int] = frozenset()) -> int:
        if referral.id not in depth:
            parent, seen = by_key.get(referral.referrer), seen | {referral.id}
            depth[referral.id] = 1 if parent is None or parent.id in seen else 1 + of(parent, seen)
        return depth[referral.id]

    for referral in referrals:
        of(referral)
    return depth


@dataclass(frozen=True)
class Results:
    """What a round brought, and what worked."""

    planned: int
    contacts_made: int
    agreed: int
    referrals: int
    converted: int
    revenue: float
    chain_depth: int
    by_method: dict[str, int] = field(default_factory=dict)  # referrals per contact method used ("": not recorded)
    by_offer: dict[str, int] = field(default_factory=dict)  # referrals per referrer's reward ("": none set)
    top_referrers: list[tuple[str, int]] = field(default_factory=list)

    @property
    def conversion_rate(self) -> float:
        return self.converted / self.referrals if self.referrals else 0.0


def results(plan: Plan, contacts: dict[str, Contact], referrals: list[Referral]) -> Results:
    """The round's figures: contacts, referrals (per method and per offer), conversions, revenue, top referrers."""
    mine = [r for r in referrals if r.round == plan.round]
    customers = {c.key: c for c in plan.customers}
    done = [c for c in contacts.values() if c.done_on and c.customer in customers]
    by_method: Counter[str] = Counter()
    by_offer: Counter[str] = Counter()
    for referral in mine:
        customer = customers.get(referral.referrer)
        if customer is None:
            continue
        contact = contacts.get(customer.key)
        method = (contact.method if contact and contact.method else customer.method) or ""
        by_method[method if method in CONTACT_METHODS else ""] += 1
        by_offer[plan.reward_for(customer)] += 1
    converted = [r for r in mine if r.converted_on]
    return Results(
        planned=len(plan.customers), contacts_made=len(done), agreed=sum(c.outcome == "agreed" for c in done),
        referrals=len(mine), converted=len(converted), revenue=round(sum(r.first_value or 0 for r in converted), 2),
        chain_depth=max(generations(referrals).values(), default=0), by_method=dict(by_method.most_common()),
        by_offer=dict(by_offer.most_common()),
        top_referrers=Counter(r.referrer_name for r in mine).most_common(5))


def advocates(answers: list[HealthAnswer]) -> tuple[int, int]:
    """People asked "Have you recommended us?" (latest answer each) and how many said yes."""
    latest = {a.person: a for a in sorted(answers, key=lambda a: a.asked_on)}
    return len(latest), sum(a.recommended for a in latest.values())


def follow_ups(plan: Plan, contacts: dict[str, Contact], referrals: list[Referral],
               today: dt.date) -> list[tuple[dt.date, str, str]]:
    """Dated reminders: contacts still to make, thank-yous due, new customers to ask in turn.

    Each is (day, title, description)."""
    items = [(max(item.day, today), _("Contact {name}").format(name=item.customer.name),
              _("{method}; planned for {date}").format(method=method_label(item.customer.method),
                                                       date=day(item.day, "short")))
             for item in checklist(plan, contacts, today) if item.status != "done"]
    items += [(today, _("Thank {name}").format(name=r.referrer_name),
               _("for referring {friend} ({date})").format(friend=r.friend, date=day(r.received_on, "short")))
              for r, _late in thanks_due(referrals, today)]
    items += [(r.converted_on + ASK_CONVERTED_AFTER, _("Ask {name} for a referral").format(name=r.friend),
               _("a customer since {date}, referred by {name}").format(date=day(r.converted_on, "short"),
                                                                      name=r.referrer_name))
              for r in referrals if r.converted_on and r.converted_on + ASK_CONVERTED_AFTER >= today]
    if plan.deadline and plan.deadline >= today:
        items.append((plan.deadline, _("Referral challenge deadline"),
                      _("Every customer of round {round} asked").format(round=plan.round)))
    return sorted(items, key=lambda item: item[0])


def history_note(round_number: int, contact: Contact | None, referred: int) -> str:
    """What happened with a customer last round, for the next round's plan."""
    if contact is None or not contact.done_on:
        return _("Round {round}: not contacted.").format(round=round_number)
    return ngettext("Round {round}: {outcome}; {count} referral.", "Round {round}: {outcome}; {count} referrals.",
                    referred).format(round=round_number, count=referred,
                                     outcome=outcome_label(contact.outcome, in_sentence=True) or _("contacted"))


def next_round(plan: Plan, ranking: list[dict], contacts: dict[str, Contact], referrals: list[Referral],
               today: dt.date) -> Plan:
    """The next round's plan (top 20): who was asked before is marked, and what worked carries over.

    Customers asked before keep their method (the one used, when it brought a referral), their
    ask and their own offers; new ones get the method that brought most referrals."""
    from ..challenge.shortlist import choose

    chosen = choose(ranking, round_size(plan.round + 1), plan.rank_by, frozenset(plan.excluded))
    fresh = plan_from_ranking(chosen, plan.owner, plan.business, today, plan.round + 1)
    fresh.language, fresh.currency = plan.language, plan.currency
    best = next(iter(results(plan, contacts, referrals).by_method), "") or None
    before = {c.key: c for c in plan.customers}
    referred = Counter(r.referrer for r in referrals if r.round == plan.round)
    for index, customer in enumerate(fresh.customers):
        old = before.get(customer.key)
        if old is None:
            customer.method = best
            continue
        contact = contacts.get(old.key)
        used = contact.method if contact and contact.method and referred[old.key] else None
        fresh.customers[index] = replace(customer, method=used or old.method, ask=old.ask, reward=old.reward,
                                         friend_offer=old.friend_offer,
                                         history=history_note(plan.round, contact, referred[old.key]))
    fresh.reward, fresh.friend_offer, fresh.ideal_prospect = plan.reward, plan.friend_offer, plan.ideal_prospect
    fresh.rank_by, fresh.excluded = plan.rank_by, list(plan.excluded)
    return fresh


def referrers(plan: Plan, past: list[Plan], referrals: list[Referral], sources: list[Source]) -> dict[str, str]:
    """Everyone who can refer, by key: customers of every round, referred friends, and sources."""
    people = {c.key: c.name for p in [*past, plan] for c in p.customers}
    people.update({r.key: r.friend for r in referrals})
    people.update({s.key: f"{s.name} ({s.profession})" if s.profession else s.name for s in sources})
    return people


def find(people: dict[str, str], name: str, what: str) -> str:
    """The key of the one person called ``name`` (any case); a plain error naming the choices otherwise."""
    def norm(text: str) -> str:
        return " ".join(text.casefold().split())

    keys = [k for k, v in people.items() if k == name or norm(name) in (norm(v), norm(v.split(" (")[0]))]
    if len(keys) == 1:
        return keys[0]
    known = ", ".join(sorted(set(people.values()))[:12]) or _("nobody yet")
    if keys:
        raise InputError(_("More than one {what} is called '{name}'.").format(what=_(what), name=name))
    raise InputError(_("No {what} called '{name}' (known: {known}).").format(what=_(what), name=name, known=known))


# What the app and the CLI share: record, report and export, each in one call -------------------

def open_log(store: Store, owner: str) -> tuple[Plan, Logbook]:
    """The owner's current plan and their log; a plain error when there is no plan yet."""
    return store.plan(owner), Logbook(store, owner)


def _referral_for(log: Logbook, friend: str) -> Referral:
    referrals = log.referrals()
    key = find({r.key: r.friend for r in referrals}, friend, N_("referred friend"))
    return next(r for r in referrals if r.key == key)


def _amount(value: float | None, what: str) -> float | None:
    if value is not None and not (value >= 0 and math.isfinite(value)):
        raise InputError(_("{what} should be an amount of 0 or more, not {value}").format(what=_(what), value=value))
    return value


def record(store: Store, owner: str, kind: str, values: dict, today: dt.date) -> tuple[str, str | None]:
    """Log one event (contact, referral, conversion, thanks, source or health); say what was saved, and
    any warning. Names are matched without regard to case."""
    plan, log = open_log(store, owner)
    if kind == "contact":
        key = find({c.key: c.name for c in plan.customers}, values["customer"], N_("customer in the plan"))
        planned = next(c for c in plan.customers if c.key == key)
        outcome = values.get("outcome")
        log.record_contact(plan.round, key, today if outcome else None, values.get("method") or planned.method,
                           outcome, values.get("notes", ""))
        if outcome:
            return _("{name}: {outcome} ({date}).").format(name=planned.name, outcome=outcome_label(outcome, True),
                                                           date=day(today, "medium")), None
        return _("{name}: not contacted yet.").format(name=planned.name), None
    if kind == "referral":
        friend = " ".join(values["friend"].split())
        if not friend:
            raise InputError(_("say who was referred (the friend's name)"))
        people = referrers(plan, log.past_plans(), log.referrals(), log.sources())
        code = values.get("code", "").strip()  # the code on the friend card they brought, where they did
        on_card = referrer_by_code(plan.owner, people, code or values.get("by", ""))
        if code and on_card is None:
            raise InputError(_("no friend card has the code '{code}': check it, or choose who referred them").format(
                code=code))
        if on_card is None and not values.get("by"):
            raise InputError(_("say who referred them (ask: who specifically referred you?)"))
        key = on_card if on_card is not None else find(people, values["by"], N_("person who can refer"))
        made = log.add_referral(plan.round, key, people[key], friend, today, values.get("how", ""))
        return _("{referrer} referred {friend}. Thank {referrer} today.").format(referrer=made.referrer_name,
                                                                                 friend=made.friend), None
    if kind == "conversion":
        referral = _referral_for(log, values["friend"])
        log.update_referral(referral.id, converted_on=today, first_value=_amount(values["value"], N_("The value")))
        return _("{friend} became a customer. In two weeks, ask them who they know.").format(
            friend=referral.friend), None
    if kind == "thanks":
        referral = _referral_for(log, values["friend"])
        gift = values.get("gift", "").strip()
        warning = gift_warning(log.referrals(), referral.referrer, gift, referral.id)
        log.update_referral(referral.id, thanked_on=today, thanked_how=values.get("how", ""), gift=gift,
                            gift_cost=_amount(values.get("cost"), N_("The gift's cost")),
                            gift_on=today if gift else None)
        return _("{referrer} thanked for referring {friend}.").format(referrer=referral.referrer_name,
                                                                     friend=referral.friend), warning
    if kind == "source":
        name, profession = " ".join(values["name"].split()), " ".join(values["profession"].split())
        if not name or not profession:
            raise InputError(_("give the source's name and profession (accountant, attorney, banker, ...)"))
        source = log.add_source(name, profession, values.get("for_them", "").strip())
        return _("{name} ({profession}) added as a referral source.").format(name=source.name,
                                                                             profession=source.profession), None
    if kind == "health":
        people = referrers(plan, log.past_plans(), log.referrals(), log.sources())
        key = find(people, values["customer"], N_("person"))
        yes = values["recommended"] in (True, "yes")
        log.record_health(key, people[key], today, yes)
        said = _("{name}: has recommended you.") if yes else _("{name}: has not recommended you.")
        return said.format(name=people[key]), None
    raise ValueError(kind)


def report(store: Store, owner: str, today: dt.date) -> dict:
    """The round's results, what is overdue and who still needs thanking, as plain data."""
    plan, log = open_log(store, owner)
    contacts, referrals = log.contacts(plan.round), log.referrals()
    made = results(plan, contacts, referrals)
    asked, yes = advocates(log.health())
    return {
        "business": plan.business, "round": plan.round,
        "deadline": plan.deadline.isoformat() if plan.deadline else None,
        "planned": made.planned, "contacts_made": made.contacts_made, "agreed": made.agreed,
        "overdue": [i.customer.name for i in checklist(plan, contacts, today) if i.status == "overdue"],
        "referrals": made.referrals, "converted": made.converted,
        "conversion_rate": round(made.conversion_rate, 3), "referral_revenue": made.revenue,
        "chain_depth": made.chain_depth, "currency": plan.currency,
        "referrals_by_method": {(method_label(m) if m else _("Not recorded")): n for m, n in made.by_method.items()},
        "referrals_by_offer": {(reward or _("No reward set")): n for reward, n in made.by_offer.items()},
        "top_referrers": [{"name": n, "referrals": c} for n, c in made.top_referrers],
        "thanks_due": [{"referrer": r.referrer_name, "friend": r.friend, "days": days}
                       for r, days in thanks_due(referrals, today)],
        "health_check": {"asked": asked, "advocates": yes, "share": round(yes / asked, 3) if asked else None},
    }

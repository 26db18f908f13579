"""The owner's plan: the challenge's five steps as data, checked and saved as JSON."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import secrets
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from ..errors import PlanError
from ..formatting import day
from ..i18n import DEFAULT, N_, _, ngettext
from .deadlines import DEADLINE_CHOICES, contact_days, deadline_for
from .shortlist import RankBy
from .steps import Step

T = TypeVar("T")
SCHEMA_VERSION = 1
OUTCOMES = {"agreed": N_("Agreed to refer"), "not_now": N_("Not now"), "no_answer": N_("No answer"),
            "declined": N_("Declined")}  # shown through outcome_label
OUTCOMES_SAID = {"agreed": N_("agreed to refer"), "not_now": N_("not now"), "no_answer": N_("no answer"),
                 "declined": N_("declined")}  # the same within a sentence
CONTACT_METHODS = {
    "phone": N_("Telephone"),
    "visit": N_("Visit by appointment"),
    "drop_in": N_("Drop in"),
    "email": N_("Email"),
    "letter": N_("Letter"),
}  # shown through method_label
REACHED_AT = {"phone": "phone", "email": "email", "visit": "address", "letter": "address"}
"""What a contact method needs of the customer: a number to call, an address to write to or to go to."""
UNREACHABLE = {
    "phone": N_("{name} is to be telephoned, but the plan has no number for them: add it, or choose another way."),
    "email": N_("{name} is to get an email, but the plan has no email address for them: add it, or choose another "
                "way."),
    "visit": N_("{name} is to be visited, but the plan has no address for them: add it, or choose another way."),
    "letter": N_("{name} is to get a letter, but the plan has no address for them: add it, or choose another way."),
}
ROUND_SIZES = {1: 10}
TEXT_LIMITS = {"business": 120, "owner_name": 80, "owner_phone": 40, "owner_email": 120, "name": 80, "phone": 40,
               "email": 120, "address": 300, "reward": 200, "friend_offer": 200, "ideal_prospect": 300,
               "notes": 2000}
"""The longest text the owner may give each of the plan's (and a customer's) fields, in characters."""


def within_limit(field_name: str, value: T) -> T:
    """``value`` cut to its field's limit (see :data:`TEXT_LIMITS`); anything else as it is."""
    limit = TEXT_LIMITS.get(field_name)
    return cast(T, value[:limit].rstrip()) if isinstance(value, str) and limit and len(value) > limit else value



NEXT_ROUND_SIZE = 20


def method_label(method: str | None) -> str:
    """A contact method in the language spoken."""
    return _(CONTACT_METHODS[method]) if method in CONTACT_METHODS else _("Not chosen")


def outcome_label(outcome: str | None, in_sentence: bool = False) -> str:
    """A contact's outcome in the language spoken, as a label or ``in_sentence`` ("" when there is none)."""
    return _((OUTCOMES_SAID if in_sentence else OUTCOMES)[outcome]) if outcome in OUTCOMES else ""


def round_size(round_number: int) -> int:
    """How many customers a round asks: ten the first time, twenty after that."""
    return ROUND_SIZES.get(round_number, NEXT_ROUND_SIZE)


@dataclass
class PlannedCustomer:
    """One customer to ask, with how and when, and what they last bought."""

    key: str
    name: str
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    total_spend: float = 0.0
    orders: int = 0
    first_purchase: dt.date | None = None
    last_purchase: dt.date | None = None
    last_product: str | None = None
    method: str | None = None
    contact_day: dt.date | None = None
    reward: str | None = None  # overrides the plan's reward for the referrer
    friend_offer: str | None = None  # overrides the plan's offer for the friend
    ask: str = "pass_number"  # what the customer is asked to do: see coaching.CUSTOMER_ACTIONS
    notes: str = ""
    history: str = ""  # what happened with them in earlier rounds
    added: bool = False  # the owner added them by hand (they are in no export)

    def unreachable(self) -> bool:
        """Whether the chosen method needs a number or an address the plan does not have."""
        needed = REACHED_AT.get(self.method or "")
        return needed is not None and not (getattr(self, needed) or "").strip()


@dataclass
class Plan:
    """A round of the referral weekend challenge for one owner."""

    owner: str
    business: str
    today: dt.date
    owner_name: str = ""  # the owner's own name, phone and email, as they gave them
    owner_phone: str = ""
    owner_email: str = ""
    kind: str = ""  # the kind of business (a key of ``kinds.toml``): its ideas are suggested
    source: str = ""  # whose exports: "" the owner's own, "demo:<name>" a demo business
    round: int = 1
    customers: list[PlannedCustomer] = field(default_factory=list)
    reward: str = ""
    friend_offer: str = ""
    deadline_choice: str | None = None
    ideal_prospect: str = ""
    rank_by: RankBy = "spend"
    excluded: list[str] = field(default_factory=list)  # keys the owner left out of the round
    notes: str = ""
    suggested: list[str] = field(default_factory=list)  # plan-wide fields the workbook filled in as suggestions
    language: str = DEFAULT  # the language of the plan's documents (see i18n.LANGUAGES)
    currency: str = ""  # the ISO code its amounts are in, when known (from the export, or the owner's setting)
    started: str = field(default_factory=lambda: secrets.token_hex(8))  # this plan apart from one started again

    @property
    def size(self) -> int:
        return round_size(self.round)

    @property
    def deadline(self) -> dt.date | None:
        return deadline_for(self.deadline_choice, self.today) if self.deadline_choice else None

    def reward_for(self, customer: PlannedCustomer) -> str:
        return customer.reward or self.reward

    def offer_for(self, customer: PlannedCustomer) -> str:
        return customer.friend_offer or self.friend_offer

    def gaps(self) -> dict[Step, list[str]]:
        """What still stops the plan from being ready, grouped by the step (a :class:`~.steps.Step`) where each
        is fixed, in plain words ("10 customers still need a contact method"); empty when ready."""
        found: dict[Step, list[str]] = {}

        def gap(step: Step, text: str) -> None:
            found.setdefault(step, []).append(text)

        if not self.business.strip():
            gap(Step.CUSTOMERS, _("The business has no name."))
        if not self.customers:
            gap(Step.CUSTOMERS, _("No customers are chosen yet."))
        if len({c.key for c in self.customers}) != len(self.customers):
            gap(Step.TOP_TEN, _("A customer is in the plan twice."))
        unset = [c.name for c in self.customers if c.method is None]
        if unset:
            gap(Step.CONTACT, _("{name} still needs a contact method.").format(name=unset[0]) if len(unset) == 1 else
                ngettext("{count} customer still needs a contact method.",
                         "{count} customers still need a contact method.", len(unset)).format(count=len(unset)))
        for c in self.customers:
            if c.method is not None and c.method not in CONTACT_METHODS:
                gap(Step.CONTACT, _("{name}: '{method}' is not a contact method.").format(name=c.name, method=c.method))
            elif c.unreachable():
                gap(Step.CONTACT, _(UNREACHABLE[c.method or ""]).format(name=c.name))
        offers = (("reward", self.reward, _("No reward for the referrer yet."), lambda n: ngettext(
                      "{name} has no reward for the referrer (set one for the whole plan).",
                      "{count} customers have no reward for the referrer (set one for the whole plan).", n)),
                  ("friend_offer", self.friend_offer, _("No offer for the friend yet."), lambda n: ngettext(
                      "{name} has no offer for the friend (set one for the whole plan).",
                      "{count} customers have no offer for the friend (set one for the whole plan).", n)))
        for own, plan_wide, nobody_has, some_lack in offers:
            who = [c.name for c in self.customers if not (getattr(c, own) or plan_wide).strip()]
            if who:
                gap(Step.OFFERS, nobody_has if len(who) == len(self.customers) else
                    some_lack(len(who)).format(name=who[0], count=len(who)))
        if self.deadline_choice is None:
            gap(Step.DEADLINE, _("No deadline is chosen: one week or two weeks."))
        elif self.deadline_choice not in DEADLINE_CHOICES:
            gap(Step.DEADLINE, _("'{choice}' is not a deadline: choose one week or two weeks.").format(
                choice=self.deadline_choice))
        elif self.deadline:
            outside = [c for c in self.customers if c.contact_day and not self.today < c.contact_day <= self.deadline]
            if outside:
                gap(Step.DEADLINE, ngettext(
                    "{count} customer is planned outside the challenge (the working days after today, to "
                    "{deadline}).",
                    "{count} customers are planned outside the challenge (the working days after today, to "
                    "{deadline}).",
                    len(outside)).format(count=len(outside), deadline=day(self.deadline, "full")))
        return found

    def problems(self) -> list[str]:
        """Every gap of :meth:`gaps`, one after the other."""
        return [text for texts in self.gaps().values() for text in texts]

    def check(self) -> None:
        """Raise ``PlanError`` listing every problem, if there are any."""
        found = self.problems()
        if found:
            raise PlanError(found)

    def schedule(self) -> dict[dt.date, list[PlannedCustomer]]:
        """Customers by contact day, filling unplanned ones evenly over the working days left."""
        days = contact_days(self.today, self.deadline) if self.deadline else []
        days = days or [self.today]
        plan: dict[dt.date, list[PlannedCustomer]] = {day: [] for day in days}
        unplanned = [c for c in self.customers if c.contact_day is None]
        for customer in self.customers:
            if customer.contact_day is not None:
                plan.setdefault(customer.contact_day, []).append(customer)
        for index, customer in enumerate(unplanned):
            plan[days[index * len(days) // max(len(unplanned), 1)]].append(customer)
        return dict(sorted(plan.items()))

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["schema_version"] = SCHEMA_VERSION
        return _dates_to_text(data)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Plan:
        version = data.get("schema_version", SCHEMA_VERSION)
        if version > SCHEMA_VERSION:
            raise PlanError([_("This plan was saved by a newer version of the workbook (schema {version}).").format(
                version=version)])
        fields = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in fields}
        values["today"] = dt.date.fromisoformat(values["today"])
        values.setdefault("started", "")  # saved before plans said when they started
        values["customers"] = [_customer_from_dict(c) for c in values.get("customers", [])]
        return cls(**values)

    @classmethod
    def from_json(cls, text: str) -> Plan:
        return cls.from_dict(json.loads(text))


def _customer_from_dict(data: dict[str, Any]) -> PlannedCustomer:
    fields = {f.name for f in dataclasses.fields(PlannedCustomer)}
    values = {k: v for k, v in data.items() if k in fields}
    for name in ("first_purchase", "last_purchase", "contact_day"):
        if values.get(name):
            values[name] = dt.date.fromisoformat(values[name])
    return PlannedCustomer(**values)


def _dates_to_text(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _dates_to_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_to_text(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def plan_from_ranking(ranking: list[dict], owner: str, business: str, today: dt.date,
                      round_number: int = 1, method: str | None = None) -> Plan:
    """A new plan holding the round's top customers from ``ranking`` (rows of ``ranking.rank_customers``)."""
    chosen = []
    for row in ranking[:round_size(round_number)]:
        first, last = row.get("first_purchase_date"), row["last_purchase_date"]
        chosen.append(PlannedCustomer(
            key=row["key"], name=row["customer"] or row["email"] or row["key"], email=row["email"],
            phone=row.get("phone"), address=row.get("address"),
            total_spend=row["total_spend"], orders=row["orders"],
            first_purchase=dt.date.fromisoformat(first) if first else None,
            last_purchase=dt.date.fromisoformat(last) if last else None,
            last_product=row["last_product"], method=method,
        ))
    return Plan(owner=owner, business=business, today=today, round=round_number, customers=chosen)

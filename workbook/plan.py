"""The owner's plan: the challenge's five steps as data, checked and saved as JSON."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any


from .deadlines import DEADLINE_CHOICES, deadline_for, working_days
from .errors import PlanError

SCHEMA_VERSION = 1
OUTCOMES = {"agreed": "Agreed to refer", "not_now": "Not now", "no_answer": "No answer", "declined": "Declined"}
CONTACT_METHODS = {
    "phone": "Telephone",
    "visit": "Visit by appointment",
    "drop_in": "Drop in",
    "email": "Email",
    "letter": "Letter",
}
ROUND_SIZES = {1: 10}
NEXT_ROUND_SIZE = 20


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
    last_purchase: dt.date | None = None
    last_product: str | None = None
    method: str | None = None
    contact_day: dt.date | None = None
    reward: str | None = None  # overrides the plan's reward for the referrer
    friend_offer: str | None = None  # overrides the plan's offer for the friend
    ask: str = "pass_number"  # what the customer is asked to do: see coaching.CUSTOMER_ACTIONS
    notes: str = ""
    history: str = ""  # what happened with them in earlier rounds


@dataclass
class Plan:
    """A round of the referral weekend challenge for one owner."""

    owner: str
    business: str
    today: dt.date
    round: int = 1
    customers: list[PlannedCustomer] = field(default_factory=list)
    reward: str = ""
    friend_offer: str = ""
    deadline_choice: str | None = None
    ideal_prospect: str = ""
    rank_by: str = "spend"
    excluded: list[str] = field(default_factory=list)  # keys the owner left out of the round
    notes: str = ""
    suggested: list[str] = field(default_factory=list)  # plan-wide fields the workbook filled in as suggestions

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

    def gaps(self) -> dict[str, list[str]]:
        """What still stops the plan from being ready, grouped by the step (of ``journey.STEPS``) where each
        is fixed, in plain words ("10 customers still need a contact method"); empty when ready."""
        found: dict[str, list[str]] = {}

        def gap(step: str, text: str) -> None:
            found.setdefault(step, []).append(text)

        if not self.business.strip():
            gap("Your customers", "The business has no name.")
        if not self.customers:
            gap("Your customers", "No customers are chosen yet.")
        if len({c.key for c in self.customers}) != len(self.customers):
            gap("Top ten", "A customer is in the plan twice.")
        unset = [c.name for c in self.customers if c.method is None]
        if unset:
            gap("Contact", f"{unset[0]} still needs a contact method." if len(unset) == 1 else
                f"{len(unset)} customers still need a contact method.")
        gap_texts = [f"{c.name}: '{c.method}' is not a contact method." for c in self.customers
                     if c.method is not None and c.method not in CONTACT_METHODS]
        for text in gap_texts:
            gap("Contact", text)
        for what, plan_wide, own in (("reward for the referrer", self.reward, "reward"),
                                     ("offer for the friend", self.friend_offer, "friend_offer")):
            lacking = [c.name for c in self.customers if not (getattr(c, own) or plan_wide).strip()]
            if lacking and len(lacking) == len(self.customers):
                gap("Offers", f"No {what} yet.")
            elif lacking:
                who = lacking[0] if len(lacking) == 1 else f"{len(lacking)} customers"
                gap("Offers", f"{who} {'has' if len(lacking) == 1 else 'have'} no {what} (set one for the whole plan).")
        if self.deadline_choice is None:
            gap("Deadline", "No deadline is chosen: one week or two weeks.")
        elif self.deadline_choice not in DEADLINE_CHOICES:
            gap("Deadline", f"'{self.deadline_choice}' is not a deadline: choose one week or two weeks.")
        elif self.deadline:
            outside = [c for c in self.customers if c.contact_day and not self.today <= c.contact_day <= self.deadline]
            if outside:
                gap("Deadline", f"{len(outside)} customer{'s are' if len(outside) > 1 else ' is'} planned outside "
                                f"the challenge (today to {self.deadline:%A %d %B}).")
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
        days = working_days(self.today - dt.timedelta(days=1), self.deadline or self.today)
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
            raise PlanError([f"This plan was saved by a newer version (schema {version})."])
        fields = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in fields}
        values["today"] = dt.date.fromisoformat(values["today"])
        values["customers"] = [_customer_from_dict(c) for c in values.get("customers", [])]
        return cls(**values)

    @classmethod
    def from_json(cls, text: str) -> Plan:
        return cls.from_dict(json.loads(text))


def _customer_from_dict(data: dict[str, Any]) -> PlannedCustomer:
    fields = {f.name for f in dataclasses.fields(PlannedCustomer)}
    values = {k: v for k, v in data.items() if k in fields}
    for name in ("last_purchase", "contact_day"):
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
        last = row["last_purchase_date"]
        chosen.append(PlannedCustomer(
            key=row["key"], name=row["customer"] or row["email"] or row["key"], email=row["email"],
            phone=row.get("phone"), address=row.get("address"),
            total_spend=row["total_spend"], orders=row["orders"],
            last_purchase=dt.date.fromisoformat(last) if last else None,
            last_product=row["last_product"], method=method,
        ))
    return Plan(owner=owner, business=business, today=today, round=round_number, customers=chosen)

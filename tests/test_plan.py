import datetime as dt
import json

import pytest
from conftest import DATA

from workbook.challenge.deadlines import deadline_options, working_days
from workbook.challenge.plan import Plan, PlannedCustomer, plan_from_ranking
from workbook.challenge.ranking import rank_customers
from workbook.errors import PlanError
from workbook.exports import load_sales

FRIDAY = dt.date(2026, 11, 27)


@pytest.mark.parametrize("offset, one_week", [
    (0, 7), (1, 6), (2, 5), (3, 11), (4, 10), (5, 9), (6, 8),  # Friday, Saturday, ... Thursday
])
def test_deadlines_for_every_weekday(offset, one_week):
    """The method's rule: "one week" is the first Friday at least five days away, "two weeks" the one after."""
    today = FRIDAY + dt.timedelta(days=offset)
    options = deadline_options(today)
    assert (options["one_week"] - today).days == one_week
    assert (options["two_weeks"] - today).days == one_week + 7
    assert options["one_week"].weekday() == options["two_weeks"].weekday() == 4
    fridays = [today + dt.timedelta(days=n) for n in range(5, 12) if (today + dt.timedelta(days=n)).weekday() == 4]
    assert options["one_week"] == fridays[0]  # counted independently: the first Friday from day five on


@pytest.mark.parametrize("offset", range(7))
def test_the_schedule_starts_on_the_next_working_day(offset):
    today = FRIDAY + dt.timedelta(days=offset)
    plan = Plan(owner="o", business="b", today=today, deadline_choice="one_week",
                customers=[PlannedCustomer(key=f"k{n}", name=f"C {n}") for n in range(10)])
    days = [when for when, customers in plan.schedule().items() if customers]
    following = next(today + dt.timedelta(days=n) for n in range(1, 4) if (today + dt.timedelta(days=n)).weekday() < 5)
    assert days[0] == following and days[-1] <= plan.deadline
    assert all(d.weekday() < 5 for d in days)


def test_working_days_skip_weekends():
    days = working_days(FRIDAY, FRIDAY + dt.timedelta(days=7))
    assert [d.isoformat() for d in days] == ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"]


@pytest.fixture
def plan():
    ranking = rank_customers(load_sales(DATA / "riverside-physio-sales.csv").sales)
    return plan_from_ranking(ranking, owner="owner-1", business="Riverside Physiotherapy", today=FRIDAY)


def test_a_new_plan_holds_the_top_ten_and_says_what_is_missing(plan):
    assert len(plan.customers) == 10
    assert plan.gaps() == {"contact": ["10 customers still need a contact method."],
                           "offers": ["No reward for the referrer yet.", "No offer for the friend yet."],
                           "deadline": ["No deadline is chosen: one week or two weeks."]}
    assert plan.problems()[-1] == "No deadline is chosen: one week or two weeks."
    for customer in plan.customers[1:]:
        customer.method, customer.reward = "phone", "A book"
    assert plan.gaps()["contact"] == [f"{plan.customers[0].name} still needs a contact method."]
    assert plan.gaps()["offers"] == [f"{plan.customers[0].name} has no reward for the referrer (set one for the "
                                     "whole plan).",
                                     "No offer for the friend yet."]
    with pytest.raises(PlanError):
        plan.check()


def test_round_two_asks_twenty():
    ranking = rank_customers(load_sales(DATA / "riverside-physio-sales.csv").sales)
    assert len(plan_from_ranking(ranking, "o", "b", FRIDAY, round_number=2).customers) == 20


@pytest.mark.parametrize("method, needs", [("phone", "phone"), ("email", "email"), ("visit", "address"),
                                           ("letter", "address")])
def test_a_customer_the_chosen_method_cannot_reach_is_a_gap(plan, method, needs):
    for customer in plan.customers:
        customer.method, customer.phone, customer.email, customer.address = "drop_in", None, None, None
    plan.reward, plan.friend_offer, plan.deadline_choice = "Dinner for two", "A free first assessment", "one_week"
    assert not plan.gaps()  # dropping in needs nothing written down
    plan.customers[3].method = method
    gaps = plan.gaps()
    assert list(gaps) == ["contact"] and plan.customers[3].name in gaps["contact"][0]
    setattr(plan.customers[3], needs, "+44 20 7946 0001" if needs == "phone" else "ann@example.org"
            if needs == "email" else "4 Mill Lane")
    assert not plan.gaps()


def test_a_complete_plan_is_ready_and_survives_json(plan):
    for customer in plan.customers:
        customer.method = "phone"
    plan.customers[0].method, plan.customers[0].address = "visit", "4 Mill Lane"
    plan.customers[1].reward = "A signed cookbook"
    plan.reward, plan.friend_offer, plan.deadline_choice = "Dinner for two", "A free first assessment", "one_week"
    plan.customers[2].contact_day = dt.date(2026, 12, 1)
    plan.check()
    assert plan.deadline == dt.date(2026, 12, 4)
    assert plan.reward_for(plan.customers[1]) == "A signed cookbook"
    again = Plan.from_json(plan.to_json())
    assert again == plan
    assert json.loads(plan.to_json())["schema_version"] == 1


def test_contact_days_must_fall_inside_the_challenge(plan):
    for customer in plan.customers:
        customer.method = "phone"
    plan.reward, plan.friend_offer, plan.deadline_choice = "r", "o", "one_week"
    plan.customers[0].contact_day = dt.date(2027, 1, 1)
    assert any("outside the challenge" in p for p in plan.problems())


def test_schedule_spreads_customers_over_working_days(plan):
    plan.deadline_choice = "one_week"
    schedule = plan.schedule()
    assert all(day.weekday() < 5 for day in schedule)
    assert sum(len(v) for v in schedule.values()) == 10
    assert max(schedule) <= plan.deadline


def test_newer_schema_is_refused(plan):
    data = plan.to_dict()
    data["schema_version"] = 99
    with pytest.raises(PlanError):
        Plan.from_dict(data)

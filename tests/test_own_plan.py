"""The owner's own plan: their business, their details, their customers, and nothing of another business.

A hairdresser tries the demo bakery, then brings her own till sheet (``owners/salon_takings.csv``: Date, Client,
Service, Price; no phones; walk-ins). Expected answers come from the sheet itself, read here with the csv module.
"""

import csv
import datetime as dt
import io
from collections import defaultdict
from pathlib import Path

import openpyxl
import pytest
from conftest import DATA
from icalendar import Calendar
from pypdf import PdfReader

from workbook.business import details, save_details
from workbook.challenge.coaching import anticipate_prompt, email_draft, talk_track
from workbook.challenge.kinds import ideas
from workbook.documents.render import call_sheet_xlsx, plan_html, plan_ics, plan_pdf
from workbook.journey import (
    add_customer,
    choose_kind,
    edit_customer,
    import_export,
    rechoose,
    update_customer,
    update_plan,
)
from workbook.settings import WORKSHOP_ENV
from workbook.store import Store

SALON = Path(__file__).parent / "owners" / "salon_takings.csv"
BAKERY = DATA / "crumb-and-co-bakery-shopify-orders.csv"
TODAY = dt.date(2026, 11, 28)  # a Saturday: the weekend of the challenge
BAKERS_WORDS = ("families nearby who order cakes for birthdays", "A box of pastries", "A cookbook of our own")


def top_ten_by_hand() -> list[str]:
    """The sheet's ten best clients by what they paid, worked out from its cells (walk-ins are nobody)."""
    spent: dict[str, float] = defaultdict(float)
    with SALON.open(newline="") as sheet:
        for row in csv.DictReader(sheet):
            if row["Client"] != "Walk-in":
                spent[row["Client"]] += float(row["Price"])
    return sorted(spent, key=lambda name: -spent[name])[:10]


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "workbook.sqlite") as opened:
        yield opened


def demo_first(store: Store) -> None:
    """What she does with the demo bakery before her own sheet: its ideal customer, reward and friend offer."""
    assert not import_export(store, "mira", BAKERY, demo="Crumb & Co. Bakery", today=TODAY).error
    update_plan(store, "mira", ideal_prospect=BAKERS_WORDS[0], friend_offer=BAKERS_WORDS[1], reward=BAKERS_WORDS[2],
                deadline_choice="one_week")


def test_her_own_sheet_gives_her_plan_not_the_bakerys(store):
    demo_first(store)
    bakery = store.load_plan("mira")
    assert bakery.business == "Crumb & Co. Bakery" and bakery.owner_name  # the demo's own (fictional) details
    save_details(store, "mira", business="Salon Mira", owner_name="Mira Hale", owner_phone="+44 20 7946 0123",
                 owner_email="mira@salonmira.example")
    assert store.load_plan("mira").business == "Crumb & Co. Bakery"  # her details are hers, not the demo's
    outcome = import_export(store, "mira", SALON, today=TODAY)
    assert not outcome.error
    plan = store.load_plan("mira")
    assert plan.business == "Salon Mira" and (plan.owner_name, plan.owner_phone) == ("Mira Hale", "+44 20 7946 0123")
    assert [c.name for c in plan.customers] == top_ten_by_hand()  # and no "Walk-in"
    assert plan.kind == "beauty" and plan.reward == ideas("beauty", "reward")[0]
    assert plan.ideal_prospect == "" and plan.deadline_choice == "one_week"  # the deadline is hers, not the bakery's
    everything = plan_html(plan) + "".join(" ".join(talk_track(plan, c, c.ask)) for c in plan.customers)
    assert not any(words in everything for words in BAKERS_WORDS) and "salon_takings" not in everything
    assert "Salon Mira: referral plan, round 1" in plan_html(plan)


def test_what_she_writes_for_each_business_stays_with_it(store):
    demo_first(store)
    import_export(store, "mira", SALON, today=TODAY)
    update_plan(store, "mira", friend_offer="A free fringe trim")
    import_export(store, "mira", BAKERY, demo="Crumb & Co. Bakery", today=TODAY)  # back to the bakery
    bakery = store.load_plan("mira")
    assert (bakery.ideal_prospect, bakery.friend_offer, bakery.reward) == BAKERS_WORDS
    import_export(store, "mira", SALON, today=TODAY)
    salon = store.load_plan("mira")
    assert salon.friend_offer == "A free fringe trim" and salon.ideal_prospect == ""
    assert salon.reward == ideas("beauty", "reward")[0] and "reward" in salon.suggested


def test_the_numbers_she_types_go_everywhere_and_survive_a_new_reading(store):
    save_details(store, "mira", business="Salon Mira", owner_name="Mira Hale", owner_phone="+44 20 7946 0123")
    import_export(store, "mira", SALON, today=TODAY)
    plan = store.load_plan("mira")
    first, second = plan.customers[0], plan.customers[1]
    for customer in plan.customers:
        update_customer(store, "mira", customer.key, method="phone")
    gaps = store.load_plan("mira").gaps()
    assert len(gaps["contact"]) == 10 and first.name in gaps["contact"][0]  # telephone, and no number to call
    edit_customer(store, "mira", first.key, phone="+44 7700 900111")
    edit_customer(store, "mira", second.key, phone="+44 7700 900222", address="12 Orchard Row")
    with pytest.raises(ValueError, match="phone number"):
        edit_customer(store, "mira", second.key, phone="call her")
    for customer in plan.customers[2:]:
        update_customer(store, "mira", customer.key, method="drop_in")
    update_plan(store, "mira", deadline_choice="two_weeks")
    import_export(store, "mira", SALON, today=TODAY)  # read again: her numbers and choices stay
    plan = store.load_plan("mira")
    assert not plan.gaps(), plan.gaps()
    assert plan.customers[0].phone == "+44 7700 900111" and plan.customers[1].address == "12 Orchard Row"
    assert plan.customers[0].method == "phone" and plan.customers[2].method == "drop_in"
    sheet = openpyxl.load_workbook(io.BytesIO(call_sheet_xlsx(plan))).active
    phones = {row[1]: row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert "+44 7700 900111" in phones[first.name] and "+44 7700 900222" in phones[second.name]
    events = [str(e.get("description")) for e in Calendar.from_ical(plan_ics(plan)).walk("VEVENT")]
    assert any("+44 7700 900111" in e for e in events) and any("+44 20 7946 0123" in e for e in events)
    pdf = "".join(page.extract_text() for page in PdfReader(io.BytesIO(plan_pdf(plan))).pages)
    assert "Salon Mira" in pdf and "+44 7700 900111" in pdf and "Mira Hale" in pdf


def test_the_email_draft_gives_her_number_and_signs_with_her_name(store):
    save_details(store, "mira", business="Salon Mira", owner_name="Mira Hale", owner_phone="+44 20 7946 0123",
                 owner_email="mira@salonmira.example")
    import_export(store, "mira", SALON, today=TODAY)
    customer = store.load_plan("mira").customers[0]
    plan = update_customer(store, "mira", customer.key, method="email")
    subject, body = email_draft(plan, plan.customers[0])
    assert "Salon Mira" in subject and "+44 20 7946 0123" in body and body.rstrip().endswith(
        "Mira Hale\nSalon Mira\n+44 20 7946 0123 · mira@salonmira.example")
    assert "I'll be honest" not in body  # written, not said
    assert talk_track(plan, plan.customers[1])[0].count("I'll be honest") == 1  # said aloud


def test_a_customer_in_no_export_is_added_and_stays(store):
    import_export(store, "mira", SALON, today=TODAY)
    plan = add_customer(store, "mira", "Gwen Tallis", phone="+44 7700 900333")
    assert plan.customers[0].name == "Gwen Tallis" and len(plan.customers) == 10
    assert top_ten_by_hand()[9] not in [c.name for c in plan.customers]  # in the place of the last one ranked
    import_export(store, "mira", SALON, today=TODAY)
    plan = rechoose(store, "mira", rank_by="spend_12m")
    assert plan.customers[0].name == "Gwen Tallis" and plan.customers[0].phone == "+44 7700 900333"
    with pytest.raises(ValueError):
        add_customer(store, "mira", "  ")


def test_the_kind_of_business_is_changed_in_one_step_and_kept(store):
    import_export(store, "mira", SALON, today=TODAY)
    update_plan(store, "mira", reward="Tickets to the ballet")
    plan = choose_kind(store, "mira", "studios")
    assert plan.friend_offer == ideas("studios", "friend_offer")[0] and plan.reward == "Tickets to the ballet"
    import_export(store, "mira", SALON, today=TODAY)
    assert store.load_plan("mira").kind == "studios" and details(store, "mira")["kind"] == "studios"


def test_the_same_customer_gets_the_same_prompt_wherever_the_list_puts_them(store):
    import_export(store, "mira", SALON, today=TODAY)
    by_spend = {c.key: anticipate_prompt(c, TODAY) for c in store.load_plan("mira").customers}
    by_year = {c.key: anticipate_prompt(c, TODAY) for c in rechoose(store, "mira", rank_by="orders").customers}
    assert all(by_year[key] == prompt for key, prompt in by_spend.items() if key in by_year)
    assert all("every" in prompt for prompt in by_spend.values())  # every client here comes back: their rhythm


def test_a_participant_is_asked_their_name_once_at_the_door(store, monkeypatch):
    from workbook.workshop.participants import join

    monkeypatch.setenv(WORKSHOP_ENV, "SALON-26")
    mira = join(store, "salon-26", "Mira Hale")
    assert details(store, mira.id)["owner_name"] == "Mira Hale"
    save_details(store, mira.id, business="Salon Mira")
    import_export(store, mira.id, SALON, today=TODAY)
    plan = store.load_plan(mira.id)
    assert (plan.business, plan.owner_name) == ("Salon Mira", "Mira Hale")

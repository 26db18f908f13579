"""The follow-through rules and log, with every figure worked out again here by hand."""

import csv
import datetime as dt
import io
import json
import re
import subprocess
import sys

import openpyxl
import pytest
from conftest import DATA, ROOT
from icalendar import Calendar

from workbook.documents.logsheets import log_files
from workbook.errors import InputError
from workbook.follow.followthrough import (
    checklist,
    find,
    follow_ups,
    generations,
    gift_warning,
    record,
    report,
    thanks_due,
)
from workbook.follow.logbook import Logbook, Referral
from workbook.journey import import_export, set_defaults, start_next_round
from workbook.settings import DATA_ENV
from workbook.store import Store

FRIDAY = dt.date(2026, 11, 27)


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv(DATA_ENV, str(tmp_path))
    with Store(tmp_path / "workbook.sqlite") as opened:
        import_export(opened, "owner", DATA / "crumb-and-co-bakery-shopify-orders.csv", "Crumb & Co. Bakery",
                      today=FRIDAY)
        set_defaults(opened, "owner", reward="Dinner for two", friend_offer="A free cake tasting",
                     deadline_choice="one_week", method="phone")
        yield opened


def referral(id, referrer, name, friend, day, gift="", **more):
    return Referral(id=id, round=1, referrer=referrer, referrer_name=name, friend=friend, received_on=day,
                    gift=gift, **more)


def test_overdue_is_past_the_planned_day_or_the_deadline(store):
    plan = store.load_plan("owner")
    first, second = plan.customers[0], plan.customers[1]
    Logbook(store, "owner").record_contact(1, first.key, dt.date(2026, 11, 30), "phone", "agreed")
    contacts = Logbook(store, "owner").contacts(1)
    monday = dt.date(2026, 11, 30)
    items = {i.customer.key: i for i in checklist(plan, contacts, monday)}
    assert items[first.key].status == "done"
    for item in items.values():
        if item.customer.key != first.key:
            expected = "overdue" if item.day < monday else "today" if item.day == monday else "planned"
            assert item.status == expected, item
    after = checklist(plan, contacts, plan.deadline + dt.timedelta(days=1))
    assert {i.status for i in after} == {"done", "overdue"}
    assert sum(i.status == "overdue" for i in after) == len(plan.customers) - 1
    assert second.key in {i.customer.key for i in after if i.status == "overdue"}


def test_thanks_are_due_the_same_day_and_gifts_are_never_repeated():
    day = dt.date(2026, 12, 1)
    given = referral(1, "email:ann@x", "Ann", "Bo", day, gift="Knife set", thanked_on=day, gift_on=day)
    waiting = referral(2, "email:ann@x", "Ann", "Cy", day + dt.timedelta(days=2))
    other = referral(3, "email:dee@x", "Dee", "Ed", day + dt.timedelta(days=3))
    assert thanks_due([given, waiting, other], day + dt.timedelta(days=3)) == [(waiting, 1), (other, 0)]
    warning = gift_warning([given, waiting, other], "email:ann@x", "  knife SET ", referral_id=2)
    assert warning and "Ann has had" in warning and "Knife set on 1 Dec 2026" in warning
    assert gift_warning([given, waiting], "email:ann@x", "Boxing gloves", 2) is None
    assert gift_warning([given, other], "email:dee@x", "Knife set", 3) is None  # Dee never had it
    assert gift_warning([given], "email:ann@x", "Knife set", referral_id=1) is None  # the same gift, re-saved


def test_the_chain_counts_generations():
    day = dt.date(2026, 12, 1)
    chain = [referral(1, "email:ann@x", "Ann", "Bo", day), referral(2, "referral:1", "Bo", "Cy", day),
             referral(3, "referral:2", "Cy", "Di", day), referral(4, "source:1", "Lee (banker)", "Eve", day),
             referral(5, "referral:5", "Odd", "Loop", day)]
    assert generations(chain) == {1: 1, 2: 2, 3: 3, 4: 1, 5: 1}


def test_results_are_the_sums_of_the_log(store):
    plan = store.load_plan("owner")
    names = [c.name for c in plan.customers]
    record(store, "owner", "contact", {"customer": names[0], "outcome": "agreed"}, dt.date(2026, 11, 30))
    record(store, "owner", "contact", {"customer": names[1], "outcome": "agreed", "method": "visit"},
           dt.date(2026, 11, 30))
    record(store, "owner", "contact", {"customer": names[2].upper(), "outcome": "no_answer"}, dt.date(2026, 12, 1))
    record(store, "owner", "referral", {"by": names[0], "friend": "Pat Doe"}, dt.date(2026, 12, 1))
    record(store, "owner", "referral", {"by": names[0], "friend": "Lee Roe"}, dt.date(2026, 12, 2))
    record(store, "owner", "referral", {"by": names[1], "friend": "Mo Ray"}, dt.date(2026, 12, 2))
    record(store, "owner", "referral", {"by": "pat doe", "friend": "Sam Ng"}, dt.date(2026, 12, 3))
    record(store, "owner", "conversion", {"friend": "Pat Doe", "value": 120.5}, dt.date(2026, 12, 2))
    record(store, "owner", "conversion", {"friend": "Mo Ray", "value": 80}, dt.date(2026, 12, 3))
    record(store, "owner", "thanks", {"friend": "Pat Doe", "how": "card", "gift": "Knife set"}, dt.date(2026, 12, 1))
    _, warning = record(store, "owner", "thanks", {"friend": "Lee Roe", "gift": "knife set"}, dt.date(2026, 12, 2))
    assert warning and "Knife set" in warning
    record(store, "owner", "source", {"name": "Ann Law", "profession": "attorney", "for_them": "clients"},
           dt.date(2026, 12, 3))
    record(store, "owner", "referral", {"by": "Ann Law", "friend": "Vi Tan"}, dt.date(2026, 12, 4))
    record(store, "owner", "health", {"customer": names[0], "recommended": "yes"}, dt.date(2026, 12, 4))
    record(store, "owner", "health", {"customer": names[2], "recommended": "no"}, dt.date(2026, 12, 4))
    record(store, "owner", "health", {"customer": names[2], "recommended": "yes"}, dt.date(2026, 12, 5))

    figures = report(store, "owner", dt.date(2026, 12, 5))
    assert figures["contacts_made"] == 3 and figures["agreed"] == 2 and figures["planned"] == 10
    assert figures["referrals"] == 5 and figures["converted"] == 2
    assert figures["conversion_rate"] == round(2 / 5, 3) and figures["referral_revenue"] == 200.5
    # by method: names[0] by phone (2 referrals), names[1] by visit (1); Pat and Ann are not plan customers
    assert figures["referrals_by_method"] == {"Telephone": 2, "Visit by appointment": 1}
    assert figures["referrals_by_offer"] == {"Dinner for two": 3}
    assert figures["top_referrers"][0] == {"name": names[0], "referrals": 2}
    assert figures["chain_depth"] == 2
    assert [t["friend"] for t in figures["thanks_due"]] == ["Mo Ray", "Sam Ng", "Vi Tan"]
    assert figures["health_check"] == {"asked": 2, "advocates": 2, "share": 1.0}  # the latest answer counts
    assert len(figures["overdue"]) == 10 - 3  # after the deadline (Fri 4 Dec), everyone not contacted


def test_names_must_be_known_and_clear(store):
    with pytest.raises(InputError, match="No customer in the plan called 'Nobody'"):
        record(store, "owner", "contact", {"customer": "Nobody", "outcome": "agreed"}, FRIDAY)
    with pytest.raises(InputError, match="say who was referred"):
        record(store, "owner", "referral", {"by": store.load_plan("owner").customers[0].name, "friend": "  "}, FRIDAY)
    with pytest.raises(InputError, match="say who referred them"):
        record(store, "owner", "referral", {"by": "", "friend": "Pat Doe"}, FRIDAY)
    with pytest.raises(InputError, match="name and profession"):
        record(store, "owner", "source", {"name": "  ", "profession": "attorney"}, FRIDAY)
    with pytest.raises(InputError, match="More than one"):
        find({"a": "Sam", "b": "sam"}, "SAM", "person")
    with pytest.raises(InputError, match="there is no plan yet"):
        report(store, "someone-else", FRIDAY)


def test_the_log_exports_are_complete_and_safe(store):
    plan = store.load_plan("owner")
    record(store, "owner", "contact", {"customer": plan.customers[0].name, "outcome": "agreed",
                                       "notes": "=HYPERLINK(\"http://x\")"}, dt.date(2026, 11, 30))
    record(store, "owner", "referral", {"by": plan.customers[0].name, "friend": "+Pat Doe"}, dt.date(2026, 12, 1))
    record(store, "owner", "conversion", {"friend": "+Pat Doe", "value": 50}, dt.date(2026, 12, 1))
    files = log_files(store, "owner", dt.date(2026, 12, 1))
    rows = list(csv.DictReader(io.StringIO(files["log.csv"].decode("utf-8-sig"))))
    assert sum(r["Part"] == "Contacts" for r in rows) == 10
    assert next(r for r in rows if r["Part"] == "Referrals")["Friend"] == "'+Pat Doe"
    assert any(r["Notes"].startswith("'=HYPERLINK") for r in rows)
    book = openpyxl.load_workbook(io.BytesIO(files["log.xlsx"]))
    assert book.sheetnames == ["Contacts", "Referrals", "Sources", "Health check"]
    assert book["Referrals"]["C2"].value == "+Pat Doe" and book["Referrals"]["C2"].data_type == "s"  # text, not run
    events = [e for e in Calendar.from_ical(files["follow-ups.ics"]).walk("VEVENT")]
    summaries = [str(e["summary"]) for e in events]
    assert sum(s.startswith("Contact ") for s in summaries) == 9
    assert f"Thank {plan.customers[0].name}" in summaries and "Ask +Pat Doe for a referral" in summaries
    assert "Referral challenge deadline" in summaries
    ask = next(e for e in events if str(e["summary"]).startswith("Ask "))
    assert ask.decoded("dtstart") == dt.date(2026, 12, 15)  # two weeks after they became a customer
    assert follow_ups(plan, {}, [], plan.deadline + dt.timedelta(days=1))[-1][1] != "Referral challenge deadline"


def test_the_next_round_is_the_top_twenty_and_carries_over_what_worked(store):
    plan = store.load_plan("owner")
    first, second = plan.customers[0], plan.customers[1]
    store.save_plan("owner", plan)
    record(store, "owner", "contact", {"customer": first.name, "outcome": "agreed", "method": "visit"},
           dt.date(2026, 11, 30))
    record(store, "owner", "contact", {"customer": second.name, "outcome": "declined"}, dt.date(2026, 11, 30))
    record(store, "owner", "referral", {"by": first.name, "friend": "Pat Doe"}, dt.date(2026, 12, 1))
    fresh = start_next_round(store, "owner", dt.date(2026, 12, 11))
    assert fresh.round == 2 and len(fresh.customers) == 20 and store.step("owner") == 2
    assert store.load_plan("owner") == fresh
    again = {c.key: c for c in fresh.customers}
    assert again[first.key].method == "visit"  # the method that brought a referral
    assert again[first.key].history == "Round 1: agreed to refer; 1 referral."
    assert again[second.key].history == "Round 1: declined; 0 referrals."
    assert again[plan.customers[2].key].history == "Round 1: not contacted."
    new = [c for c in fresh.customers if c.key not in {p.key for p in plan.customers}]
    assert len(new) == 10 and {c.method for c in new} == {"visit"}  # what worked best, for the new ones
    assert fresh.reward == "Dinner for two" and fresh.deadline_choice is None
    assert [p.round for p in Logbook(store, "owner").past_plans()] == [1]
    assert report(store, "owner", dt.date(2026, 12, 11))["referrals"] == 0  # round 2 starts at zero


def workbook(*args):
    return subprocess.run([sys.executable, "-m", "workbook", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


@pytest.mark.slow
def test_the_command_line_records_reports_and_exports(store, tmp_path):
    name = store.load_plan("owner").customers[0].name
    where = ("--data-dir", str(tmp_path))
    done = workbook("record", "contact", name.lower(), "--outcome", "agreed", "--on", "2026-11-30", *where)
    assert done.returncode == 0
    done = workbook("record", "referral", "--by", name, "--friend", "Pat Doe", "--on", "2026-12-01", *where)
    assert done.returncode == 0 and f"Thank {name} today" in done.stdout
    workbook("record", "thanks", "Pat Doe", "--gift", "Knife set", "--on", "2026-12-01", *where)
    workbook("record", "referral", "--by", name, "--friend", "Lee Roe", "--on", "2026-12-02", *where)
    repeat = workbook("record", "thanks", "Lee Roe", "--gift", "Knife Set", "--on", "2026-12-02", *where)
    assert repeat.returncode == 0 and "warning" in repeat.stderr and "Knife set on 1 Dec 2026" in repeat.stderr
    unknown = workbook("record", "conversion", "Nobody", "--value", "10", *where)
    assert unknown.returncode == 3 and "No referred friend called 'Nobody'" in unknown.stderr
    assert "Traceback" not in unknown.stderr
    negative = workbook("record", "conversion", "Pat Doe", "--value", "-5", *where)
    assert negative.returncode == 3 and "0 or more" in negative.stderr
    figures = json.loads(workbook("report", "--format", "json", "--on", "2026-12-02", *where).stdout)
    assert figures["referrals"] == 2 and figures["contacts_made"] == 1 and figures["thanks_due"] == []
    table = workbook("report", "--on", "2026-12-02", *where).stdout
    assert re.search(r"Contacts made: +1 of 10", table) and re.search(r"Referrals: +2", table)
    out = tmp_path / "log"
    assert workbook("export-log", "--out", str(out), *where).returncode == 0
    assert sorted(p.name for p in out.iterdir()) == ["follow-ups.ics", "log.csv", "log.xlsx"]
    over = workbook("export-log", "--out", str(out / "log.csv"), *where)
    assert over.returncode == 3 and "names a file" in over.stderr and "Traceback" not in over.stderr
    nowhere = workbook("report", "--data-dir", str(tmp_path / "none"))
    assert nowhere.returncode == 3 and "there is no store" in nowhere.stderr


def test_the_code_on_a_friend_card_says_who_referred(store):
    from workbook.follow.cards import card_code

    plan = store.load_plan("owner")
    third = plan.customers[2]
    code = card_code("owner", third.key)
    said, _warning = record(store, "owner", "referral", {"friend": "Noor Haddad", "by": "",
                                                         "code": f" {code[:3].lower()}-{code[3:]} "}, FRIDAY)
    assert said.startswith(f"{third.name} referred Noor Haddad")  # as typed: any case, with a dash and spaces
    record(store, "owner", "referral", {"friend": "Ivo Petrov", "by": code}, FRIDAY)  # the CLI's --by takes it too
    assert [r.referrer for r in Logbook(store, "owner").referrals()] == [third.key, third.key]
    with pytest.raises(InputError, match="no friend card has the code 'ZZZZZZ'"):
        record(store, "owner", "referral", {"friend": "Ada Lin", "by": plan.customers[0].name, "code": "ZZZZZZ"},
               FRIDAY)
    assert card_code("someone-else", third.key) != code  # another business's cards are not this one's

import csv
import datetime as dt
import io

import openpyxl
import pytest
from icalendar import Calendar
from pypdf import PdfReader

from conftest import DATA
from workbook.coaching import anticipate_prompt, discount_note, since, talk_track
from workbook.documents import (CALL_SHEET_COLUMNS, DOWNLOADS, call_sheet_csv, plan_html, plan_ics, plan_pdf)
from workbook.importer import load_sales
from workbook.plan import plan_from_ranking
from workbook.ranking import rank_customers

TODAY = dt.date(2026, 11, 27)
EVIL = "<img src=x onerror=alert(1)>"


@pytest.fixture
def plan():
    ranking = rank_customers(load_sales(DATA / "riverside-physio-sales.csv").sales)
    plan = plan_from_ranking(ranking, "o", "Riverside & <Sons>", TODAY, method="phone")
    plan.customers[0].name = EVIL
    plan.customers[1].name = '=HYPERLINK("http://evil","x")'
    plan.customers[2].reward = "@SUM(A1)"
    plan.reward, plan.friend_offer, plan.deadline_choice = "Dinner for two", "A free first assessment", "two_weeks"
    plan.ideal_prospect = "runners training for their first marathon"
    plan.check()
    return plan


def test_html_escapes_every_user_text(plan):
    page = plan_html(plan)
    assert EVIL not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "Riverside &amp; &lt;Sons&gt;" in page
    assert "Fri 11 Dec 2026" in page  # two weeks from Friday 27 November


def test_pdf_holds_names_as_text(plan):
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(plan_pdf(plan))).pages)
    assert EVIL in text and plan.customers[3].name in text
    assert "runners training for their first marathon" in text


def test_calendar_has_one_event_per_contact_and_the_deadline(plan):
    calendar = Calendar.from_ical(plan_ics(plan))
    events = calendar.walk("VEVENT")
    assert len(events) == len(plan.customers) + 1
    days = sorted(e.decoded("dtstart") for e in events)
    assert days[0] >= TODAY and days[-1] == dt.date(2026, 12, 11)
    assert all(d.weekday() < 5 for d in days)
    assert len({str(e["uid"]) for e in events}) == len(events)


def test_call_sheets_are_safe_against_formulas(plan):
    rows = list(csv.reader(io.StringIO(call_sheet_csv(plan))))
    assert rows[0] == list(CALL_SHEET_COLUMNS) and len(rows) == 11
    cells = [cell for row in rows[1:] for cell in row]
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in cells and "'@SUM(A1)" in cells
    book = openpyxl.load_workbook(io.BytesIO(DOWNLOADS["call-sheet.xlsx"][1](plan)))
    values = [c for row in book.active.iter_rows(min_row=2) for c in row]
    assert not any(c.data_type == "f" for c in values)
    assert any(c.value == "'=HYPERLINK(\"http://evil\",\"x\")" for c in values)


def test_talk_track_follows_the_four_steps(plan):
    customer = plan.customers[4]
    track = talk_track(plan, customer, "introduce")
    assert len(track) == 5
    assert customer.name.split()[0] in track[0] and customer.last_product in track[0]
    assert "runners training for their first marathon" in track[2]
    assert "A free first assessment" in track[3] and "three-way introduction" in track[4]


def test_coaching_notes():
    assert since(dt.date(2026, 11, 20), TODAY) == "7 days ago"
    assert since(dt.date(2026, 8, 27), TODAY) == "3 months ago"
    assert discount_note("10% off your next visit") and discount_note("A signed book") is None


def test_anticipate_prompt(plan):
    assert plan.customers[4].last_product in anticipate_prompt(plan.customers[4], TODAY)


def test_fewer_customers_than_the_round_is_explained(plan):
    from workbook.html import round_note

    assert round_note(plan) == ""
    plan.customers = plan.customers[:4]
    assert "4 customers" in round_note(plan) and "ask all of them" in round_note(plan)

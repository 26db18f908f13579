import csv
import datetime as dt
import io

import openpyxl
import pytest
from conftest import DATA
from icalendar import Calendar
from pypdf import PdfReader

from workbook.challenge.coaching import anticipate_prompt, discount_note, first_name, plain_product, since, talk_track
from workbook.challenge.plan import plan_from_ranking
from workbook.challenge.ranking import rank_customers
from workbook.documents.render import CALL_SHEET_COLUMNS, DOWNLOADS, call_sheet_csv, plan_html, plan_ics, plan_pdf
from workbook.exports import load_sales
from workbook.i18n import speaking

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
    assert "Fri, 11 Dec 2026" in page  # two weeks from Friday 27 November


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
    book = openpyxl.load_workbook(io.BytesIO(DOWNLOADS["call-sheet.xlsx"].render(plan)))
    values = [c for row in book.active.iter_rows(min_row=2) for c in row]
    assert not any(c.data_type == "f" for c in values)  # text cells: what was written, never run
    assert any(c.value == '=HYPERLINK("http://evil","x")' and c.data_type == "s" for c in values)


def test_call_sheets_keep_phone_numbers_as_written_and_print_well(plan):
    plan.customers[3].phone, plan.owner_phone = "+1 206-555-0154", "+1 206-555-0100"
    rows = list(csv.reader(io.StringIO(call_sheet_csv(plan))))
    assert "+1 206-555-0154" in [row[2] for row in rows]  # no apostrophe in front of a phone number
    assert dt.date.fromisoformat(rows[1][0]) >= TODAY  # days as ISO dates
    sheet = openpyxl.load_workbook(io.BytesIO(DOWNLOADS["call-sheet.xlsx"].render(plan))).active
    by_heading = {cell.value: cell.column_letter for cell in sheet[1]}
    phones = [sheet[f"{by_heading['Phone']}{row}"] for row in range(2, 12)]
    assert "+1 206-555-0154" in [c.value for c in phones] and all(c.data_type == "s" for c in phones if c.value)
    days = [sheet[f"{by_heading['Day']}{row}"].value for row in range(2, 12)]
    assert all(isinstance(d, dt.datetime) for d in days) and days == sorted(days)
    assert isinstance(sheet[f"{by_heading['Last purchase']}2"].value, dt.datetime)
    longest = max(len(sheet[f"{by_heading['Email']}{row}"].value or "") for row in range(2, 12))
    assert sheet.column_dimensions[by_heading["Email"]].width >= longest  # not cut off
    assert sheet.print_title_rows == "$1:$1" and sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth in (None, 1)  # 1 wide
    assert sheet.page_setup.fitToHeight == 0 and int(sheet.page_setup.paperSize) == 1  # Letter: an American number


def test_the_pdf_is_a_page_at_a_glance_then_what_to_say_then_a_log(plan):
    plan.suggested = ["friend_offer"]  # the workbook's suggestion, not the owner's choice
    pages = PdfReader(io.BytesIO(plan_pdf(plan))).pages
    first, second, log = (page.extract_text() for page in pages[:3])
    assert len(pages) == 3
    assert first.count("Dinner for two") == 1 and "A free first assessment" not in first  # stated once; chosen only
    assert "Offer for the friend: ____" in first and "suggestion" not in "".join(p.extract_text() for p in pages)
    assert all(c.name.split()[-1] in first for c in plan.customers[3:]) and "Outcome" in first
    assert "Fri, 11 Dec 2026" in first
    assert all(c.name.split()[0] in second for c in plan.customers[3:]) and "What to say" in second
    assert second.count("Because you know exactly the kind of people") == 1  # the conversation once
    assert "Referral log" in log and "Referred by" in log
    width, height = pages[0].mediabox.width, pages[0].mediabox.height
    assert (round(float(width)), round(float(height))) == (842, 595)  # A4, landscape, where no phone says otherwise


def test_the_html_plan_fits_a_phone_and_states_the_offers_once(plan):
    page = plan_html(plan)
    assert "name='viewport'" in page and "@media print" in page and "@media (max-width: 600px)" in page
    assert "<th>Their reward</th>" not in page and "<th>Friend's offer</th>" not in page  # stated once, above
    assert "data-label='Customer'" in page and "class='wb-table wb-stack'" in page


def test_talk_track_follows_the_four_steps(plan):
    customer = plan.customers[4]
    track = talk_track(plan, customer, "introduce")
    assert len(track) == 5
    assert customer.name.split()[0] in track[0] and plain_product(customer.last_product) in track[0]
    assert "I'll be honest" in track[0]  # said aloud; written, it opens otherwise
    customer.method = "letter"
    assert "I'll be honest" not in talk_track(plan, customer)[0] and "I am writing" in talk_track(plan, customer)[0]
    assert "runners training for their first marathon" in track[2]
    assert "A free first assessment" in track[3] and "three-way introduction" in track[4]


def test_coaching_notes():
    assert since(dt.date(2026, 11, 20), TODAY) == "7 days ago"
    assert since(dt.date(2026, 8, 27), TODAY) == "3 months ago"
    assert discount_note("10% off your next visit") and discount_note("A signed book") is None


def test_anticipate_prompt(plan):
    assert plain_product(plan.customers[4].last_product) in anticipate_prompt(plan.customers[4], TODAY)


def test_think_ahead_prompts_come_from_the_customers_own_rhythm(plan):
    prompts = [anticipate_prompt(c, TODAY) for c in plan.customers]
    assert len(set(p.split(".")[0][-25:] for p in prompts)) > 3  # not one sentence ten times
    assert [anticipate_prompt(c, TODAY) for c in reversed(plan.customers)] == prompts[::-1]  # not by place
    customer = plan.customers[4]
    customer.orders, customer.first_purchase = 11, TODAY - dt.timedelta(days=75)
    customer.last_purchase = TODAY - dt.timedelta(days=35)  # every 4 days, then 5 weeks of nothing
    assert "every 4 days" in anticipate_prompt(customer, TODAY) and "5 weeks" in anticipate_prompt(customer, TODAY)
    prompt = anticipate_prompt(customer, TODAY)
    assert "reconnect first" in prompt or "Before any ask" in prompt
    customer.first_purchase, customer.last_purchase = TODAY - dt.timedelta(days=400), TODAY - dt.timedelta(days=2)
    assert "every 5 weeks" in anticipate_prompt(customer, TODAY)  # on their rhythm: 10 gaps in 398 days
    assert "first" not in anticipate_prompt(customer, TODAY).replace(first_name(customer), "")
    customer.orders = 2  # too few purchases for a rhythm: by how long ago the last was
    customer.last_purchase = TODAY - dt.timedelta(days=10)
    assert "how it went" in anticipate_prompt(customer, TODAY)
    customer.last_purchase = TODAY - dt.timedelta(days=150)
    assert "need next" in anticipate_prompt(customer, TODAY)
    customer.last_purchase = TODAY - dt.timedelta(days=500)
    assert "Reconnect first" in anticipate_prompt(customer, TODAY)
    customer.last_purchase = None
    assert "does not say when" in anticipate_prompt(customer, TODAY)


def test_what_was_bought_is_said_in_plain_words():
    assert plain_product("Croissant box (6)") == "croissant box"
    assert plain_product("Bread subscription (month)") == "bread subscription"
    assert plain_product("Sourdough loaf x2") == "sourdough loaf" and plain_product("(6)") is None
    with speaking("de"):
        assert plain_product("Krankengymnastik (30 Min.)") == "Krankengymnastik"  # German nouns keep their capital


def test_fewer_customers_than_the_round_is_explained(plan):
    from workbook.app.fragments import round_note

    assert round_note(plan) == ""
    plan.customers = plan.customers[:4]
    assert "4 customers" in round_note(plan) and "ask all of them" in round_note(plan)


@pytest.fixture
def reachable(plan):
    """The plan with what the exports say about reaching each customer."""
    first, second = plan.customers[3], plan.customers[4]
    first.phone, first.address = "+44 7700 900123", "4 Quarry Row, LS1 4AB Leeds"
    second.email, second.method = "esme@example.org", "email"
    return plan, first, second


def test_the_plan_lets_the_owner_call_and_write_with_one_tap(reachable):
    from urllib.parse import parse_qs, urlsplit

    plan, _first, second = reachable
    page = plan_html(plan)
    assert "<a class='wb-tel' href='tel:+447700900123'>+44 7700 900123</a>" in page
    assert "4 Quarry Row, LS1 4AB Leeds" in page
    draft = page.split("<a class='wb-mail' href='mailto:esme@example.org?")[1].split("'")[0].replace("&amp;", "&")
    draft = "mailto:esme@example.org?" + draft
    query = parse_qs(urlsplit(draft).query)
    assert draft.startswith("mailto:esme@example.org?")
    assert query["subject"] == ["A small favour, from Riverside & <Sons>"]
    body = query["body"][0]
    assert body.startswith("Hello " + second.name.split()[0]) and "Dinner for two" in body
    assert "runners training for their first marathon" in body


def test_call_sheet_calendar_and_pdf_carry_phone_email_and_address(reachable):
    plan, first, second = reachable
    rows = list(csv.DictReader(io.StringIO(call_sheet_csv(plan))))
    mine = next(r for r in rows if r["Customer"] == first.name)
    assert (mine["Phone"], mine["Address"]) == ("+44 7700 900123", "4 Quarry Row, LS1 4AB Leeds")
    assert next(r for r in rows if r["Customer"] == second.name)["Email"] == "esme@example.org"
    events = {str(e["summary"]): str(e["description"]) for e in Calendar.from_ical(plan_ics(plan)).walk("VEVENT")}
    description = next(d for s, d in events.items() if first.name in s)
    assert description.startswith(f"+44 7700 900123 · {first.email} · 4 Quarry Row, LS1 4AB Leeds\n")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(plan_pdf(plan))).pages)
    assert "+44 7700 900123" in text and "esme@example.org" in text


def test_the_offers_step_says_which_offer_is_still_a_suggestion(plan):
    from workbook.app.fragments import offer_advice

    plan.suggested = ["reward"]
    assert "Still the workbook&#x27;s suggestion: Their thank-you for a referral." in offer_advice(plan)
    plan.suggested = []
    assert "Still the workbook" not in offer_advice(plan)


def test_friend_cards_carry_the_business_the_offer_the_customer_and_a_code(plan):
    from workbook.documents.render import friend_cards_pdf
    from workbook.follow.cards import ALPHABET, card_code

    plan.owner_name, plan.owner_phone = "Hana Okafor", "+44 113 496 0000"
    pages = PdfReader(io.BytesIO(friend_cards_pdf(plan))).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert len(pages) == 1  # ten cards to a page
    codes = [card_code(plan.owner, c.key) for c in plan.customers]
    assert len(set(codes)) == 10 and all(len(code) == 6 and set(code) <= set(ALPHABET) for code in codes)
    for customer, code in zip(plan.customers[3:], codes[3:]):
        assert f"{customer.name.split()[0]} thought you'd like us." in text and f"Card {code}:" in text
    assert text.count("For you: A free first assessment") == 10 and "Hana Okafor · +44 113 496 0000" in text
    assert "Riverside & <Sons>" in text  # the business's name as written (escaped for the PDF's markup)
    plan.owner_phone = ""  # no way to reach the business given: a line on each card to write one on
    bare = " ".join(PdfReader(io.BytesIO(friend_cards_pdf(plan))).pages[0].extract_text().split())
    assert bare.count("Hana Okafor · ______") == 10

"""The hairdresser's path in a browser: the demo bakery first, then her own till sheet; the plan is hers.

Her sheet (``owners/salon_takings.csv``: Date, Client, Service, Price) has no phones and has walk-ins; she types
her business and her own details once, and the numbers of two clients on the contact step.
"""

import base64
import csv
import io
from pathlib import Path
from urllib.parse import unquote

import pytest
from browser import SHOTS, chromium, running_app
from icalendar import Calendar

pytestmark = pytest.mark.browser

SALON = Path(__file__).parent / "owners" / "salon_takings.csv"
BAKERS_WORDS = ("families nearby who order cakes for birthdays", "A box of pastries", "A cookbook of our own")
HERS = {"Your business's name": "Salon Mira", "Your name": "Mira Hale", "Your phone": "+44 20 7946 0123",
        "Your email": "mira@salonmira.example"}
NUMBERS = ("+44 7700 900111", "+44 7700 900222")


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def go_to(page, number: int) -> None:
    """Through the step bar: each step is a button to it."""
    page.locator(".wb-steps .wb-step").nth(number).click()
    page.locator(f".wb-page-{number}").wait_for(timeout=30_000)


def type_in(page, label: str, text: str) -> None:
    field = page.get_by_label(label, exact=True)
    field.fill(text)
    field.press("Enter")


def downloaded(page, name: str) -> bytes:
    link = page.locator("a.wb-download", has_text=name)
    return base64.b64decode(link.get_attribute("href").split("base64,", 1)[1])


def test_the_hairdressers_own_plan(browser, tmp_path):
    SHOTS.mkdir(exist_ok=True)
    with running_app(tmp_path) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url, timeout=90_000)
        page.wait_for_selector(".wb-steps", timeout=90_000)
        page.get_by_role("button", name="Next").click()
        page.get_by_role("button", name="Use this demo business").click()
        page.locator(".wb-page-2").wait_for(timeout=60_000)
        go_to(page, 4)  # the bakery's words, typed while trying the demo
        type_in(page, "Who would you love more of?", BAKERS_WORDS[0])
        go_to(page, 5)
        type_in(page, "Their thank-you for a referral", BAKERS_WORDS[2])
        type_in(page, "What their friend is offered", BAKERS_WORDS[1])
        page.locator(".wb-steps .wb-done").first.wait_for(timeout=30_000)
        assert "wb-done" in page.locator(".wb-steps .wb-step").nth(2).get_attribute("class")  # stays done

        go_to(page, 1)  # her own business, then her own sheet
        for label, value in HERS.items():
            type_in(page, label, value)
        page.locator(".wb-about .wb-message-ok").wait_for(timeout=30_000)
        with page.expect_file_chooser() as chooser:
            page.locator(".widget-upload").click()
        chooser.value.set_files([str(SALON)])
        page.locator(".wb-page-2").wait_for(timeout=60_000)
        names = page.locator("table.wb-table tbody tr td:nth-child(2)").all_inner_texts()
        assert len(names) == 10 and "Walk-in" not in names

        go_to(page, 4)
        assert page.get_by_label("Who would you love more of?").input_value() == ""  # not the bakery's
        for name, number in zip(names, NUMBERS):
            page.get_by_label(f"How ({name})", exact=True).select_option(label="Telephone")
            page.locator(".wb-message-error", has_text=f"{name} is to be telephoned").wait_for(timeout=30_000)
            page.get_by_role("button", name=f"Change {name}'s phone, email or address").click()
            type_in(page, f"Phone ({name})", number)
            page.locator(".wb-message-error", has_text=f"{name} is to be telephoned").wait_for(
                state="detached", timeout=30_000)
        page.get_by_label(f"How ({names[2]})", exact=True).select_option(label="Email")
        page.get_by_role("button", name=f"Change {names[2]}'s phone, email or address").click()
        type_in(page, f"Email ({names[2]})", "client3@example.org")
        page.locator(".wb-mail").first.wait_for(timeout=30_000)
        for name in names[3:]:
            page.get_by_label(f"How ({name})", exact=True).select_option(label="Drop in")
        page.get_by_text("Every customer has a contact method.").wait_for(timeout=30_000)
        draft = unquote(page.locator("a.wb-mail").first.get_attribute("href"))
        assert "+44 20 7946 0123" in draft and "Mira Hale" in draft and "I'll be honest" not in draft
        page.screenshot(path=SHOTS / "own-plan-contact.png", full_page=True)

        go_to(page, 6)
        page.get_by_text("One week: by", exact=False).click()
        page.get_by_label(names[1], exact=True).wait_for(timeout=30_000)
        go_to(page, 7)
        page.get_by_text("Your plan is ready").wait_for(timeout=30_000)
        body = page.inner_text(".wb-page-7")
        assert "Salon Mira: referral plan, round 1" in body and "salon_takings" not in body
        assert not any(words in body for words in BAKERS_WORDS) and "Walk-in" not in body
        assert all(number in body for number in NUMBERS)
        page.screenshot(path=SHOTS / "own-plan-ready.png", full_page=True)

        sheet = list(csv.reader(io.StringIO(downloaded(page, "Call sheet (CSV)").decode("utf-8-sig"))))
        phones = {row[1]: row[2] for row in sheet[1:]}
        assert [phones[name].lstrip("'") for name in names[:2]] == list(NUMBERS)  # ' keeps a spreadsheet from a formula
        calendar = Calendar.from_ical(downloaded(page, "Calendar"))
        described = " ".join(str(event.get("description")) for event in calendar.walk("VEVENT"))
        assert all(number in described for number in NUMBERS) and "Crumb" not in described

        go_to(page, 0)
        page.get_by_text("Your plan for Salon Mira is ready").wait_for(timeout=30_000)
        page.get_by_role("button", name="Open your plan").click()
        page.locator(".wb-page-7").wait_for(timeout=30_000)
        page.close()

"""The app in a real browser: Voilà started by ``workbook serve``, driven by Chromium."""

import csv
import io

import openpyxl
import pytest
from browser import SHOTS, chromium, running_app
from conftest import DATA, ROOT
from icalendar import Calendar
from pypdf import PdfReader

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def open_app(browser, url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url, timeout=90_000)
    page.wait_for_selector(".wb-steps", timeout=90_000)
    return page


def start_with_demo(page):
    """From the welcome step, read the first demo business and wait for its top ten."""
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Use this demo business").click()
    page.wait_for_selector("table.wb-table", timeout=60_000)


def upload(page, *paths):
    with page.expect_file_chooser() as chooser:
        page.locator(".widget-upload").click()
    chooser.value.set_files([str(path) for path in paths])


def test_demo_journey_resumes_after_reload_and_restart(browser, tmp_path):
    SHOTS.mkdir(exist_ok=True)
    with running_app(tmp_path) as url:
        page = open_app(browser, url)
        assert page.locator(".wb-header").inner_text().startswith("Referral Workbook")
        assert "Your best customers know your next best customers" in page.inner_text("body")
        assert "Traceback" not in page.content()
        page.screenshot(path=SHOTS / "step0-welcome.png", full_page=True)
        start_with_demo(page)
        rows = page.locator("table.wb-table tbody tr")
        assert rows.count() == 10
        assert "Olivia Redfern" in rows.first.inner_text()
        page.screenshot(path=SHOTS / "step2-top-ten.png", full_page=True)
        page.reload()
        page.wait_for_selector("table.wb-table", timeout=60_000)
        assert "Olivia Redfern" in page.locator("table.wb-table tbody tr").first.inner_text()
        page.close()
    with running_app(tmp_path) as url:
        page = open_app(browser, url)
        page.wait_for_selector("table.wb-table", timeout=60_000)
        assert page.locator(".wb-steps .wb-current").inner_text() == "3. Top ten"
        page.close()


def test_a_bad_upload_says_why_and_keeps_earlier_work(browser, tmp_path):
    with running_app(tmp_path) as url:
        page = open_app(browser, url)
        start_with_demo(page)
        page.get_by_role("button", name="Back").click()
        page.locator(".wb-page-1").wait_for(timeout=30_000)
        upload(page, ROOT / "tests" / "bad_inputs" / "amounts_not_numbers.csv")
        alert = page.locator(".wb-message-error")
        alert.wait_for(timeout=60_000)
        assert "amounts_not_numbers.csv, row 2, column 'Amount'" in alert.inner_text()
        page.screenshot(path=SHOTS / "step1-bad-file.png", full_page=True)
        page.get_by_role("button", name="Next").click()
        page.locator(".wb-page-2").wait_for(timeout=30_000)
        assert "Olivia Redfern" in page.locator("table.wb-table tbody tr").first.inner_text()
        page.close()


def test_customer_text_is_shown_as_text(browser, tmp_path):
    export = tmp_path / "xss.csv"
    export.write_text("Customer,Date,Amount\n<img src=x onerror=alert(1)>,2025-01-02,500\nAnn,2025-01-03,5\n")
    with running_app(tmp_path) as url:
        page = open_app(browser, url)
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.get_by_role("button", name="Next").click()
        upload(page, export)
        page.wait_for_selector("table.wb-table", timeout=60_000)
        assert "<img src=x onerror=alert(1)>" in page.locator("table.wb-table tbody tr").first.inner_text()
        assert page.locator("table.wb-table img").count() == 0 and dialogs == []
        page.close()


STEP_TITLES = ["Welcome", "Your customers", "Top ten", "Last purchase", "Contact", "Offers", "Deadline", "Your plan"]


def next_step(page, title):
    page.get_by_role("button", name="Next").click()
    page.locator(f".wb-page-{STEP_TITLES.index(title)}").wait_for(timeout=30_000)


def pick(page, label, option):
    page.get_by_label(label, exact=True).select_option(label=option)


def test_full_journey_to_the_downloads(browser, tmp_path):
    SHOTS.mkdir(exist_ok=True)
    with running_app(tmp_path) as url:
        page = open_app(browser, url)
        start_with_demo(page)
        pick(page, "Leave out", "Olivia Redfern")
        page.get_by_role("button", name="Leave out").click()
        page.locator("table.wb-table tbody tr").first.filter(has_text="Carmen Oakley").wait_for(timeout=30_000)
        names = page.locator("table.wb-table tbody tr td:nth-child(2)").all_inner_texts()
        assert len(names) == 10 and "Olivia Redfern" not in names and "Aurélie Quarry" in names
        assert "Your top 10 customers bring" in page.inner_text("body")
        page.screenshot(path=SHOTS / "step2-top-ten-left-out.png", full_page=True)

        next_step(page, "Last purchase")
        assert page.locator("table.wb-table tbody tr").count() == 10
        assert "ago" in page.inner_text("table.wb-table")
        page.screenshot(path=SHOTS / "step3-last-purchase.png", full_page=True)

        next_step(page, "Contact")
        page.get_by_label("Who would you love more of?").fill("families nearby who bake for birthdays")
        page.get_by_label("Who would you love more of?").press("Tab")
        pick(page, f"How ({names[0]})", "Visit by appointment")
        for name in names[1:]:
            pick(page, f"How ({name})", "Telephone")
        page.get_by_text("Every customer has a contact method.").wait_for(timeout=30_000)
        page.get_by_text(f"What to say to {names[0]}").click()
        track = page.locator(".wb-track ol").first
        track.wait_for(timeout=30_000)
        assert "families nearby who bake for birthdays" in track.inner_text()
        assert names[0].split()[0] in track.inner_text()
        page.screenshot(path=SHOTS / "step4-contact.png", full_page=True)

        next_step(page, "Offers")
        reward = page.get_by_label("Their thank-you for a referral")
        reward.fill("10% off your next order")
        reward.press("Enter")
        page.locator(".wb-note", has_text="personal gift").wait_for(timeout=30_000)
        reward.fill("A bottle of something good")
        reward.press("Enter")
        offer = page.get_by_label("What their friend is offered")
        offer.fill("A free tasting box")
        offer.press("Enter")
        page.locator(".wb-note", has_text="personal gift").wait_for(state="detached", timeout=30_000)
        page.locator(".wb-note", has_text="Still the workbook's suggestion").wait_for(state="detached",
                                                                                       timeout=30_000)
        page.screenshot(path=SHOTS / "step5-offers.png", full_page=True)

        next_step(page, "Deadline")
        page.get_by_text("One week: by", exact=False).click()
        page.get_by_label(names[1], exact=True).wait_for(timeout=30_000)
        page.screenshot(path=SHOTS / "step6-deadline.png", full_page=True)

        next_step(page, "Your plan")
        page.get_by_text("Your plan is ready").wait_for(timeout=30_000)
        page.screenshot(path=SHOTS / "step7-plan.png", full_page=True)
        files = {}
        for link in page.locator("a.wb-download").all():
            with page.expect_download() as download:
                link.click()
            files[download.value.suggested_filename] = (tmp_path / download.value.suggested_filename)
            download.value.save_as(files[download.value.suggested_filename])
        assert sorted(files) == sorted(f"crumb-co-bakery-{n}" for n in
                                       ("plan.pdf", "friend-cards.pdf", "plan.html", "plan.ics", "call-sheet.csv",
                                        "call-sheet.xlsx"))
        pdf_text = "".join(p.extract_text() for p in PdfReader(files["crumb-co-bakery-plan.pdf"]).pages)
        assert all(name in pdf_text for name in names)
        events = Calendar.from_ical(files["crumb-co-bakery-plan.ics"].read_bytes()).walk("VEVENT")
        assert len(events) == 11
        sheet = list(csv.DictReader(io.StringIO(files["crumb-co-bakery-call-sheet.csv"].read_text("utf-8-sig"))))
        assert [row["Customer"] for row in sheet if row["Method"] == "Visit by appointment"] == [names[0]]
        book = openpyxl.load_workbook(files["crumb-co-bakery-call-sheet.xlsx"])
        assert book.active.max_row == 11
        assert "A free tasting box" in files["crumb-co-bakery-plan.html"].read_text()

        page.reload()
        page.get_by_text("Your plan is ready").wait_for(timeout=60_000)
        page.close()


def back_to_upload(page):
    page.get_by_role("button", name="Back").click()
    page.locator(".wb-page-1").wait_for(timeout=30_000)


def test_uploads_of_every_export_shape(browser, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["Client", "Invoice Date", "Amount", "Service"])
    book.active.append(["Willowmere Care Home", "2026-10-02", 1200.5, "Staff training"])
    book.active.append(["Ivy House B&B", "2026-10-09", 300, "Consulting"])
    book.save(tmp_path / "invoices.xlsx")
    woo = tmp_path / "orders-export.csv"
    woo.write_text("Order Number,Order Date,Status,Order Total,Billing First Name,Billing Last Name,Billing Email,"
                   "Item Name\n101,2026-10-02 09:00,completed,80.00,Esme,Ingram,esme@example.org,Candle\n")
    cases = [(DATA / "crumb-and-co-bakery-shopify-orders.csv", "Shopify orders export", "Olivia Redfern"),
             (DATA / "northgate-supplies-quickbooks.csv", "QuickBooks", "Alder Lane Dental"),
             (DATA / "bright-path-coaching-stripe.csv", "Stripe payments export", "Niko Quarry"),
             (DATA / "riverside-physio-sales.csv", "Sales sheet", "Esme Everly"),
             (tmp_path / "invoices.xlsx", "Sales sheet", "Willowmere Care Home"),
             (woo, "WooCommerce orders export", "Esme Ingram")]
    with running_app(tmp_path) as url:
        page = open_app(browser, url)
        page.get_by_role("button", name="Next").click()
        for path, layout, first in cases:
            upload(page, path)
            page.locator("table.wb-table tbody tr").first.filter(has_text=first).wait_for(timeout=60_000)
            back_to_upload(page)
            assert layout in page.locator(".wb-message-ok").inner_text()
        page.close()


def test_the_owner_can_say_which_column_is_which_and_how_dates_are_written(browser, tmp_path):
    odd = tmp_path / "odd.csv"
    odd.write_text("Who,When,Paid\nAnn Lee,2026-10-02,50\nBo Chen,2026-10-03,70\n")
    dates = tmp_path / "dates.csv"
    dates.write_text("Customer,Date,Amount\nAnn Lee,03/04/2026,50\nBo Chen,05/06/2026,70\n")
    with running_app(tmp_path) as url:
        page = open_app(browser, url)
        page.get_by_role("button", name="Next").click()
        upload(page, odd)
        page.get_by_text("Tell us which column of odd.csv is which").wait_for(timeout=60_000)
        pick(page, "Customer name", "Who")
        pick(page, "Amount", "Paid")
        pick(page, "Date of sale", "When")
        page.get_by_role("button", name="Read again with these columns").click()
        page.locator("table.wb-table tbody tr").first.filter(has_text="Bo Chen").wait_for(timeout=60_000)
        back_to_upload(page)
        upload(page, dates)
        page.get_by_text("Day/month (25/12/2025)").click()
        page.get_by_role("button", name="Read again").click()
        next_step(page, "Last purchase")
        assert "5 Jun 2026" in page.inner_text("table.wb-table")
        page.close()


def test_a_file_over_the_upload_cap_is_refused_with_a_message(browser, tmp_path):
    big = tmp_path / "everything.csv"
    with big.open("w") as handle:
        handle.write("Customer,Date,Amount\n")
        handle.write("Ann Lee,2026-10-02,50.00\n" * 2_200_000)
    with running_app(tmp_path) as url:
        page = open_app(browser, url)
        page.get_by_role("button", name="Next").click()
        upload(page, big)
        alert = page.locator("#wb-upload-too-big")
        alert.wait_for(timeout=30_000)
        assert "everything.csv" in alert.inner_text() and "up to 50 MB" in alert.inner_text()
        assert page.locator("table.wb-table").count() == 0
        page.close()


def test_starting_a_new_plan_clears_the_old_one(browser, tmp_path):
    with running_app(tmp_path) as url:
        page = open_app(browser, url)
        start_with_demo(page)
        page.reload()
        page.wait_for_selector("table.wb-table", timeout=60_000)
        for step in (1, 0):
            page.get_by_role("button", name="Back").click()
            page.locator(f".wb-page-{step}").wait_for(timeout=30_000)
        page.get_by_text("You have a plan in progress for Crumb & Co. Bakery").wait_for(timeout=30_000)
        page.get_by_role("button", name="Start a new plan").click()
        page.get_by_role("button", name="Yes, clear my plan and start again").click()
        page.locator(".wb-page-1").wait_for(timeout=30_000)
        assert page.get_by_role("button", name="Next").is_disabled()
        page.reload()
        page.locator(".wb-page-0").wait_for(timeout=60_000)
        assert "plan in progress" not in page.inner_text("body")
        page.close()


def test_a_page_that_never_draws_reloads_once_then_says_so(browser, tmp_path):
    with running_app(tmp_path) as url:
        page = browser.new_page()
        page.clock.install()
        page.route_web_socket("**/channels**", lambda ws: None)  # the kernel never answers: no widgets
        page.goto(url, timeout=90_000)
        stalled = page.locator("#wb-stalled")
        assert stalled.is_hidden()
        with page.expect_navigation(timeout=30_000):  # first it tries once more by itself
            page.clock.run_for(91_000)
        page.locator("#wb-stalled").wait_for(state="attached", timeout=30_000)
        assert stalled.is_hidden()
        page.clock.run_for(91_000)
        page.wait_for_function("!document.getElementById('wb-stalled').hidden", timeout=10_000)
        assert "everything you entered is saved" in stalled.text_content()
        page.close()
        working = open_app(browser, url)
        working.clock.install()
        working.clock.run_for(91_000)
        assert working.evaluate("document.getElementById('wb-stalled').hidden")
        working.close()


def test_two_exports_at_once_with_the_columns_guessed(browser, tmp_path):
    till = tmp_path / "till.csv"
    till.write_text("Who,When,Paid\nRosa Underhill,2025-09-01,120\nPavel Dunmore,2025-09-02,15\n")
    with running_app(tmp_path) as url:
        page = open_app(browser, url)
        page.get_by_role("button", name="Next").click()
        upload(page, ROOT / "tests" / "exports" / "squarespace-orders.csv", till)
        page.get_by_text("Tell us which column of till.csv is which").wait_for(timeout=60_000)
        assert page.get_by_label("Amount", exact=True).input_value() == "Paid"
        assert page.get_by_label("Date of sale", exact=True).input_value() == "When"
        preview = page.locator("table.wb-preview")
        assert "120.00" in preview.inner_text() and "1 Sept 2025" in preview.inner_text()
        pick(page, "Customer name", "Who")
        preview.filter(has_text="Rosa Underhill").wait_for(timeout=30_000)
        page.screenshot(path=SHOTS / "step1-columns-guessed.png", full_page=True)
        page.get_by_role("button", name="Read again with these columns").click()
        page.locator(".wb-page-2").wait_for(timeout=60_000)
        first = page.locator(".wb-page-2 table.wb-table tbody tr").first
        assert "Rosa Underhill" in first.inner_text()
        assert "195.00" in first.inner_text()  # 75.00 online and 120.00 at the till
        back_to_upload(page)
        assert "1 of them found in more than one export" in page.locator(".wb-message-ok").inner_text()
        page.close()


FITS = """(selector) => [...document.querySelectorAll(selector)].filter(e => e.offsetParent).map(e => {
    const box = e.getBoundingClientRect();  // a scroller (wb-scroll) may hold more than it shows: it scrolls
    return box.left >= -1 && box.right <= window.innerWidth + 1
        && (e.classList.contains('wb-scroll') || e.scrollWidth <= e.clientWidth + 1);
}).every(Boolean)"""
WORDS = {"en": ("Next", "Read again with these columns", "Amount", "Largest single sale"),
         "de": ("Weiter", "Mit diesen Spalten erneut lesen", "Betrag", "Größter einzelner Verkauf")}


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("width", [390, 1280])
def test_the_upload_says_what_each_column_would_give_and_then_what_was_read(browser, tmp_path, width, lang):
    """A German salon's sheet with two amount columns that disagree: the question shows what each would give;
    the answer reads it, and the owner sees what was read, all within the screen."""
    sheet = tmp_path / "salon-umsatz.csv"
    sheet.write_text("Kunde;Datum;Betrag;Summe;Telefon\nAnna Quast;02.06.2026;79,00 €;85,00 €;0151 2345678\n"
                     "Laufkundschaft;03.06.2026;1.234,50 €;1.300,00 €;\nBen Roth;04.06.2026;120,00 €;60,00 €;\n"
                     "Anna Quast;05.06.2026;21,00 €;22,00 €;0151 2345678\n", encoding="utf-8")
    next_label, again, amount, largest = WORDS[lang]
    with running_app(tmp_path, options=("--lang", lang)) as url:
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(url, timeout=90_000)
        page.wait_for_selector(".wb-steps", timeout=90_000)
        page.get_by_role("button", name=next_label).click()
        upload(page, sheet)
        page.locator(".wb-choices").wait_for(timeout=60_000)
        choices = page.inner_text(".wb-choices")
        assert "'Betrag'" in choices and "'Summe'" in choices and "Ben Roth" in choices
        page.screenshot(path=SHOTS / f"upload-question-{lang}-{width}.png", full_page=True)
        assert page.evaluate(FITS, ".wb-choices, .wb-message-error, .wb-scroll:has(.wb-preview)")
        page.get_by_label(amount, exact=True).select_option(label="Betrag")
        page.get_by_role("button", name=again).click()
        page.locator(".wb-read").filter(has_text=largest).wait_for(timeout=60_000)
        said = page.inner_text(".wb-read")
        assert "120,00" in said or "120.00" in said
        assert "Laufkundschaft" not in page.inner_text("table.wb-table")
        assert "Ben Roth" in page.locator("table.wb-table tbody tr").first.inner_text()
        page.screenshot(path=SHOTS / f"upload-read-{lang}-{width}.png", full_page=True)
        assert page.evaluate(FITS, ".wb-read")  # the ranking table on a phone: the phone-first issue
        page.close()

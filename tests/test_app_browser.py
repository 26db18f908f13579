"""The app in a real browser: Voilà started by ``workbook serve``, driven by Chromium."""

import urllib.error
import urllib.request

import pytest

from browser import SHOTS, chromium, running_app
from conftest import ROOT

@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def open_app(browser, url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url, timeout=90_000)
    page.wait_for_selector(".wb-steps", timeout=90_000)
    return page


def upload(page, path):
    with page.expect_file_chooser() as chooser:
        page.locator(".widget-upload").click()
    chooser.value.set_files(str(path))


def test_demo_journey_resumes_after_reload_and_restart(browser, tmp_path):
    SHOTS.mkdir(exist_ok=True)
    with running_app(tmp_path) as url:
        page = open_app(browser, url)
        assert page.locator(".wb-header").inner_text().startswith("Referral Workbook")
        assert "Your best customers know your next best customers" in page.inner_text("body")
        assert "Traceback" not in page.content()
        page.screenshot(path=SHOTS / "step0-welcome.png", full_page=True)
        page.get_by_role("button", name="Next").click()
        page.get_by_role("button", name="Use this demo business").click()
        page.wait_for_selector("table.wb-table", timeout=60_000)
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
        assert page.locator("li.wb-current").inner_text() == "3. Top ten"
        page.close()


def test_a_bad_upload_says_why_and_keeps_earlier_work(browser, tmp_path):
    with running_app(tmp_path) as url:
        page = open_app(browser, url)
        page.get_by_role("button", name="Next").click()
        page.get_by_role("button", name="Use this demo business").click()
        page.wait_for_selector("table.wb-table", timeout=60_000)
        page.get_by_role("button", name="Back").click()
        upload(page, ROOT / "tests" / "bad_inputs" / "amounts_not_numbers.csv")
        alert = page.locator(".wb-message-error")
        alert.wait_for(timeout=60_000)
        assert "amounts_not_numbers.csv, row 2, column 'Amount'" in alert.inner_text()
        page.screenshot(path=SHOTS / "step1-bad-file.png", full_page=True)
        page.get_by_role("button", name="Next").click()
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


@pytest.mark.parametrize("path", ["voila/tree", "voila/render/plan.ipynb", "voila/files/challenge.ipynb",
                                  "voila/files/../data/riverside-physio-sales.csv", "api/contents", "tree",
                                  "files/data/riverside-physio-sales.csv"])
def test_only_the_app_is_served(tmp_path, path):
    with running_app(tmp_path) as url:
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(url + path, timeout=10)
        assert refused.value.code in (403, 404)

"""Follow-through in a real browser: the checklist, the intake form, thank-yous, the next round, and a
server killed in the middle of recording."""

import datetime as dt
import os
import signal

import psutil
import pytest
from browser import SHOTS, chromium, running_app
from conftest import DATA

from workbook.follow.logbook import Logbook
from workbook.journey import import_export, set_defaults
from workbook.store import Store

pytestmark = pytest.mark.browser

STARTED = dt.date.today() - dt.timedelta(days=10)  # the plan was made ten days ago: some calls are overdue


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def planned(data_dir):
    """An owner's finished plan, made ten days ago from the demo physiotherapy practice."""
    with Store(data_dir / "workbook.sqlite") as store:
        import_export(store, "owner", DATA / "riverside-physio-sales.csv", "Riverside Physiotherapy", today=STARTED)
        set_defaults(store, "owner", "A book you will love", "A free assessment", "two_weeks", "phone")
        store.save_step("owner", 7)
        return [c.name for c in store.load_plan("owner").customers]


def open_follow(browser, url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url + "follow", timeout=90_000)
    page.wait_for_selector(".wb-follow-0", timeout=90_000)
    return page


def section(page, name, index):
    page.get_by_role("button", name=name, exact=True).click()
    page.locator(f".wb-follow-{index}").wait_for(timeout=30_000)


def saved(page, text):
    page.locator(".wb-message-ok", has_text=f"Saved: {text}").wait_for(timeout=30_000)


def refer(page, friend, by):
    page.get_by_label("New customer's name").fill(friend)
    page.get_by_label("Referred by").select_option(label=by)
    page.get_by_label("How it came").fill("phoned, mentioned " + by)
    page.get_by_role("button", name="Record referral").click()
    saved(page, f"{by} referred {friend}")


def test_checklist_intake_and_thank_yous(browser, tmp_path):
    names = planned(tmp_path)
    with running_app(tmp_path) as url:
        page = open_follow(browser, url)
        assert page.locator(".wb-badge.wb-overdue").count() >= 1
        assert "Overdue:" in page.inner_text(".wb-follow-0")
        page.get_by_label("Outcome").first.select_option(label="Agreed to refer")
        saved(page, f"{names[0]}: agreed to refer")
        assert page.locator(".wb-check").first.locator(".wb-badge").inner_text() == "Done"
        page.screenshot(path=SHOTS / "follow-checklist.png", full_page=True)

        section(page, "Referrals", 1)
        assert "who specifically referred you" in page.inner_text("body")
        refer(page, "<img src=x onerror=alert(1)>", names[0])
        page.locator(".wb-follow-1").wait_for()
        assert "<img src=x onerror=alert(1)>" in page.locator("table.wb-referrals").inner_text()
        assert page.locator("table.wb-referrals img").count() == 0
        page.screenshot(path=SHOTS / "follow-intake.png", full_page=True)

        section(page, "Thank-yous", 2)
        assert f"{names[0]} for <img src=x onerror=alert(1)>: today" in page.locator(".wb-due").inner_text()
        page.get_by_label("Gift", exact=True).fill("Boxing gloves")
        page.get_by_role("button", name="Record thank-you").click()
        saved(page, f"{names[0]} thanked")
        section(page, "Thank-yous", 2)
        assert "Everyone who referred has been thanked" in page.inner_text(".wb-follow-2")

        section(page, "Referrals", 1)
        refer(page, "Pat Doe", names[0])
        section(page, "Thank-yous", 2)
        page.get_by_label("Gift", exact=True).fill("boxing gloves")
        warning = page.locator(".wb-follow-2 .wb-message-error", has_text="has had")
        warning.wait_for(timeout=30_000)
        assert "Boxing gloves on" in warning.inner_text()
        page.get_by_label("Gift", exact=True).fill("A cookbook")
        page.locator(".wb-follow-2").click()
        page.wait_for_function("!document.querySelector('.wb-follow-2').innerText.includes('has had')")

        section(page, "Results", 5)
        tiles = page.locator(".wb-tiles").inner_text()
        assert "Referrals\n2" in tiles and "Contacts made\n1 of 10" in tiles
        assert page.locator("svg.wb-chain g").count() == 3  # the referrer and two friends
        page.screenshot(path=SHOTS / "follow-results.png", full_page=True)


def test_the_next_round_opens_the_top_twenty(browser, tmp_path):
    names = planned(tmp_path)
    with running_app(tmp_path) as url:
        page = open_follow(browser, url)
        section(page, "Next round", 6)
        page.get_by_role("button", name="Start round 2: the top 20").click()
        page.get_by_role("link", name="Go to your new plan").click()
        page.wait_for_selector("table.wb-table", timeout=90_000)
        assert "Your top 20 customers" in page.inner_text("body")
        rows = page.locator("table.wb-table tbody tr")
        assert rows.count() == 20 and names[0] in rows.first.inner_text()
        page.get_by_role("button", name="Next").click()
        page.get_by_role("button", name="Next").click()
        page.locator(".wb-page-4").wait_for(timeout=30_000)
        page.get_by_role("button", name="Next").click()
        page.get_by_role("button", name="Next").click()
        page.get_by_role("button", name="Next").click()
        page.locator(".wb-page-7").wait_for(timeout=30_000)
        assert "Round 1: not contacted." in page.inner_text(".wb-plan")


def kill_server(url):
    port = int(url.rstrip("/").rsplit(":", 1)[1])
    pid = next(c.pid for c in psutil.net_connections("tcp") if c.laddr.port == port and c.status == "LISTEN")
    os.killpg(os.getpgid(pid), signal.SIGKILL)


def test_killing_the_server_loses_nothing_acknowledged(browser, tmp_path):
    names = planned(tmp_path)
    friends = ["Ada Fox", "Ben Hale", "Cy Lund"]
    with running_app(tmp_path) as url:
        page = open_follow(browser, url)
        section(page, "Referrals", 1)
        for friend in friends:
            refer(page, friend, names[1])
        kill_server(url)  # at once, after the last acknowledgement
        page.close()
    with Store(tmp_path / "workbook.sqlite") as store:
        assert [r.friend for r in Logbook(store, "owner").referrals()] == friends
    with running_app(tmp_path) as url:
        page = open_follow(browser, url)
        section(page, "Referrals", 1)
        table = page.locator("table.wb-referrals").inner_text()
        assert all(friend in table for friend in friends)

"""Workshops in a real browser: participants who join, who cannot reach each other, and the coach's page."""

import io
import re
import time
import zipfile

import pytest
from browser import SHOTS, chromium, running_app
from conftest import DATA

pytestmark = pytest.mark.browser

CODE, COACH = "bake-26", "coach-secret-token"
WORKSHOP = ("--workshop", CODE, "--coach-token", COACH)


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def join(browser, url, name, code=CODE):
    """A participant in their own browser context: open the app, land on the join page, join."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url, timeout=90_000)
    assert page.url.endswith("/join")
    page.get_by_label("Workshop code").fill(code)
    page.get_by_label("Your name").fill(name)
    page.get_by_role("button", name="Join").click()
    return page


def demo(page, business, opening=90_000):
    """Choose a demo ``business`` (the app given ``opening`` ms to open first): the top ten as read."""
    page.wait_for_selector(".wb-steps", timeout=opening)
    page.get_by_role("button", name="Next").click()
    page.get_by_label("Demo business").select_option(label=business)
    page.get_by_role("button", name="Use this demo business").click()
    page.wait_for_selector("table.wb-table", timeout=60_000)
    return page.locator("table.wb-table tbody").inner_text()


def test_participants_each_have_their_own_plan_and_cannot_reach_another(browser, tmp_path):
    with running_app(tmp_path, options=WORKSHOP) as url:
        ana = join(browser, url, "Ana Ruiz")
        ana_table = demo(ana, "Crumb & Co. Bakery")
        ben = join(browser, url, "Ben Osei")
        ben_table = demo(ben, "Riverside Physiotherapy")
        assert "Olivia Redfern" in ana_table and "Olivia Redfern" not in ben_table
        ben.screenshot(path=SHOTS / "workshop-participant.png", full_page=True)

        ana.reload()
        ana.wait_for_selector("table.wb-table", timeout=90_000)
        assert "Olivia Redfern" in ana.locator("table.wb-table tbody").inner_text()

        # Ben guesses: a personal link, the coach page, the notebooks' own addresses
        for path, shown in (("join?key=p-0000000000000000", "This personal link is not valid"),
                            ("coach", "This page is for the workshop's coach"),
                            ("coach?token=guess", "This page is for the workshop's coach"),
                            ("voila/render/challenge.ipynb", "There is nothing at this address")):
            ben.goto(url + path)
            assert shown in ben.inner_text("body"), path
            assert "Olivia Redfern" not in ben.content()

        # a browser without the secret is sent to the join page; a wrong code is refused, says why, stays in its field
        stranger = join(browser, url, "Cleo Park", code="WRONG")
        assert "That code is too short: you typed 5" in stranger.inner_text("body")
        assert stranger.input_value("#wb-code") == "WRONG" and stranger.input_value("#wb-name") == "Cleo Park"
        stranger.goto(url + "follow")
        assert stranger.url.endswith("/join")
        stranger.context.close()

        # nobody can send code to their page's kernel: only widget messages pass
        marker = tmp_path / "ran.txt"
        kernel_ids = []
        ben.on("websocket", lambda ws: kernel_ids.append(ws.url.split("/api/kernels/")[1].split("/")[0]))
        ben.goto(url)
        ben.wait_for_selector(".wb-steps", timeout=90_000)
        sent = ben.evaluate("""([url, code]) => new Promise(done => {
            const ws = new WebSocket(url);
            ws.onopen = () => { ws.send(JSON.stringify({channel: "shell", header: {msg_id: "x1", username: "",
                session: "s1", msg_type: "execute_request", version: "5.3", date: new Date().toISOString()},
                parent_header: {}, metadata: {}, content: {code, silent: false, store_history: false,
                user_expressions: {}, allow_stdin: false, stop_on_error: true}, buffers: []}));
                setTimeout(() => done(true), 2000); };
            ws.onerror = () => done(false);
        })""", [url.replace("http", "ws") + f"api/kernels/{kernel_ids[0]}/channels",
                f"open({str(marker)!r}, 'w').write('ran')"])
        assert sent and kernel_ids
        time.sleep(1)
        assert not marker.exists()
        ana.context.close()
        ben.context.close()


def test_the_coach_sees_the_room_and_downloads_every_plan(browser, tmp_path):
    options = (*WORKSHOP, "--roster", str(DATA / "roster.csv"))
    with running_app(tmp_path, options=options) as url:
        typed = join(browser, url, "leo brandt")  # a roster name typed in is a new place, never Leo's
        typed.wait_for_selector(".wb-steps", timeout=90_000)
        assert "Riverside Physiotherapy" not in typed.inner_text("body")
        typed.context.close()

        coach = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        coach.goto(url + f"coach?token={COACH}", timeout=90_000)
        assert coach.url.endswith("/coach")  # the token moves into a cookie, out of the address bar
        room = coach.locator("table.wb-room")
        room.wait_for(timeout=90_000)
        assert "13 participants, 11 with a plan ready" in coach.inner_text("body")
        leo_waiting = room.locator("tr", has_text="Leo Brandt").filter(has_text="not yet")
        link = leo_waiting.locator("a[href^='join']").get_attribute("href")  # his door (beside the coach's view)
        leo = browser.new_context().new_page()  # Leo's own place opens through the link the coach hands him
        leo.goto(url + link, timeout=90_000)
        leo.get_by_role("button", name="Open my plan").click()
        leo.wait_for_selector(".wb-steps", timeout=90_000)
        assert "Riverside Physiotherapy" in leo.inner_text("body")
        for step in (1, 2, 3):
            leo.get_by_role("button", name="Next").click()
            leo.locator(f".wb-page-{step}").wait_for(timeout=30_000)
        coach.get_by_role("button", name="Refresh").click()
        coach.wait_for_function("document.querySelector('table.wb-room').innerText.includes('4. Last purchase')")
        leo_row = room.locator("tr", has_text="Leo Brandt").filter(has_text="4. Last purchase")
        assert re.fullmatch(r"\d{1,2}:\d{2}", leo_row.locator("td").nth(3).inner_text())  # when he joined
        assert "Plan ready" not in room.locator("tr", has_text="Rui Tanaka").inner_text()
        coach.screenshot(path=SHOTS / "workshop-coach.png", full_page=True)

        with coach.expect_download() as download:
            coach.get_by_role("button", name="Zip of all ready plans").click()
            coach.locator("a[download='referral-plans.zip']").click()
        archive = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes()))
        folders = {name.split("/")[0] for name in archive.namelist()}
        assert len(folders) == 11 and any(f.startswith("leo-brandt-") for f in folders)
        assert all(f"{f}/plan.pdf" in archive.namelist() for f in folders)

        # the personal link the coach hands out opens that participant's plan in a new browser
        link = room.locator("tr", has_text="Mira Santos").locator("a[href^='join']").get_attribute("href")
        mira = browser.new_context().new_page()
        mira.goto(url + link, timeout=90_000)
        assert "Open Mira Santos's plan" in mira.inner_text("h1")
        mira.get_by_role("button", name="Open my plan").click()
        mira.wait_for_selector(".wb-steps", timeout=90_000)
        assert "Northgate Office Supplies" in mira.inner_text("body")
        coach.get_by_role("button", name="Refresh").click()
        coach.wait_for_function("[...document.querySelectorAll('table.wb-room tr')].some(row => "
                                "row.innerText.includes('Mira Santos') && !row.innerText.includes('not yet'))")
        mira_row = room.locator("tr", has_text="Mira Santos")  # once the room is drawn again
        assert re.fullmatch(r"\d{1,2}:\d{2}", mira_row.locator("td").nth(3).inner_text())

        # the coach's own view of Mira's plan: read-only, in the coach's browser, which stays the coach's
        view = room.locator("tr", has_text="Mira Santos").locator("a[href^='coach/plan/']").get_attribute("href")
        reading = coach.context.new_page()
        reading.goto(url + view, timeout=90_000)
        assert "Mira Santos's plan (read-only)" in reading.inner_text("h1")
        assert "Northgate Office Supplies" in reading.inner_text("body")
        assert not [c for c in coach.context.cookies() if c["name"] == "wb_participant"]


def test_behind_a_proxy_every_address_carries_the_prefix(tmp_path):
    import urllib.request

    with running_app(tmp_path, options=("--base-url", "/user/ana/")) as url:  # the proxy takes the prefix off
        with urllib.request.urlopen(url, timeout=60) as first:  # the first answer sets the session
            opening = first.read().decode()
            cookies = [c.split(";")[0] for c in first.headers.get_all("Set-Cookie")]
            assert all("Path=/user/ana/" in c for c in first.headers.get_all("Set-Cookie") if c.startswith("wb_"))
        assert "/user/ana/voila/templates/workbook/static/workbook.css" in opening
        again = urllib.request.Request(url, headers={"Cookie": "; ".join(cookies)})
        page = urllib.request.urlopen(again, timeout=60).read().decode()
    assert "/user/ana/voila/templates/workbook/static/workbook.css" in page
    assert '"baseUrl": "/user/ana/"' in page

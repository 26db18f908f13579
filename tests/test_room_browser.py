"""The coach's room in a real browser: it shows who comes in without a reload, and the projector view."""

import pytest
from browser import SHOTS, chromium, running_app

pytestmark = pytest.mark.browser

CODE, COACH = "ROOM-2026", "room-coach-token"


def test_the_coachs_page_shows_who_comes_in_by_itself_and_on_the_projector(tmp_path):
    SHOTS.mkdir(exist_ok=True)
    with running_app(tmp_path, options=("--workshop", CODE, "--coach-token", COACH)) as url, chromium() as browser:
        coach = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        coach.goto(url + f"coach?token={COACH}", timeout=90_000)
        coach.get_by_text("Nobody has joined yet").wait_for(timeout=90_000)

        def arrive(name: str) -> None:
            page = browser.new_context().new_page()
            page.goto(url, timeout=90_000)
            page.get_by_label("Workshop code").fill(CODE.lower())
            page.get_by_label("Your name").fill(name)
            page.get_by_role("button", name="Join").click()
            page.wait_for_selector(".wb-steps", timeout=90_000)

        arrive("Cleo Park")  # the coach clicks nothing: the room is drawn again within a few seconds
        row = coach.locator("table.wb-room tr", has_text="Cleo Park")
        row.wait_for(timeout=20_000)
        assert "just now" in row.inner_text() or "min ago" in row.inner_text()
        assert "English" in row.inner_text() and "1. " in row.inner_text()
        coach.screenshot(path=SHOTS / "room-1280-coach.png", full_page=True)

        coach.get_by_role("button", name="Projector view").click()
        projector = coach.locator(".wb-projector")
        projector.wait_for(timeout=10_000)
        assert coach.locator("table.wb-room").is_hidden()
        assert projector.locator(".wb-projector-code").inner_text() == CODE
        assert projector.locator(".wb-projector-address").inner_text() == url.replace("127.0.0.1", "localhost") + "join"
        qr = projector.locator(".wb-projector-qr svg").bounding_box()
        code = projector.locator(".wb-projector-code").bounding_box()
        assert qr and qr["width"] >= 250 and abs(qr["width"] - qr["height"]) < 2  # big and square
        assert code and code["height"] >= 60  # read from the back of the room
        assert "1 has joined" in projector.inner_text()
        arrive("Dan Moss")
        projector.get_by_text("2 have joined").wait_for(timeout=20_000)
        coach.screenshot(path=SHOTS / "room-1280-projector.png", full_page=True)
        coach.set_viewport_size({"width": 390, "height": 844})
        coach.wait_for_timeout(300)
        coach.screenshot(path=SHOTS / "room-390-projector.png", full_page=True)
        assert coach.evaluate("document.documentElement.scrollWidth") <= 390  # nothing past a phone's edge
        coach.get_by_role("button", name="Projector view").click()
        coach.locator("table.wb-room").wait_for(timeout=10_000)
        coach.screenshot(path=SHOTS / "room-390-coach.png", full_page=True)

"""The owner's Monday in a real browser: the plan's gaps, the day's contacts on a phone, and the whole journey
with the keyboard alone (axe-core checks every page in ``test_layout_browser``)."""

from __future__ import annotations

import datetime as dt

import pytest
from browser import SHOTS, chromium, running_app
from conftest import DATA

from workbook.journey import import_export, set_defaults, update_plan
from workbook.settings import DATA_ENV
from workbook.store import Store

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    with chromium() as opened:
        yield opened


def planned(folder, defaults: bool = True, owner: str = "owner") -> None:
    """A plan from the demo bakery made yesterday (so today is inside the challenge), in ``folder``'s store."""
    with pytest.MonkeyPatch.context() as env, Store(folder / "workbook.sqlite") as store:
        env.setenv(DATA_ENV, str(folder))  # while the plan is made: its data folder is this one
        import_export(store, owner, DATA / "crumb-and-co-bakery-shopify-orders.csv", "Crumb & Co. Bakery",
                      today=dt.date.today() - dt.timedelta(days=1))
        if defaults:
            set_defaults(store, owner, "A cookbook", "A free tasting box", "one_week", "phone")
        else:  # not even the workbook's suggestions
            update_plan(store, owner, reward="", friend_offer="")


def at_step(folder, step: int) -> None:
    with Store(folder / "workbook.sqlite") as store:
        store.save_step("owner", step)


def test_the_plans_gaps_are_grouped_with_a_button_to_each_step(browser, tmp_path):
    planned(tmp_path, defaults=False)
    at_step(tmp_path, 7)
    with running_app(tmp_path) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url, timeout=90_000)
        page.locator(".wb-page-7").wait_for(timeout=90_000)
        gaps = page.locator(".wb-gap").all_inner_texts()
        assert gaps == ["Contact: 10 customers still need a contact method.",
                        "Offers: No reward for the referrer yet. No offer for the friend yet.",
                        "Deadline: No deadline is chosen: one week or two weeks."]
        marked = page.locator(".wb-steps .wb-has-gap").all_inner_texts()
        assert [m.split(". ")[1].split(" ")[0] for m in marked] == ["Contact", "Offers", "Deadline"]
        titles = page.locator(".wb-steps .wb-has-gap").evaluate_all("buttons => buttons.map(b => b.title)")
        assert all("(something to add)" in t for t in titles)  # said in words, not by colour alone
        page.screenshot(path=SHOTS / "step7-gaps.png", full_page=True)
        page.get_by_role("button", name="Go to Offers").click()
        page.locator(".wb-page-5").wait_for(timeout=30_000)
        reward = page.get_by_label("Their thank-you for a referral")
        reward.fill("A signed cookbook")
        reward.press("Enter")
        page.locator(".wb-steps .wb-has-gap", has_text="Offers").wait_for(state="visible", timeout=30_000)
        offer = page.get_by_label("What their friend is offered")
        offer.fill("A free tasting box")
        offer.press("Enter")
        page.locator(".wb-steps .wb-has-gap", has_text="Offers").wait_for(state="detached", timeout=30_000)
        page.close()


def test_today_on_a_phone_calls_with_one_tap_and_keeps_the_outcome(browser, tmp_path):
    planned(tmp_path)
    with running_app(tmp_path) as url:
        page = browser.new_page(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
        page.goto(url + "today", timeout=90_000)
        page.locator(".wb-today").wait_for(timeout=90_000)
        first = page.locator(".wb-today-card").first
        name = first.locator(".wb-today-name").inner_text()
        call = first.get_by_role("link", name="Call ")
        assert call.get_attribute("href").startswith("tel:+1")
        assert first.get_by_role("link", name="Email ").get_attribute("href").startswith("mailto:")
        first.get_by_text("What to say").tap()
        assert "I'll be honest" in first.locator("details ol").inner_text()
        first.get_by_role("button", name="No answer").tap()
        first.get_by_text("Saved: ").wait_for(timeout=30_000)
        assert "no answer" in first.locator(".wb-message-ok").inner_text()
        box = call.bounding_box()
        assert box["height"] >= 44 and box["x"] + box["width"] <= 390  # a thumb's target, on the screen
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1
        page.screenshot(path=SHOTS / "w390-today-saved.png", full_page=True)
        page.reload()
        card = page.locator(".wb-today-card", has_text=name)
        card.locator(".wb-message-ok").wait_for(timeout=90_000)
        assert "no answer" in card.locator(".wb-message-ok").inner_text()
        assert "mod-active" in card.get_by_role("button", name="No answer").get_attribute("class")
        page.close()


def tab_to(page, name: str, role: str | None = None, presses: int = 120) -> None:
    """Press Tab until the focused element's accessible text holds ``name`` (and is a ``role``, when given)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        here = page.evaluate("""() => { const e = document.activeElement;
            const label = e.labels && e.labels.length ? e.labels[0].innerText : '';
            const own = e.tagName === 'SELECT' ? e.value : (e.getAttribute('aria-label') || e.innerText || e.value);
            return [e.tagName.toLowerCase(), ((own || '') + ' ' + label).replace(/\u00a0/g, ' ')]; }""")
        if name in here[1] and (role is None or here[0] == role):
            visible = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert visible != "none", f"no visible focus on {name}"
            return
    raise AssertionError(f"the keyboard never reached {name}")


def press(page, button: str, shows: str, key: str = "Enter", role: str = "button") -> None:
    """Reach ``button`` with Tab, press ``key`` on it, and wait for what it ``shows``."""
    tab_to(page, button, role)
    page.keyboard.press(key)
    page.locator(shows).first.wait_for(timeout=90_000)


def test_the_whole_journey_with_the_keyboard_alone(browser, tmp_path):
    with running_app(tmp_path) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url, timeout=90_000)
        page.locator(".wb-page-0").wait_for(timeout=90_000)
        press(page, "Next", ".wb-page-1")
        press(page, "Use this demo business", ".wb-page-2")
        press(page, "Next", ".wb-page-3")
        press(page, "Next", ".wb-page-4")
        for _ in range(10):
            tab_to(page, "Choose how…", "select")
            page.keyboard.press("ArrowDown")  # Telephone
        page.get_by_text("Every customer has a contact method.").wait_for(timeout=30_000)
        press(page, "Next", ".wb-page-5")
        for field, text in (("Their thank-you for a referral", "A signed cookbook"),
                            ("What their friend is offered", "A free tasting box")):
            tab_to(page, field, "input")
            page.keyboard.type(text)
            page.keyboard.press("Enter")
        page.locator(".wb-steps .wb-has-gap", has_text="Offers").wait_for(state="detached", timeout=30_000)
        press(page, "Next", ".wb-page-6")
        press(page, "One week", ".wb-steps .wb-step:not(.wb-has-gap)", key="Space", role="input")
        page.locator(".wb-steps .wb-has-gap").first.wait_for(state="detached", timeout=30_000)
        press(page, "Next", "text=Your plan is ready")
        tab_to(page, "Plan (PDF)", "a")
        page.close()

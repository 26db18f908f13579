"""Every page as a person sees it, on a phone and on a desktop, in English and in German (longer words), with
data filled in: no two controls or labels drawn over each other, nothing past the screen's edge or cut off,
every tap target at least 44 by 44 pixels, and no choice in a dropdown cut short. Read from the boxes the
browser drew (``LAYOUT_PROBLEMS``); a screenshot of each page goes to the test artefacts. On the same pages,
axe-core (the accessibility rules browsers' own audits use) finds nothing serious or critical."""

from __future__ import annotations

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser import LAYOUT_PROBLEMS, SHOTS, chromium, running_app
from conftest import DATA

from workbook.business import save_details
from workbook.documents.render import plan_html
from workbook.follow.followthrough import record
from workbook.i18n import speaking
from workbook.journey import import_export, set_defaults
from workbook.settings import DATA_ENV
from workbook.store import Store

pytestmark = pytest.mark.browser

SIZES = [(390, "en-GB"), (1280, "en-GB"), (390, "de-DE"), (1280, "de-DE")]
STEPS = 8
SECTIONS = 7

CUT_OFF = """() => [...document.querySelectorAll('select')].flatMap(select => {
    const style = getComputedStyle(select), pen = document.createElement('canvas').getContext('2d');
    pen.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
    return [...select.options].filter(o => pen.measureText(o.text).width > room).map(o => o.text);
})"""


@pytest.fixture(scope="module")
def browser():
    with chromium() as opened:
        yield opened


def planned(folder) -> None:
    """The demo bakery's plan, made yesterday, with the owner's details, a method and a day for everyone, a
    deadline, and a referral already in the log."""
    yesterday = dt.date.today() - dt.timedelta(days=1)
    with pytest.MonkeyPatch.context() as env, Store(folder / "workbook.sqlite") as store:
        env.setenv(DATA_ENV, str(folder))  # while the plan is made: its data folder is this one
        import_export(store, "owner", DATA / "crumb-and-co-bakery-shopify-orders.csv", "Crumb & Co. Bakery",
                      today=yesterday)
        set_defaults(store, "owner", "A cookbook of our breads", "A free tasting box", "one_week", "phone")
        save_details(store, "owner", business="Crumb & Co. Bakery", owner_name="Dana Whitlock",
                     owner_phone="+44 20 7946 0958", owner_email="dana@crumb.example")
        first = store.load_plan("owner").customers[0].name
        record(store, "owner", "referral", {"friend": "Marguerite Oyelaran-Fitzgerald", "by": first,
                                            "how": "phoned and mentioned the sourdough"}, yesterday)


def serious(page) -> list[str]:
    """axe-core's serious and critical findings on the page, in words."""
    found = Axe().run(page).response["violations"]
    return [f"axe {v['id']}: {v['help']} at {v['nodes'][0]['target']}" for v in found
            if v["impact"] in ("serious", "critical")]


def problems_on(page, name: str) -> list[str]:
    """What is wrong with the page as drawn, read and photographed in a window as tall as the page (Voilà's
    page scrolls inside itself, so a screenshot of the window would show only its top)."""
    width = page.viewport_size["width"]
    page.wait_for_timeout(300)
    tall = page.evaluate("Math.max(...[...document.querySelectorAll('*')].map(e => e.scrollHeight))")
    page.set_viewport_size({"width": width, "height": min(tall + 40, 12_000)})
    page.wait_for_timeout(300)
    page.screenshot(path=SHOTS / f"layout-{name}.png")
    found = page.evaluate(LAYOUT_PROBLEMS) + [f"choice cut off: {text}" for text in page.evaluate(CUT_OFF)]
    page.set_viewport_size({"width": width, "height": 900})
    if name.startswith("en-"):  # the rules do not change with the language: once per width
        found += serious(page)
    return [f"{name}: {problem}" for problem in found]


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    made = tmp_path_factory.mktemp("layout")
    planned(made)
    return made


@pytest.fixture(scope="module")
def app(folder):
    with running_app(folder) as url:
        yield url


@pytest.mark.parametrize("width,locale", SIZES)
def test_every_step_of_the_journey_and_follow_through_is_whole(browser, app, width, locale):
    SHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 900}, locale=locale, has_touch=width < 600)
    page = context.new_page()
    tag = f"{locale[:2]}-{width}"
    found: list[str] = []
    page.goto(app, timeout=90_000)
    page.wait_for_selector(".wb-steps", timeout=90_000)
    for step in range(STEPS):
        page.locator(".wb-steps .wb-step").nth(step).click()
        page.locator(f".wb-page-{step}").wait_for(timeout=60_000)
        if step == 4:  # a customer's details open, as an owner changing a number sees them
            page.locator(".wb-page-4 button.wb-change").first.click()
            page.locator(".wb-page-4 .widget-text input").first.wait_for(timeout=30_000)
        found += problems_on(page, f"{tag}-step{step}")
    page.goto(app + "follow", timeout=90_000)
    page.wait_for_selector(".wb-follow-0", timeout=90_000)
    for section in range(SECTIONS):
        page.locator(".widget-toggle-buttons button").nth(section).click()
        page.locator(f".wb-follow-{section}").wait_for(timeout=60_000)
        if section == 1:  # a referral being entered
            page.locator(".wb-follow-1 input[type=text]").first.fill("Konstantin Wolff-Abernathy")
        found += problems_on(page, f"{tag}-follow{section}")
    page.goto(app + "today", timeout=90_000)
    page.locator(".wb-today").wait_for(timeout=90_000)
    found += problems_on(page, f"{tag}-today")
    context.close()
    assert not found, "\n".join(found)


def test_the_join_page_and_the_coachs_room_are_whole(browser, tmp_path):
    SHOTS.mkdir(exist_ok=True)
    found: list[str] = []
    with running_app(tmp_path, options=("--workshop", "LAYOUT-42", "--coach-token", "layout-coach")) as url:
        someone = browser.new_context().new_page()  # the room has a row to draw
        someone.goto(url + "join", timeout=90_000)
        someone.locator("#wb-code").fill("LAYOUT-42")
        someone.locator("#wb-name").fill("Priya Raghunathan-Lindqvist")
        someone.locator("#wb-name").press("Enter")
        someone.wait_for_selector(".wb-steps", timeout=90_000)
        someone.context.close()
        for width, locale in SIZES:
            tag = f"{locale[:2]}-{width}"
            context = browser.new_context(viewport={"width": width, "height": 900}, locale=locale)
            page = context.new_page()
            page.goto(url + "join", timeout=90_000)
            page.locator("#wb-name").fill("Priya Raghunathan-Lindqvist")
            found += problems_on(page, f"{tag}-join")
            page.goto(url + "coach?token=layout-coach", timeout=90_000)
            page.locator(".wb-room, .widget-html").first.wait_for(timeout=90_000)
            page.locator("table.wb-room").wait_for(timeout=90_000)
            found += problems_on(page, f"{tag}-coach")
            page.locator(".wb-coach-projector").click()
            page.locator(".wb-projector").wait_for(timeout=30_000)
            found += problems_on(page, f"{tag}-projector")
            context.close()
    assert not found, "\n".join(found)


@pytest.mark.parametrize("width,locale", SIZES)
def test_the_downloaded_plan_is_whole_on_a_phone_and_on_a_desktop(browser, folder, width, locale):
    with Store(folder / "workbook.sqlite") as store, speaking(locale[:2]):
        page_html = plan_html(store.load_plan("owner"))
    assert_whole(browser, page_html, width, f"{locale[:2]}-{width}-plan-html")


@pytest.mark.parametrize("width,locale", SIZES)
def test_the_hubs_room_page_is_whole_on_a_phone_and_on_a_desktop(browser, width, locale):
    from workbook.app.fragments import hub_room_page
    from workbook.challenge.steps import STEPS as JOURNEY

    with speaking(locale[:2]):
        rows = [{"user": "ana-ruiz", "business": "Crumb & Co. Bakery", "step": f"5. {JOURNEY[4].label}",
                 "customers": 10, "ready": True},
                {"user": "benedikt-oberhausen-schmidt", "business": "Riverside Physiotherapie und Sportmedizin",
                 "step": f"3. {JOURNEY[2].label}", "customers": 0, "ready": False},
                {"user": "cleo", "business": "", "step": "", "customers": 0, "ready": False,
                 "problem": "the workbook's store /home/cleo/referral-workbook/workbook.sqlite is damaged"}]
        page_html = hub_room_page(rows, "/hub/")
    assert_whole(browser, page_html, width, f"{locale[:2]}-{width}-hub-room")


def assert_whole(browser, page_html: str, width: int, name: str) -> None:
    """A page of HTML (not the app's) drawn at ``width`` has none of :func:`problems_on`'s problems."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_content(page_html)
    found = problems_on(page, name)
    context.close()
    assert not found, "\n".join(found)

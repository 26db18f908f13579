"""A page left untouched gives its kernel (its memory) up; its participant, back later, finds it where they were."""

import pytest
from browser import SHOTS, chromium, running_app
from test_strangers import wait_for_kernels
from test_workshop_browser import CODE, demo, join

from workbook.store import Store

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("width", [1280, 390])
def test_an_idle_page_gives_its_kernel_up_and_a_reload_opens_it_where_it_was(tmp_path, width):
    options = ("--workshop", CODE, "--idle-minutes", "0.15", "--ready", "0")  # counted kernels: the page's only
    with running_app(tmp_path, options=options) as url, chromium() as browser:
        page = join(browser, url, "Ida Lund")
        page.set_viewport_size({"width": width, "height": 844})
        table = demo(page, "Riverside Physiotherapy")
        page.get_by_role("button", name="Next").click()
        page.wait_for_selector(".wb-page-3", timeout=60_000)
        assert wait_for_kernels(url, 1) == 1
        assert wait_for_kernels(url, 0, 60) == 0  # untouched for 9 s, the open page's kernel is shut down
        rested = page.locator("#wb-rested")
        rested.wait_for(state="visible", timeout=30_000)
        assert "rested while you were away" in rested.inner_text()
        page.screenshot(path=SHOTS / f"idle-rested-{width}.png")

        page.reload()
        page.wait_for_selector(".wb-page-3", timeout=90_000)  # the step it was on
        page.get_by_role("button", name="Back").click()
        page.wait_for_selector(".wb-page-2 table.wb-table", timeout=60_000)
        assert page.locator(".wb-page-2 table.wb-table tbody").inner_text() == table
        with Store(tmp_path / "workbook.sqlite") as store:
            (owner,) = [row[0] for row in store.connection.execute("SELECT id FROM participants")]
            assert store.plan(owner).business == "Riverside Physiotherapy"

"""The app on a real JupyterHub on this machine: the shipped deploy/jupyterhub/jupyterhub_config.py (the pure-Python
configurable-http-proxy, SimpleLocalProcessSpawner, each user's server jhsingle-native-proxy in front of
``workbook serve``), two participants logged in with the workshop code in Chromium, each with their own plan in
their own folder, and the coach's service reading both stores."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest
from browser import ROOT, SHOTS, chromium, free_port
from test_workshop_browser import demo

pytest.importorskip("jupyterhub")
pytest.importorskip("jhsingle_native_proxy")

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CODE, COACH_PASSWORD = "BAKE26", "coach-secret-password"
SHIPPED = ROOT / "deploy" / "jupyterhub" / "jupyterhub_config.py"


def _config(tmp_path: Path) -> Path:
    """The shipped configuration, with the hub's inner ports made free ones (others may run beside this test)."""
    config = tmp_path / "jupyterhub_config.py"
    config.write_text(f"""
load_subconfig({str(SHIPPED)!r})
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {free_port()}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.JupyterHub.services[0]["url"] = "http://127.0.0.1:{free_port()}"
c.JupyterHub.log_level = "INFO"
""")
    return config


def _stop(process: subprocess.Popen, tree: list[psutil.Process]) -> None:
    """Stop the hub (it stops the proxy and the users' servers), then whatever of its tree is left."""
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
    for child in tree:
        with contextlib.suppress(psutil.Error):
            child.kill()


def _log_in(browser, url: str, name: str, password: str, next_path: str = ""):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url + "hub/login" + (f"?next={next_path}" if next_path else ""), timeout=60_000)
    page.fill("#username_input", name)
    page.fill("#password_input", password)
    page.click("#login_submit")
    return page


def test_two_participants_on_a_hub_each_see_only_their_own_plan(tmp_path):
    from workbook.serve.hub import room
    from workbook.store import Store
    from workbook.workshop.participants import OWNER

    SHOTS.mkdir(exist_ok=True)
    homes, port = tmp_path / "homes", free_port()
    env = dict(os.environ, WORKBOOK_HUB_CODE=CODE, WORKBOOK_HUB_COACH_PASSWORD=COACH_PASSWORD,
               WORKBOOK_HUB_HOMES=str(homes), WORKBOOK_HUB_IP="127.0.0.1", WORKBOOK_HUB_PORT=str(port),
               PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    env.pop("WORKBOOK_DATA_DIR", None)
    log = (tmp_path / "hub.log").open("w")
    hub = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(_config(tmp_path))], cwd=tmp_path,
                           env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    tree: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "hub/health", timeout=2)
                break
            except OSError:
                if hub.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the hub did not start:\n" + (tmp_path / "hub.log").read_text()) from None
                time.sleep(0.3)
        with chromium() as browser:
            ana = _log_in(browser, url, "Ana Ruiz", CODE)
            ben = _log_in(browser, url, "Ben Osei", CODE.lower())  # the code in any case
            ana_table = demo(ana, "Crumb & Co. Bakery", opening=150_000)
            assert "/user/ana-ruiz/" in ana.url
            ben_table = demo(ben, "Riverside Physiotherapy", opening=150_000)
            assert "/user/ben-osei/" in ben.url
            assert "Olivia Redfern" in ana_table and "Olivia Redfern" not in ben_table
            ben.screenshot(path=SHOTS / "jupyterhub-participant.png", full_page=True)
            tree = psutil.Process(hub.pid).children(recursive=True)
            apps = [p for p in tree if "workbook.serve.server" in " ".join(p.cmdline())]
            assert len(apps) == 2  # one app per participant, neither holding the hub's token
            assert not any(name.startswith("JUPYTERHUB_") for app in apps for name in app.environ())

            # each plan is in its owner's own folder, and survives a reload
            stores = {name: homes / name / "referral-workbook" / "workbook.sqlite" for name in ("ana-ruiz", "ben-osei")}
            plans = {}
            for name, path in stores.items():
                assert path.is_file(), name
                with Store(path) as store:
                    plan = store.load_plan(OWNER)
                    assert plan is not None, name
                    plans[name] = {customer.name for customer in plan.customers}
            assert "Olivia Redfern" in plans["ana-ruiz"] and "Olivia Redfern" not in plans["ben-osei"]
            ana.reload()
            ana.wait_for_selector("table.wb-table", timeout=90_000)
            assert "Olivia Redfern" in ana.locator("table.wb-table tbody").inner_text()

            # the app's own POSTs (the language picker, with the page's XSRF token) pass through the hub's proxies
            ana.locator(".wb-steps button", has_text="Welcome").click()
            ana.locator(".wb-page-0").wait_for(timeout=30_000)
            ana.locator(".wb-languages summary").click()
            ana.get_by_role("button", name="Español").click()
            ana.get_by_text("Tus mejores clientes conocen a tus próximos mejores clientes").wait_for(timeout=90_000)
            assert ana.url == url + "user/ana-ruiz/"

            # Ana cannot open Ben's server, nor the coach's service: the hub refuses her
            answer = ana.goto(url + "user/ben-osei/", timeout=60_000)
            assert answer is not None and answer.status == 403
            assert "Riverside" not in ana.content() and "Olivia" not in ana.content()
            answer = ana.goto(url + "services/workbook-coach/", timeout=60_000)
            assert answer is not None and answer.status == 403 and "ben-osei" not in ana.content()

            # another browser typing Ana's name is not let in as Ana
            other = _log_in(browser, url, "ana ruiz", CODE)
            other.wait_for_load_state()
            assert "/hub/login" in other.url and other.locator(".wb-steps").count() == 0
            other.context.close()

            # the coach (the hub's admin) sees every participant's store
            coach = _log_in(browser, url, "coach", COACH_PASSWORD, next_path="/services/workbook-coach/")
            coach.wait_for_selector("table", timeout=60_000)
            rows = coach.locator("tbody tr").all_inner_texts()
            assert len(rows) == 2 and "ana-ruiz" in rows[0] and "Crumb & Co. Bakery" in rows[0]
            assert "ben-osei" in rows[1] and "Riverside Physiotherapy" in rows[1] and "3. Top ten" in rows[1]
            coach.screenshot(path=SHOTS / "jupyterhub-coach.png", full_page=True)
            figures = json.loads(coach.goto(url + "services/workbook-coach/?format=json").text())
            assert {row["user"] for row in figures["participants"]} == {"ana-ruiz", "ben-osei"}
            assert all(row["customers"] for row in figures["participants"])
            coach.go_back()
            coach.get_by_role("link", name="ana-ruiz").click()  # the hub lets its admins into every server,
            coach.get_by_role("button", name="Authorize").click()  # once they confirm it
            coach.wait_for_selector(".wb-steps", timeout=90_000)
            assert coach.url == url + "user/ana-ruiz/"
        rows = {row["user"]: row for row in room(str(homes / "{user}" / "referral-workbook" / "workbook.sqlite"))}
        assert set(rows) == {"ana-ruiz", "ben-osei"}
    finally:
        tree = tree or (psutil.Process(hub.pid).children(recursive=True) if hub.poll() is None else [])
        _stop(hub, tree)
        log.close()

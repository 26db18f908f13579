"""The workbook as a user installs it: a wheel in a fresh virtual environment, run from an empty folder.

Building the wheel and installing it (with its dependencies, from pip's cache) takes about a minute;
every command then runs with nothing of the repository in reach.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from browser import chromium, free_port
from conftest import ROOT

from workbook.settings import DATA_ENV, DEMO_ENV, NOTEBOOKS_ENV

pytestmark = pytest.mark.slow  # a wheel built and installed in a fresh environment: about a minute


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    """A fresh virtual environment with the workbook's wheel installed, and an empty folder to work in."""
    base = tmp_path_factory.mktemp("installed")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(base / "dist"), str(ROOT)],
                   check=True, capture_output=True, timeout=600)
    wheel = next((base / "dist").glob("referral_workbook-*.whl"))
    subprocess.run([sys.executable, "-m", "venv", str(base / "venv")], check=True, timeout=300)
    subprocess.run([str(base / "venv" / "bin" / "pip"), "install", "-q", str(wheel)], check=True,
                   capture_output=True, timeout=1200)
    work = base / "empty"
    work.mkdir()
    left_out = ("PYTHONPATH", "VIRTUAL_ENV", DATA_ENV, DEMO_ENV, NOTEBOOKS_ENV)
    env = {k: v for k, v in os.environ.items() if k not in left_out}
    env["XDG_DATA_HOME"] = str(base / "xdg")  # the user's data folder, kept inside the test
    return {"bin": base / "venv" / "bin", "cwd": work, "env": env, "data": base / "xdg" / "referral-workbook"}


def run(installed: dict, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([str(installed["bin"] / "workbook"), *args], capture_output=True, text=True,
                          cwd=installed["cwd"], env=installed["env"], timeout=timeout)


def demo(installed: dict, name: str) -> Path:
    """Where an installed demo export is (asked of the installed package itself)."""
    found = subprocess.run([str(installed["bin"] / "python"), "-c",
                            "from workbook.places import demo_dir; print(demo_dir())"],
                           capture_output=True, text=True, cwd=installed["cwd"], env=installed["env"], check=True)
    return Path(found.stdout.strip()) / name


def test_the_commands_work_from_an_empty_folder(installed):
    assert run(installed, "--version").stdout.startswith("workbook ")
    plan_notebook = Path(run(installed, "notebook-path", "plan").stdout.strip())
    assert plan_notebook.is_file() and "site-packages" in str(plan_notebook)
    bakery = demo(installed, "crumb-and-co-bakery-shopify-orders.csv")
    assert "site-packages" in str(bakery)
    ranked = run(installed, "rank", str(bakery), "--top", "3")
    assert ranked.returncode == 0 and "Olivia Redfern" in ranked.stdout

    done = run(installed, "plan", str(bakery), "--participant", "Hana Okafor", "--business", "Crumb & Co.",
               "--out", "plans/hana")
    assert done.returncode == 0, done.stderr
    assert (installed["cwd"] / "plans" / "hana" / "plan.pdf").stat().st_size > 1000
    assert done.stdout.strip() == f"Plan for Hana Okafor: {installed['cwd'] / 'plans' / 'hana'}"
    assert "Kernel is running over TCP" not in done.stdout + done.stderr

    roster = installed["cwd"] / "roster.csv"
    roster.write_text("participant,business,data_file\n"
                      f"Leo Brandt,Riverside Physiotherapy,{demo(installed, 'riverside-physio-sales.csv')}\n"
                      f"Mae Ortiz,Bright Path Coaching,{demo(installed, 'bright-path-coaching-stripe.csv')}\n")
    batch = run(installed, "batch", "roster.csv", "--out", "room", timeout=600)
    assert batch.returncode == 0, batch.stderr
    assert "2 plans ready, 0 failed" in batch.stdout
    assert "Kernel is running over TCP" not in batch.stdout + batch.stderr
    assert {p.name for p in (installed["cwd"] / "room").iterdir()} >= {"leo-brandt", "mae-ortiz", "index.html"}


@pytest.mark.browser
def test_the_app_serves_from_an_empty_folder_and_a_busy_port_is_refused(installed):
    port = free_port()
    log = (installed["cwd"] / "serve.log").open("w")
    server = subprocess.Popen([str(installed["bin"] / "workbook"), "serve", "--port", str(port)], cwd=installed["cwd"],
                              env=installed["env"], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(url, timeout=10) as page:
                    assert page.status == 200
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, \
                    (installed["cwd"] / "serve.log").read_text()
                time.sleep(0.5)
        shown = (installed["cwd"] / "serve.log").read_text()
        assert f"Plans, logs and uploads are kept in {installed['data']}" in shown
        with chromium() as browser:
            page = browser.new_page()
            page.goto(url, timeout=90_000)
            page.wait_for_selector(".wb-steps", timeout=90_000)
            assert "Your best customers know your next best customers" in page.inner_text("body")
            page.close()
        busy = run(installed, "serve", "--port", str(port))
        assert busy.returncode == 3 and "Traceback" not in busy.stderr
        assert busy.stderr.strip().startswith(f"workbook: port {port} on 127.0.0.1 cannot be used")
    finally:
        server.terminate()
        server.wait(15)
        log.close()


def test_a_broken_installation_says_what_is_missing_and_how_to_mend_it(installed):
    plan_notebook = Path(run(installed, "notebook-path", "plan").stdout.strip())
    plan_notebook.rename(plan_notebook.with_suffix(".gone"))
    try:
        done = run(installed, "plan", str(demo(installed, "riverside-physio-sales.csv")), "--participant", "X",
                   "--business", "Y", "--out", "x")
        assert done.returncode == 3 and "Traceback" not in done.stderr
        assert "a file the workbook is installed with is missing" in done.stderr and "plan.ipynb" in done.stderr
        assert "reinstall" in done.stderr
    finally:
        plan_notebook.with_suffix(".gone").rename(plan_notebook)

"""The workbook's JupyterHub parts without a hub: the workshop-code login, each user's server command, the room."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

pytest.importorskip("jupyterhub")

from workbook.app.fragments import hub_room_page
from workbook.i18n import speaking
from workbook.serve.hub import (
    CLAIM_COOKIE,
    WorkshopCodeAuthenticator,
    room,
    stores,
    user_server_command,
    username,
)


class Handler:
    """What the authenticator uses of the hub's login handler: its cookies."""

    def __init__(self, cookies: dict[str, str] | None = None) -> None:
        self.cookies = dict(cookies or {})
        self.hub = SimpleNamespace(base_url="/hub/")
        self.request = SimpleNamespace(protocol="http")

    def get_cookie(self, name: str, default: str = "") -> str:
        return self.cookies.get(name, default)

    def set_cookie(self, name: str, value: str, **_options) -> None:
        self.cookies[name] = value


def _authenticator(tmp_path: Path) -> WorkshopCodeAuthenticator:
    return WorkshopCodeAuthenticator(code="bake-26", coach_password="coach-pass", admin_users={"coach"},
                                     claims_file=str(tmp_path / "claims.json"))


def _login(authenticator, handler, name: str, password: str) -> str | None:
    return asyncio.run(authenticator.authenticate(handler, {"username": name, "password": password}))


def test_names_become_hub_users():
    assert username("Ana Ruiz") == "ana-ruiz"
    assert username("  Zoë  O'Neil ") == "zoe-o-neil"
    assert username("Łukasz Żak") == "łukasz-zak" and username("李明") == "李明"  # any script stays a name
    assert username("!!!") == ""
    assert len(username("x" * 200)) == 60


def test_the_code_lets_a_name_in_once_and_the_coach_needs_the_coach_password(tmp_path):
    hub = _authenticator(tmp_path)
    assert hub.allow_all
    ana = Handler()
    assert _login(hub, ana, "Ana Ruiz", "BAKE 26") == "ana-ruiz"  # the code as the app's workshops read it
    assert _login(hub, ana, "ana ruiz", "bake26") == "ana-ruiz"  # the same browser again
    assert _login(hub, Handler(), "Ana Ruiz", "bake-26") is None  # another browser typing her name
    assert _login(hub, Handler(), "Ben", "wrong") is None
    assert _login(hub, Handler(), "", "bake-26") is None
    both = Handler()
    assert _login(hub, both, "Ben", "bake-26") == "ben"
    assert _login(hub, both, "Cleo", "bake-26") == "cleo"  # one browser may hold two names (a shared laptop)
    assert _login(hub, both, "Ben", "bake-26") == "ben"
    assert _login(hub, Handler(), "coach", "bake-26") is None  # the code never makes an admin
    assert _login(hub, Handler(), "Coach", "coach-pass") == "coach"
    claims = json.loads((tmp_path / "claims.json").read_text())
    assert set(claims) == {"ana-ruiz", "ben", "cleo"}
    assert ana.cookies[CLAIM_COOKIE] not in claims.values()  # only digests are kept


def test_no_code_no_entry(tmp_path):
    hub = WorkshopCodeAuthenticator(claims_file=str(tmp_path / "claims.json"))
    assert _login(hub, Handler(), "Ana", "") is None


def test_a_users_server_is_the_app_behind_the_hubs_proxy(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:50123/user/ana-ruiz/")
    command = user_server_command(tmp_path / "x{y}", "de")
    assert command[:4] == [sys.executable, "-m", "workbook.serve.hub", "proxy"]
    assert command[command.index("--ip") + 1] == "127.0.0.1"
    app = command[command.index("--") + 1:]
    assert app[1:4] == ["-m", "workbook", "serve"]
    assert app[app.index("--base-url") + 1] == "{base_url}/" and app[app.index("--port") + 1] == "{port}"
    assert app[app.index("--data-dir") + 1].format() == str(tmp_path / "x{y}")  # the proxy's format() keeps braces
    assert app[app.index("--ready") + 1] == "0"  # a hub user's server is one person's: no kernels wait ahead
    assert app[-2:] == ["--lang", "de"]


def test_the_room_reads_every_users_store(tmp_path):
    from workbook.challenge.plan import Plan
    from workbook.store import Store
    from workbook.workshop.participants import OWNER

    pattern = str(tmp_path / "{user}" / "referral-workbook" / "workbook.sqlite")
    with Store(pattern.format(user="ana-ruiz")) as store:
        store.save_plan(OWNER, Plan(owner=OWNER, business="Crumb & Co. Bakery", today=dt.date.today()))
    Store(pattern.format(user="ben-osei")).close()
    (tmp_path / "stray").mkdir()
    assert set(stores(pattern)) == {"ana-ruiz", "ben-osei"}
    rows = {row["user"]: row for row in room(pattern)}
    assert rows["ana-ruiz"]["business"] == "Crumb & Co. Bakery" and not rows["ana-ruiz"]["ready"]
    assert rows["ben-osei"]["business"] == "" and rows["ben-osei"]["customers"] == 0
    with pytest.raises(ValueError):
        stores(str(tmp_path / "workbook.sqlite"))


def test_the_rooms_page_shows_what_participants_typed_as_text_in_the_coachs_language():
    rows = [{"user": "ana", "business": "<script>x</script>", "step": "3. Top ten", "customers": 10, "ready": True},
            {"user": "ben o", "business": "", "step": "", "customers": 0, "ready": False}]
    page = hub_room_page(rows, "/hub/")
    assert "<script>x" not in page and "&lt;script&gt;x" in page and "href='/hub/user/ana/'" in page
    assert "href='/hub/user/ben%20o/'" in page and "2 participants, 1 with a plan ready." in page
    with speaking("de"):
        german = hub_room_page(rows, "/")
    assert "<html lang='de'>" in german and "2 participants" not in german and "Plan ready" not in german



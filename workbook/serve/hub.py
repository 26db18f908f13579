"""The workbook on JupyterHub: each participant a hub user, the app as their own server, the coach as a hub service.

- :class:`WorkshopCodeAuthenticator` lets a room in with a shared workshop code: the name a participant types is
  their hub user (as a slug: ``Ana Ruiz`` is ``ana-ruiz``), the code is everyone's password. The first browser to
  log in under a name keeps it (a cookie); another browser typing the same name is refused, so nobody opens
  someone else's plan by typing their name. The hub's admins (the coach) log in with the coach's password.
- ``python -m workbook.serve.hub user-server`` is the command each user's server runs (``c.Spawner.cmd``):
  jhsingle-native-proxy, which does the hub's OAuth and passes only the user (and the hub's admins, if the
  hub grants them access) on to ``workbook serve`` under the user's prefix, with the store in the user's folder.
- ``python -m workbook.serve.hub coach --stores PATTERN`` is the coach's hub service: a page, for the hub's admins
  only (the service's OAuth scope), listing every participant's store with the step reached and whether the plan
  is ready.

Nothing here runs in the app itself; only this module imports JupyterHub (``pip install 'referral-workbook[hub]'``).
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import hashlib
import json
import os
import re
import secrets
import sys
import unicodedata
from pathlib import Path
from urllib.parse import urlparse

from jupyterhub.auth import Authenticator
from traitlets import Unicode, default

from ..workshop.participants import plain_code
from .launch import WEBSOCKET_LIMIT

DATA_FOLDER = "referral-workbook"  # the store's folder in a user's home, unless WORKBOOK_DATA_DIR says another
CLAIM_COOKIE = "workbook-claim"


def username(name: str) -> str:
    """The hub user for the name a participant types: lower case, accents dropped, runs of anything but letters and
    digits (in any script) as '-' (``Zoë O'Neil`` -> ``zoe-o-neil``), at most 60 long."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", "-", plain.casefold()).strip("-")[:60].strip("-")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class WorkshopCodeAuthenticator(Authenticator):
    """A participant logs in with their name and the workshop's code; an admin (the coach) with the coach password.

    A name is claimed by the first browser that logs in with it (a cookie holds the claim, the hub keeps its digest
    in ``claims_file``): the same name from another browser is refused, so it does not open that person's plan.
    Remove a name from ``claims_file`` to let a participant in from a new computer."""

    code = Unicode("", config=True, help="The workshop code every participant types as their password.")
    coach_password = Unicode("", config=True, help="The password of the hub's admin users (the coach).")
    claims_file = Unicode("workbook-claims.json", config=True,
                          help="Where the hub keeps which browser holds each name (digests only).")

    @default("allow_all")
    def _allow_all_default(self) -> bool:
        return True  # whoever has the code is in the room

    def normalize_username(self, username_: str) -> str:
        return username(username_)

    def _claims(self) -> dict[str, str]:
        try:
            return json.loads(Path(self.claims_file).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def _same(self, given: str, expected: str) -> bool:
        return bool(given) and bool(expected) and secrets.compare_digest(given.encode(), expected.encode())

    async def authenticate(self, handler, data: dict) -> str | None:
        name = username(data.get("username", ""))
        password = data.get("password", "")
        if not name:
            return None
        if name in self.admin_users:
            return name if self._same(password, self.coach_password) else None
        if not self._same(plain_code(password), plain_code(self.code)):  # as the app's workshops compare codes
            return None
        claims = self._claims()
        held = handler.get_cookie(CLAIM_COOKIE, "") if handler is not None else ""
        if name in claims:
            return name if any(secrets.compare_digest(_digest(part), claims[name])
                               for part in held.split(".") if part) else None
        secret = secrets.token_urlsafe(24)
        claims[name] = _digest(secret)
        Path(self.claims_file).write_text(json.dumps(claims, indent=1), encoding="utf-8")
        if handler is not None:
            handler.set_cookie(CLAIM_COOKIE, ".".join(filter(None, [held, secret])), path=handler.hub.base_url,
                               httponly=True, expires_days=30, samesite="Lax",
                               secure=handler.request.protocol == "https")
        return name


def data_dir() -> Path:
    """The user's store folder: ``WORKBOOK_DATA_DIR`` (as the spawner sets it), else ``~/referral-workbook``."""
    from .. import settings

    given = settings.data_dir()
    return Path(given) if given else Path.home() / DATA_FOLDER


def _literal(text: str) -> str:
    """``text`` as jhsingle-native-proxy passes it on (it fills in ``{port}`` and ``{base_url}`` with str.format)."""
    return text.replace("{", "{{").replace("}", "}}")


def user_server_command(data: Path, language: str | None = None) -> list[str]:
    """jhsingle-native-proxy in front of ``workbook serve``: the proxy listens where the hub says
    (``JUPYTERHUB_SERVICE_URL``), lets in only the hub's user, and starts the app on a free port with the hub's
    prefix as its base URL (the proxy strips the prefix: the app's routes stay at ``/``)."""
    app = [_literal(sys.executable), "-m", "workbook", "serve", "--port", "{port}", "--base-url", "{base_url}/",
           "--data-dir", _literal(str(data)), "--ready", "0"]  # one person's server: no kernels wait for others
    if language:
        app += ["--lang", _literal(language)]
    listen = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL", "")).hostname  # the address the hub will call
    return [sys.executable, "-m", "workbook.serve.hub", "proxy", *(["--ip", listen] if listen else []),
            "--destport", "0", "--authtype", "oauth",
            "--ready-check-path", "/voila/templates/workbook/static/workbook.css", "--ready-timeout", "120",
            "--websocket-max-message-size", str(WEBSOCKET_LIMIT), "--", *app]


# The coach's service ------------------------------------------------------------------------------------------------

def stores(pattern: str) -> dict[str, Path]:
    """Every participant's store matching ``pattern``, a path with ``{user}`` where the user's name is
    (``/home/{user}/referral-workbook/workbook.sqlite``), by user."""
    if "{user}" not in pattern:
        raise ValueError("the stores' pattern needs {user} where each user's name is")
    head, tail = pattern.split("{user}", 1)
    matcher = re.compile(re.escape(head) + r"([^/]+)" + re.escape(tail) + "$")
    found = {}
    for path in sorted(glob.glob(glob.escape(head) + "*" + glob.escape(tail))):
        match = matcher.match(path)
        if match:
            found[match.group(1)] = Path(path)
    return found


def room(pattern: str) -> list[dict]:
    """One row per participant: their business, the step they reached, customers and whether the plan is ready."""
    from ..challenge.steps import STEPS
    from ..store import Store
    from ..workshop.participants import OWNER

    rows = []
    for user, path in stores(pattern).items():
        row: dict = {"user": user, "store": str(path), "business": "", "step": "", "customers": 0, "ready": False}
        try:
            with Store(path) as store:
                plan = store.load_plan(OWNER)
                step = store.steps().get(OWNER, 0)
                row.update(business=store.business(OWNER, "").get("business") or (plan.business if plan else ""),
                           step=f"{step + 1}. {STEPS[min(step, len(STEPS) - 1)].label}",
                           customers=len(plan.customers) if plan else 0,
                           ready=plan is not None and not plan.problems())
        except Exception as error:  # one damaged store does not hide the room
            row["problem"] = str(error)
        rows.append(row)
    return rows


def coach_service(pattern: str, listen: str | None = None) -> None:
    """Serve the room's page at the service's prefix, in the coach's browser's language, to users the hub gives this
    service's access scope (its admins, and any group given the role in jupyterhub_config.py)."""
    from jupyterhub.services.auth import HubOAuthCallbackHandler, HubOAuthenticated
    from jupyterhub.utils import url_path_join
    from tornado import ioloop, web

    from ..app.fragments import hub_room_page
    from ..i18n import choose, speaking

    class Room(HubOAuthenticated, web.RequestHandler):
        @web.authenticated
        def get(self) -> None:
            self.set_header("Cache-Control", "no-store")
            if self.get_argument("format", "") == "json":
                self.finish({"participants": room(pattern)})
                return
            with speaking(choose(accept_language=self.request.headers.get("Accept-Language"))):
                self.finish(hub_room_page(room(pattern), os.environ.get("JUPYTERHUB_BASE_URL", "/")))

    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/")
    url = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10101"))
    app = web.Application([(url_path_join(prefix, "oauth_callback"), HubOAuthCallbackHandler),
                           (prefix, Room)], cookie_secret=secrets.token_bytes(32))
    app.listen(url.port or 80, listen or url.hostname or "127.0.0.1")
    print(f"The room of {pattern} at {prefix}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):  # the hub stops its services with SIGINT
        ioloop.IOLoop.current().start()


def proxy(argv: list[str]) -> None:
    """jhsingle-native-proxy (its command line), letting a page's websocket in when it comes from the page's own origin.

    jhsingle-native-proxy 0.8.3 asks ``check_origin`` of every websocket, a question Tornado 6.5+ asks only of
    cross-origin ones (and answers no, without ``trusted_origins``): it refused every kernel websocket of the app.
    Here the origin is checked as Tornado itself checks it: the same host as the request's, else a trusted one."""
    from jhsingle_native_proxy import main as jhsingle
    from jhsingle_native_proxy.proxyhandlers import SuperviseAndProxyHandler

    default = SuperviseAndProxyHandler.check_origin

    def check_origin(self, origin: str) -> bool:
        host = (self.request.headers.get("Host") or "").lower()
        return (bool(host) and urlparse(origin).netloc.lower() == host) or default(self, origin)

    SuperviseAndProxyHandler.check_origin = check_origin
    jhsingle.run(argv, prog_name="jhsingle-native-proxy")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["proxy"]:
        proxy(argv[1:])
        return 0
    parser = argparse.ArgumentParser(prog="python -m workbook.serve.hub", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    user = commands.add_parser("user-server", help="a hub user's server: jhsingle-native-proxy and workbook serve")
    user.add_argument("--data-dir", help="the user's store (default: WORKBOOK_DATA_DIR, else ~/referral-workbook)")
    user.add_argument("--lang", help="the app's language for visitors who have not chosen one")
    coach = commands.add_parser("coach", help="the coach's hub service: every participant's store")
    coach.add_argument("--stores", required=True, help="the stores' path with {user}: "
                                                       "/home/{user}/referral-workbook/workbook.sqlite")
    coach.add_argument("--listen", help="the address to listen on (default: the host of the service's url; "
                                        "0.0.0.0 in a pod the proxy reaches by a Kubernetes service)")
    args, _hub_args = parser.parse_known_args(argv)  # a spawner's own arguments (none since JupyterHub 2) are ignored
    if args.command == "coach":
        coach_service(args.stores, args.listen)
        return 0
    data = Path(args.data_dir).expanduser() if args.data_dir else data_dir()
    data.mkdir(parents=True, exist_ok=True)
    command = user_server_command(data.resolve(), args.lang)
    sys.stdout.flush()
    os.execv(sys.executable, command)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())

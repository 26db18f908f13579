"""``workbook serve``: Voilà with the workbook template and a configuration safe for strangers."""

from __future__ import annotations

import contextlib
import ipaddress
import os
import secrets
import socket
import sys
from collections.abc import Callable
from pathlib import Path

from .. import places, settings
from ..errors import InputError
from ..i18n import _, ngettext

MAX_UPLOAD_BYTES = settings.MAX_UPLOAD_MB * 1024 * 1024  # the server's hard stop (the page's script warns first)
WEBSOCKET_LIMIT = MAX_UPLOAD_BYTES + 8 * 1024 * 1024


def voila_command(notebook: Path, port: int, host: str, base_url: str = "/", max_pages: int = 60,
                  idle_minutes: float = settings.IDLE_MINUTES, ready: int = 0) -> list[str]:
    """The server's command line: only the app's pages, no file serving, no tracebacks, kernels that belong to their
    visitors and are never more than ``max_pages`` (see :mod:`workbook.serve.kernels`); a page idle for
    ``idle_minutes`` (open or not) gives its kernel up, and a reload opens it again from the store; ``ready``
    kernels wait, started, for the next pages.

    (Voilà itself lets browsers send widget messages only, never code to run; a test checks it.)"""
    return [
        sys.executable, "-m", "workbook.serve.server", str(notebook),
        f"--port={port}", f"--Voila.ip={host}", "--no-browser",
        f"--Voila.base_url={base_url}", "--Voila.server_url=/",
        "--template=workbook", "--theme=light",
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaConfiguration.allow_theme_override=NO",
        "--VoilaConfiguration.allow_template_override=NO",
        "--VoilaConfiguration.http_header_envs=['Cookie', 'Accept-Language']",
        "--VoilaConfiguration.multi_kernel_manager_class=workbook.serve.kernels.OwnedKernelManager",
        f"--OwnedKernelManager.max_kernels={max_pages}",
        f"--OwnedKernelManager.cull_idle_timeout={max(1, round(idle_minutes * 60))}",
        f"--OwnedKernelManager.cull_interval={max(1, min(30, round(idle_minutes * 20)))}",
        "--OwnedKernelManager.cull_connected=True",  # a tab left open on a sleeping phone holds no memory
        f"--OwnedKernelManager.ready={ready}",

        f"--Voila.tornado_settings={{'websocket_max_message_size': {WEBSOCKET_LIMIT}}}",
    ]


def serve(port: int = 8866, host: str = "127.0.0.1", data_dir: str | Path | None = None, workshop: str | None = None,
          coach_token: str | None = None, roster: str | Path | None = None, base_url: str = "/",
          language: str | None = None, max_pages: int = 60, debug: bool = False,
          idle_minutes: float = settings.IDLE_MINUTES, workshop_name: str | None = None,
          ready: int = settings.READY_PAGES) -> int:
    """Run the app until interrupted; the kernel finds the store and demos through the environment.

    With ``workshop`` (its code), participants join at /join and the coach's page is at /coach.
    ``base_url`` is the path a proxy in front (such as JupyterHub's) serves the app under. ``language``
    is the app's language for every visitor who has not chosen one (else their browser's). ``max_pages`` is how many
    pages may be open at once, ``idle_minutes`` how long an untouched page keeps its kernel, ``ready`` how many
    kernels wait, started, for the next pages (a room about to join at once: its size). ``debug`` has the
    kernels log the tracebacks behind their plain messages. ``workshop_name`` is what the workshop is called on its
    participants' pages.
    """
    data = places.data_dir(data_dir)
    notebook = places.notebook("challenge")
    # behind JupyterHub, the hub's token and addresses stay with jhsingle-native-proxy: the app and its kernels never
    # hold them
    inherited = {name: value for name, value in os.environ.items() if not name.startswith("JUPYTERHUB_")}
    env = dict(inherited, **{settings.DATA_ENV: str(data), settings.DEMO_ENV: str(places.demo_dir())},
               JUPYTER_PATH=os.pathsep.join(filter(None, [str(places.jupyter_dir()), os.environ.get("JUPYTER_PATH")])),
               # Arrow's default allocator keeps ~17 MB per kernel after the first read; the
               # system allocator gives it back. Kernels read small exports, so speed is the same.
               ARROW_DEFAULT_MEMORY_POOL="system", MALLOC_ARENA_MAX="2")
    if language:
        env[settings.LANGUAGE_ENV] = language
    if debug:
        env[settings.DEBUG_ENV] = "1"
    if workshop is not None and workshop_name:
        env[settings.WORKSHOP_NAME_ENV] = plain_name(workshop_name)
    port_is_free(host, port)
    data.mkdir(parents=True, exist_ok=True)
    print(_("Plans, logs and uploads are kept in {folder}").format(folder=data))
    if workshop is not None:
        env.update(open_workshop(workshop or new_code(), coach_token, roster, data, host, port, base_url))
    command = voila_command(notebook, port, host, base_url, max_pages, idle_minutes, ready)
    sys.stdout.flush()
    os.execve(sys.executable, command, env)
    return 0  # not reached: execve replaces this process


MAX_WORKSHOP_NAME = 80


def plain_name(name: str) -> str:
    """A workshop's name as its pages show it: on one line, without control characters, at most
    :data:`MAX_WORKSHOP_NAME` characters."""
    import unicodedata

    kept = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf"))
    return " ".join(kept.split())[:MAX_WORKSHOP_NAME]


CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # none that read alike (0/O, 1/I)
MIN_CODE = 6


def new_code() -> str:
    """A workshop code a room can type and nobody can guess in a workshop's time: eight characters (32⁸ codes)."""
    return "".join(secrets.choice(CODE_LETTERS) for _letter in range(8))


def port_is_free(host: str, port: int) -> None:
    """Raise a plain ``InputError`` when another program already serves on ``port``."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server itself will
        try:
            probe.bind((host, port))
        except OSError as error:
            raise InputError(_("port {port} on {host} cannot be used ({reason}): another program, perhaps another "
                               "workbook, is serving there; choose another with --port").format(
                port=port, host=host, reason=error.strerror)) from None


def is_loopback(host: str) -> bool:
    """Whether a server listening on ``host`` answers this machine only (localhost, 127.0.0.1, ::1)."""
    plain = host.strip("[]").lower()
    if plain == "localhost" or plain.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(plain).is_loopback
    except ValueError:
        return False


def _reachable(address: str) -> bool:
    """Whether another machine could reach this one at ``address`` (not loopback, not "every interface")."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return not (ip.is_loopback or ip.is_unspecified)


PRIVATE_PROBES = ("10.255.255.255", "192.168.255.255", "172.31.255.255")  # private: nothing is sent, nobody asked


def lan_address() -> str | None:
    """This machine's IPv4 address on the local network, found without any outside service: the address a UDP socket
    sends from towards a private network address (a UDP "connect" only picks the outgoing interface, it sends
    nothing), else one its host name resolves to; None when it has none but loopback."""
    found = []
    for probe in PRIVATE_PROBES:
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                udp.connect((probe, 9))
                found.append(udp.getsockname()[0])
        except OSError:
            continue
    with contextlib.suppress(OSError):
        found += socket.gethostbyname_ex(socket.gethostname())[2]
    return next((address for address in found if _reachable(address)), None)


def room_address(host: str, port: int, base_url: str = "/",
                 find_lan: Callable[[], str | None] = lan_address) -> tuple[str, bool]:
    """The address (without a trailing slash) a browser opens to reach a server listening on ``host``, and whether
    the room reaches it: for every interface (0.0.0.0, ::) this machine's address on the local network (from
    ``find_lan``, else its host name); for a loopback host ``localhost``, which only this machine reaches; another
    host as it is."""
    plain = host.strip("[]")
    if is_loopback(plain):
        name, room = "localhost", False
    elif plain in ("", "0.0.0.0", "::"):
        name, room = find_lan() or socket.gethostname(), True
    else:
        name, room = plain, True
    if ":" in name:
        name = f"[{name}]"
    return f"http://{name}:{port}{base_url.rstrip('/')}", room


def open_workshop(code: str, coach_token: str | None, roster: str | Path | None, data_dir: Path, host: str,
                  port: int, base_url: str = "/", find_lan: Callable[[], str | None] = lan_address) -> dict[str, str]:
    """Prepare a workshop (participants from the roster, a coach token) and say where everyone goes: at an address
    the room reaches, or (served on this machine only) that it works here only and how to open it to the room."""
    from ..store import Store
    from ..workshop.participants import add_roster, plain_code

    if len(plain_code(code)) < MIN_CODE:
        raise InputError(_("a workshop code needs at least {count} letters or digits, so that nobody guesses it; give "
                           "a longer one, or --workshop alone for one made up").format(count=MIN_CODE))

    token = coach_token or secrets.token_urlsafe(24)
    if roster:
        with Store(data_dir / "workbook.sqlite") as store:
            created, problems = add_roster(store, roster)
        print(ngettext("{count} participant from {file}", "{count} participants from {file}", len(created)).format(
            count=len(created), file=Path(roster).name))
        for problem in problems:
            print(f"  {problem}")
    address, room = room_address(host, port, base_url, find_lan)
    join = f"{address}/join"
    print(_("Workshop code: {code}").format(code=code.upper()))
    print(_("Participants join at {address}").format(address=join))
    if not room:
        print("  " + _("This address works only on this machine. To open the workshop to the room, start it with "
                       "--host 0.0.0.0; it then prints this machine's address on the network, for the room to join "
                       "at."))
    print(_("Coach page: {address}").format(address=f"{address}/coach?token={token}"))
    return {settings.WORKSHOP_ENV: code.upper(), settings.COACH_ENV: token, settings.JOIN_ENV: join}

"""``workbook serve``: Voilà with the workbook template and a configuration safe for strangers."""

from __future__ import annotations

import os
import secrets
import socket
import sys
from pathlib import Path

from .. import places, settings
from ..errors import InputError
from ..i18n import _, ngettext

MAX_UPLOAD_BYTES = settings.MAX_UPLOAD_MB * 1024 * 1024  # the server's hard stop (the page's script warns first)
WEBSOCKET_LIMIT = MAX_UPLOAD_BYTES + 8 * 1024 * 1024


def voila_command(notebook: Path, port: int, host: str, base_url: str = "/", max_pages: int = 60) -> list[str]:
    """The server's command line: only the app's pages, no file serving, no tracebacks, kernels that belong to their
    visitors and are never more than ``max_pages`` (see :mod:`workbook.serve.kernels`).

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

        f"--Voila.tornado_settings={{'websocket_max_message_size': {WEBSOCKET_LIMIT}}}",
    ]


def serve(port: int = 8866, host: str = "127.0.0.1", data_dir: str | Path | None = None, workshop: str | None = None,
          coach_token: str | None = None, roster: str | Path | None = None, base_url: str = "/",
          language: str | None = None, max_pages: int = 60, debug: bool = False,
          workshop_name: str | None = None) -> int:
    """Run the app until interrupted; the kernel finds the store and demos through the environment.

    With ``workshop`` (its code), participants join at /join and the coach's page is at /coach.
    ``base_url`` is the path a proxy in front (such as JupyterHub's) serves the app under. ``language``
    is the app's language for every visitor who has not chosen one (else their browser's). ``max_pages`` is how many
    pages may be open at once. ``debug`` has the kernels log the tracebacks behind their plain messages.
    ``workshop_name`` is what the workshop is called on its participants' pages.
    """
    data = places.data_dir(data_dir)
    notebook = places.notebook("challenge")
    env = dict(os.environ, **{settings.DATA_ENV: str(data), settings.DEMO_ENV: str(places.demo_dir())},
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
        env.update(open_workshop(workshop or new_code(), coach_token, roster, data, host, port))
    command = voila_command(notebook, port, host, base_url, max_pages)
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


def open_workshop(code: str, coach_token: str | None, roster: str | Path | None, data_dir: Path, host: str,
                  port: int) -> dict[str, str]:
    """Prepare a workshop (participants from the roster, a coach token) and say where everyone goes."""
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
    name = {"127.0.0.1": "localhost", "0.0.0.0": socket.gethostname(), "::": socket.gethostname()}.get(host, host)
    address = f"http://{name}:{port}"
    print(_("Workshop code: {code}").format(code=code.upper()))
    print(_("Participants join at {address}").format(address=f"{address}/join"))
    print(_("Coach page: {address}").format(address=f"{address}/coach?token={token}"))
    return {settings.WORKSHOP_ENV: code.upper(), settings.COACH_ENV: token}

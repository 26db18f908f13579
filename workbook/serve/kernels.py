"""The app's kernels: each belongs to the browser that opened its page, and there are never too many.

A page's kernel is tied to its visitor's key, a digest of the secrets the browser holds (its session
cookie, and a participant's or the coach's secret). Only a request carrying the same secrets reaches the
kernel (its websocket, its address, its shutdown). Whoever the pages are for (the owner, a participant,
the coach) keeps a few kernels at most, however many sessions they open: their oldest goes when they
open another page. A kernel whose page never connected goes after ``connect_within`` seconds, one left
without its page goes after ``cull_idle_timeout``, and past ``max_kernels`` the room is full.

``ready`` kernels are started ahead of visitors, with the app's code already imported, and belong to nobody
until a page takes one: it is then tied to its visitor and given the visitor's request (their cookies, their
address's query) before Voilà runs the page in it. A room joining at once finds its kernels started; the pool
fills again once no page has started for a few seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import secrets
import time
from typing import cast

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from jupyter_server.utils import ApiPath
from traitlets import Integer

from ..workshop.participants import COACH_COOKIE, PARTICIPANT_COOKIE, cookie

SESSION_COOKIE = "wb_session"
KEYED_COOKIES = (SESSION_COOKIE, PARTICIPANT_COOKIE, COACH_COOKIE)


def new_session() -> str:
    """A browser's session secret (its cookie's value)."""
    return secrets.token_urlsafe(32)


def visitor_key(cookie_header: str | None) -> str:
    """The digest a visitor's kernels are tied to; '' for a browser without a session (which gets none)."""
    values = [cookie(cookie_header, name) for name in KEYED_COOKIES]
    if not values[0]:
        return ""
    return hashlib.sha256("\0".join(values).encode()).hexdigest()


def whose(cookie_header: str | None) -> str:
    """The digest of whom a visitor's pages are for (their participant's or the coach's secret; the owner's
    when neither), whatever their session."""
    values = [cookie(cookie_header, name) for name in KEYED_COOKIES[1:]]
    return hashlib.sha256("\0".join(values).encode()).hexdigest()


class OwnedKernelManager(AsyncMappingKernelManager):
    """Voilà's kernel manager, keeping whose each kernel is and how many there are."""

    max_kernels = Integer(60, config=True, help="Kernels at most (about 60 MB each); past it the room is full.")
    per_owner = Integer(4, config=True, help="Kernels at most for one owner, participant or coach (open pages, in "
                                             "any number of sessions); the oldest goes first.")
    connect_within = Integer(120, config=True, help="Seconds a page has to connect to its new kernel.")
    cull_idle_timeout = Integer(1200, config=True, help="Seconds a kernel without its page is kept.")
    cull_interval = Integer(30, config=True, help="Seconds between looks for kernels to shut down.")
    ready = Integer(0, config=True, help="Kernels kept started ahead of visitors (within max_kernels).")
    quiet = 3.0  # seconds without a page starting before the pool fills again (a room joining comes first)
    warm_up = "import workbook.app.challenge, workbook.app.follow  # noqa"  # what a ready kernel has imported

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._owners: dict[str, str] = {}
        self._whose: dict[str, str] = {}
        self._opened: dict[str, float] = {}
        self._connected: set[str] = set()
        self._ready: list[str] = []
        self._last_start = 0.0
        self._filling: asyncio.Task | None = None
        if self.ready > 0:
            with contextlib.suppress(RuntimeError):  # no loop: nothing ahead (the server always has one)
                self._filling = asyncio.get_event_loop().create_task(self._fill())

    def owns(self, kernel_id: str, cookie_header: str | None) -> bool:
        """Whether the browser sending ``cookie_header`` opened the page of ``kernel_id``."""
        key = visitor_key(cookie_header)
        return bool(key) and kernel_id in self and secrets.compare_digest(self._owners.get(kernel_id, ""), key)

    def _kernels_for(self, person: str) -> list[str]:
        """The kernels still running for ``person`` (see :func:`whose`), oldest first."""
        theirs = [k for k, them in self._whose.items() if them == person and k in self]
        return sorted(theirs, key=lambda kernel: self._opened.get(kernel, 0.0))

    def is_full(self, cookie_header: str | None) -> bool:
        """Whether a page for this visitor would find no room (they have no kernel of their own to give up)."""
        taken = len(self) - len(self._ready)
        return taken >= self.max_kernels and not self._kernels_for(whose(cookie_header))

    async def start_kernel(self, **kwargs) -> str:  # type: ignore[override]  # async, as Jupyter's own
        """A kernel for a page, tied to the visitor whose request's cookies Voilà hands on in ``env``."""
        cookies = kwargs.get("env", {}).get("HTTP_COOKIE")
        key, person = visitor_key(cookies), whose(cookies)
        if not key:
            raise PermissionError("a kernel is started only for a browser with a session")
        running = self._kernels_for(person)
        for old in running[: max(0, len(running) - self.per_owner + 1)]:
            await self.shutdown_kernel(old)
        self._last_start = time.monotonic()
        kernel_id = await self._hand_over(kwargs) or await super().start_kernel(**kwargs)
        self._owners[kernel_id], self._whose[kernel_id], self._opened[kernel_id] = key, person, time.monotonic()
        self._fill_later()
        return kernel_id

    async def _hand_over(self, kwargs: dict) -> str | None:
        """A ready kernel given the request's environment (what differs from the server's), or None if none is
        ready for this page's folder (ready kernels run in the app's own)."""
        if not self._ready or self.cwd_for_path(kwargs.get("path") or "") != self.cwd_for_path(""):
            return None
        kernel_id = self._ready.pop(0)
        given = {name: value for name, value in kwargs.get("env", {}).items() if os.environ.get(name) != value}
        try:
            await self._run(kernel_id, f"__import__('os').environ.update(__import__('json').loads({json.dumps(given)!r}"
                                       "))")
        except (TimeoutError, RuntimeError) as failed:
            self.log.warning("A ready kernel could not take its page (%s): starting one", failed)
            await self.shutdown_kernel(kernel_id, now=True)
            return None
        return kernel_id

    async def _run(self, kernel_id: str, code: str) -> None:
        """Run ``code`` in the kernel, silently, and wait until it has run (``RuntimeError`` if it failed)."""
        client = cast(AsyncKernelClient, self.get_kernel(kernel_id).client())  # the async manager's client
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=60)
            asked = client.execute(code, silent=True, store_history=False)
            while True:
                reply = await client.get_shell_msg(timeout=60)
                if reply["parent_header"].get("msg_id") == asked:
                    break
            if reply["content"]["status"] != "ok":
                raise RuntimeError(reply["content"].get("ename", "error"))
        finally:
            client.stop_channels()

    def _fill_later(self) -> None:
        if self.ready > 0 and (self._filling is None or self._filling.done()):
            self._filling = asyncio.get_running_loop().create_task(self._fill())

    async def _fill(self) -> None:
        """Start kernels until ``ready`` are waiting (within ``max_kernels``), once pages have stopped starting."""
        while len(self._ready) < self.ready and len(self) < self.max_kernels:
            wait = self._last_start + self.quiet - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
                continue
            env = {**os.environ, "VOILA_PREHEAT": "False"}
            kernel_id = await super().start_kernel(path=ApiPath(""), env=env)
            try:
                await self._run(kernel_id, self.warm_up)
            except (TimeoutError, RuntimeError) as failed:
                self.log.warning("A kernel to keep ready failed to start (%s)", failed)
                await self.shutdown_kernel(kernel_id, now=True)
                return
            self._ready.append(kernel_id)

    def notify_connect(self, kernel_id: str) -> None:
        super().notify_connect(kernel_id)
        self._connected.add(kernel_id)

    async def shutdown_kernel(self, kernel_id: str, now: bool = False,  # type: ignore[override]  # as Jupyter's
                              restart: bool = False) -> None:
        await super().shutdown_kernel(kernel_id, now=now, restart=restart)
        for kept in (self._owners, self._whose, self._opened):
            kept.pop(kernel_id, None)
        self._connected.discard(kernel_id)
        if kernel_id in self._ready:
            self._ready.remove(kernel_id)

    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        """Jupyter's idle rule, and before it: a kernel whose page never connected goes after ``connect_within``."""
        if kernel_id in self._ready:  # waiting for its page, not idle
            return
        opened = self._opened.get(kernel_id, time.monotonic())
        if kernel_id not in self._connected and time.monotonic() - opened > self.connect_within:
            self.log.info("Shutting down kernel %s: its page never connected", kernel_id)
            await self.shutdown_kernel(kernel_id)
            return
        await super().cull_kernel_if_idle(kernel_id)

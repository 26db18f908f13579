"""The app's kernels: each belongs to the browser that opened its page, and there are never too many.

A page's kernel is tied to its visitor's key, a digest of the secrets the browser holds (its session
cookie, and a participant's or the coach's secret). Only a request carrying the same secrets reaches the
kernel (its websocket, its address, its shutdown). Whoever the pages are for (the owner, a participant,
the coach) keeps a few kernels at most, however many sessions they open: their oldest goes when they
open another page. A kernel whose page never connected goes after ``connect_within`` seconds, one left
without its page goes after ``cull_idle_timeout``, and past ``max_kernels`` the room is full.
"""

from __future__ import annotations

import hashlib
import secrets
import time

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
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

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._owners: dict[str, str] = {}
        self._whose: dict[str, str] = {}
        self._opened: dict[str, float] = {}
        self._connected: set[str] = set()

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
        return len(self) >= self.max_kernels and not self._kernels_for(whose(cookie_header))

    async def start_kernel(self, **kwargs) -> str:  # type: ignore[override]  # async, as Jupyter's own
        """A kernel for a page, tied to the visitor whose request's cookies Voilà hands on in ``env``."""
        cookies = kwargs.get("env", {}).get("HTTP_COOKIE")
        key, person = visitor_key(cookies), whose(cookies)
        if not key:
            raise PermissionError("a kernel is started only for a browser with a session")
        running = self._kernels_for(person)
        for old in running[: max(0, len(running) - self.per_owner + 1)]:
            await self.shutdown_kernel(old)
        kernel_id = await super().start_kernel(**kwargs)
        self._owners[kernel_id], self._whose[kernel_id], self._opened[kernel_id] = key, person, time.monotonic()
        return kernel_id

    def notify_connect(self, kernel_id: str) -> None:
        super().notify_connect(kernel_id)
        self._connected.add(kernel_id)

    async def shutdown_kernel(self, kernel_id: str, now: bool = False,  # type: ignore[override]  # as Jupyter's
                              restart: bool = False) -> None:
        await super().shutdown_kernel(kernel_id, now=now, restart=restart)
        for kept in (self._owners, self._whose, self._opened):
            kept.pop(kernel_id, None)
        self._connected.discard(kernel_id)

    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        """Jupyter's idle rule, and before it: a kernel whose page never connected goes after ``connect_within``."""
        opened = self._opened.get(kernel_id, time.monotonic())
        if kernel_id not in self._connected and time.monotonic() - opened > self.connect_within:
            self.log.info("Shutting down kernel %s: its page never connected", kernel_id)
            await self.shutdown_kernel(kernel_id)
            return
        await super().cull_kernel_if_idle(kernel_id)

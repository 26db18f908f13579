"""The runtime settings: every environment variable the workbook reads, read here and nowhere else.

``workbook serve`` sets the first six for the app's kernels; a command or a notebook may set them too. The last
three are the visitor's request as Voilà hands it to a page's kernel (its cookies, its address's query and the
languages the browser asks for).
"""
from __future__ import annotations

import os

DATA_ENV = "WORKBOOK_DATA_DIR"  # where plans, logs and uploads are kept
DEMO_ENV = "WORKBOOK_DEMO_DIR"  # the demo businesses' exports
WORKSHOP_ENV = "WORKBOOK_WORKSHOP"  # the workshop's code: set, the server is a workshop's
WORKSHOP_NAME_ENV = "WORKBOOK_WORKSHOP_NAME"  # the workshop's name, shown to its participants on every page
COACH_ENV = "WORKBOOK_COACH_TOKEN"  # the coach's secret
JOIN_ENV = "WORKBOOK_JOIN_ADDRESS"  # where the workshop's participants join (the address printed by serve)
LANGUAGE_ENV = "WORKBOOK_LANGUAGE"  # the server's or a command's language (serve --lang sets it for the app)
NOTEBOOKS_ENV = "WORKBOOK_NOTEBOOKS"  # a folder with a coach's own plan.ipynb for batch runs
DEBUG_ENV = "WORKBOOK_DEBUG"  # 1: a plain message comes with its traceback
IDLE_MINUTES = 20  # a page untouched this long gives its kernel up (reloaded, it opens from the store)
READY_PAGES = 2  # kernels the server keeps started ahead of the next pages (``workbook serve --ready``)
MAX_UPLOAD_MB = 50  # the largest export a browser may send: the page says so before sending; the server refuses more


def _given(name: str) -> str | None:
    return os.environ.get(name) or None


def data_dir() -> str | None:
    """The data folder given in the environment, if any."""
    return _given(DATA_ENV)


def demo_dir() -> str | None:
    """The demo exports' folder given in the environment, if any."""
    return _given(DEMO_ENV)


def workshop_code() -> str | None:
    """The workshop's code; None when the owner works alone."""
    return _given(WORKSHOP_ENV)


def workshop_name() -> str | None:
    """The workshop's name (``serve --workshop-name``); None when it has none."""
    return _given(WORKSHOP_NAME_ENV)


def coach_token() -> str | None:
    """The coach's secret; None when there is no coach."""
    return _given(COACH_ENV)


def join_address() -> str | None:
    """The workshop's join address as ``workbook serve`` printed it, if known."""
    return _given(JOIN_ENV)


def language() -> str | None:
    """The language the server or the command was told to speak, if any."""
    return _given(LANGUAGE_ENV)


def notebooks_dir() -> str | None:
    """The folder of a coach's own plan notebook, if any."""
    return _given(NOTEBOOKS_ENV)


def debug() -> bool:
    """Whether plain messages come with their tracebacks."""
    return (_given(DEBUG_ENV) or "0").lower() not in ("0", "false", "no")


def request_cookies() -> str | None:
    """The page's request: its ``Cookie`` header."""
    return _given("HTTP_COOKIE")


def request_query() -> str:
    """The page's request: the query of its address (``step=...``)."""
    return os.environ.get("QUERY_STRING", "")


def request_languages() -> str | None:
    """The page's request: its ``Accept-Language`` header."""
    return _given("HTTP_ACCEPT_LANGUAGE")

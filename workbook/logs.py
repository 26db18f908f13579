"""The ``workbook`` logger: people get a plain message; ``--debug`` or ``WORKBOOK_DEBUG=1`` adds its traceback."""

from __future__ import annotations

import logging
import sys

from . import settings

log = logging.getLogger("workbook")


def hidden(error: BaseException) -> None:
    """Keep what a plain message about ``error`` leaves out (its traceback), for whoever debugs."""
    log.debug("behind the message: %s: %s", type(error).__name__, error, exc_info=error)


def set_up(debug: bool = False) -> None:
    """Say the workbook's debug lines on stderr (as it is now) when ``debug`` or ``WORKBOOK_DEBUG`` asks for them."""
    if not (debug or settings.debug()):
        return
    for old in list(log.handlers):
        log.removeHandler(old)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("workbook: %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.DEBUG)

"""The challenge's deadline: one week or two, always on a Friday."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from .i18n import N_

DeadlineChoice = Literal["one_week", "two_weeks"]
DEADLINE_CHOICES: tuple[str, ...] = ("one_week", "two_weeks")
DEADLINE_LABELS = {"one_week": N_("One week"), "two_weeks": N_("Two weeks")}
FRIDAY = 4


def deadline_options(today: dt.date) -> dict[str, dt.date]:
    """Both deadlines: the first Friday at least 7 days away, and the Friday after it."""
    at_least = today + dt.timedelta(days=7)
    one_week = at_least + dt.timedelta(days=(FRIDAY - at_least.weekday()) % 7)
    return {"one_week": one_week, "two_weeks": one_week + dt.timedelta(days=7)}


def deadline_for(choice: str, today: dt.date) -> dt.date:
    """The date of ``choice`` ("one_week" or "two_weeks") counted from ``today``."""
    if choice not in DEADLINE_CHOICES:
        raise ValueError(f"the deadline is one_week or two_weeks, not {choice!r}")
    return deadline_options(today)[choice]


def working_days(start: dt.date, end: dt.date) -> list[dt.date]:
    """Monday-to-Friday dates after ``start`` up to and including ``end``."""
    days = (end - start).days
    dates = (start + dt.timedelta(days=n) for n in range(1, days + 1))
    return [d for d in dates if d.weekday() < 5]

"""The challenge's deadline: one week or two, always on a Friday."""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

from ..i18n import N_

DeadlineChoice = Literal["one_week", "two_weeks"]
DEADLINE_CHOICES: tuple[DeadlineChoice, ...] = get_args(DeadlineChoice)
DEADLINE_LABELS = {"one_week": N_("One week"), "two_weeks": N_("Two weeks")}
FRIDAY = 4
AT_LEAST_DAYS = 5  # "one week" is the first Friday at least this many days away


def deadline_options(today: dt.date) -> dict[str, dt.date]:
    """Both deadlines: the first Friday at least five days away ("next Friday", seen from the weekend the challenge
    is done), and the Friday after it. Friday: +7 and +14; Saturday: +6 and +13; Sunday: +5 and +12; Monday: +11
    and +18."""
    at_least = today + dt.timedelta(days=AT_LEAST_DAYS)
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


def contact_days(today: dt.date, deadline: dt.date) -> list[dt.date]:
    """The days to contact customers on: the working days from the next one after ``today`` to ``deadline``."""
    return working_days(today, deadline)

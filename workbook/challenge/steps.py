"""The challenge's steps, in the order the owner takes them: the one list the plan's gaps and the app's pages use."""

from __future__ import annotations

from enum import StrEnum

from ..i18n import N_, _


class Step(StrEnum):
    """A step of the challenge; its value is the name a plan's gaps and the store use for it."""

    WELCOME = "welcome"
    CUSTOMERS = "customers"
    TOP_TEN = "top_ten"
    LAST_PURCHASE = "last_purchase"
    CONTACT = "contact"
    OFFERS = "offers"
    DEADLINE = "deadline"
    PLAN = "plan"

    @property
    def at(self) -> int:
        """Where the step is in the challenge, from 0."""
        return STEPS.index(self)

    @property
    def label(self) -> str:
        """The step's name as the owner sees it, in the language spoken."""
        return _(_TITLES[self])


_TITLES = {Step.WELCOME: N_("Welcome"), Step.CUSTOMERS: N_("Your customers"), Step.TOP_TEN: N_("Top ten"),
           Step.LAST_PURCHASE: N_("Last purchase"), Step.CONTACT: N_("Contact"), Step.OFFERS: N_("Offers"),
           Step.DEADLINE: N_("Deadline"), Step.PLAN: N_("Your plan")}
STEPS: tuple[Step, ...] = tuple(Step)


def step_names() -> list[str]:
    """The steps' names as the owner sees them, in order, in the language spoken."""
    return [step.label for step in STEPS]

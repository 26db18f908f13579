"""The owner's Monday: today's contacts on a phone, one tap to call or write, one tap to say how it went.

Each tap hands its work to :func:`followthrough.record` (which saves it before returning) and shows
what was saved at once."""

from __future__ import annotations

import datetime as dt

import ipywidgets as w

from ..challenge.plan import OUTCOMES, outcome_label
from ..errors import InputError
from ..follow.followthrough import checklist, record, todays
from ..follow.logbook import Logbook
from ..i18n import _
from ..store import open_store
from . import follow_fragments as fh
from . import fragments
from .widgets import Looks, visitor_with_plan, with_whose


def for_this_visitor() -> w.Widget:
    """Today's page for whoever opened it (the same gate as the challenge)."""
    found = visitor_with_plan()
    return found if isinstance(found, w.Widget) else with_whose(found, TodayApp(found).widget)


class TodayApp:
    """Today's and overdue contacts, each a card with links and the four outcomes as buttons."""

    def __init__(self, owner: str, today: dt.date | None = None) -> None:
        self.owner, self.today = owner, today or dt.date.today()
        self.store = open_store()
        self.looks = Looks()
        plan = self.store.plan(owner)
        links = self.looks.text(fragments.links(("follow", _("Follow through")), ("./", _("Your plan")),
                                                classes="wb-next"))
        if plan.deadline is None:  # no day is anyone's yet
            self.widget = w.VBox([self.looks.text(fh.no_deadline_yet(plan)), links], layout=w.Layout(max_width="640px"))
            self.widget.add_class("wb-today")
            return
        items = todays(checklist(plan, Logbook(self.store, owner).contacts(plan.round), self.today), self.today)
        cards = [self.card(item, plan) for item in items]
        self.widget = w.VBox([self.looks.text(fh.today_heading(items, self.today)), *cards, links],
                             layout=w.Layout(max_width="640px"))
        self.widget.add_class("wb-today")

    def card(self, item, plan) -> w.Widget:
        done = item.contact.outcome if item.contact and item.contact.done_on else None
        outcome = w.ToggleButtons(options=[(outcome_label(key), key) for key in OUTCOMES], value=done,
                                  description=_("How it went"), style={"button_width": "auto"})
        saved = _("Saved: {what}.").format(what=outcome_label(done, in_sentence=True)) if done else ""
        said = self.looks.text(fragments.message(saved, "ok") if saved else "")
        outcome.observe(lambda change: self.save(item.customer.key, change["new"], said), names="value")
        box = w.VBox([self.looks.text(fh.today_card(item, plan)), outcome, said])
        box.add_class("wb-today-card")
        return box

    def save(self, key: str, outcome: str | None, said: w.HTML) -> None:
        try:
            text, _warning = record(self.store, self.owner, "contact", {"customer": key, "outcome": outcome},
                                    self.today)
        except InputError as error:
            said.value = fragments.message(str(error))
            return
        said.value = fragments.message(_("Saved: {what}").format(what=text), "ok")

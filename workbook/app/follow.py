"""The follow-through part of the app: the checklist, referrals coming in, thank-yous, sources,
results and the next round. Each callback hands its work to :mod:`workbook.follow.followthrough` (which
saves it before returning) and shows what was saved."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import ipywidgets as w

from ..challenge.plan import CONTACT_METHODS, OUTCOMES, method_label, outcome_label
from ..errors import InputError
from ..follow.followthrough import advocates, checklist, gift_warning, record, referrers, report, thanks_due
from ..follow.logbook import Logbook
from ..i18n import N_, _
from ..journey import start_next_round
from ..markup import element
from ..store import open_store
from . import follow_fragments as fh
from . import fragments
from .widgets import Looks, close_widgets, visitor_with_plan, with_whose

SECTIONS = [N_("Checklist"), N_("Referrals"), N_("Thank-yous"), N_("Sources"), N_("Health check"), N_("Results"),
            N_("Next round")]
PROFESSIONS = [N_("Accountant"), N_("Attorney"), N_("Banker"), N_("Broker"), N_("Financial adviser"),
               N_("Estate agent")]
THANKS_HOW = [N_("Hand-written note"), N_("Phone call"), N_("Card"), N_("In person")]


def for_this_visitor() -> w.Widget:
    """Follow-through for whoever opened the page."""
    found = visitor_with_plan()
    return found if isinstance(found, w.Widget) else with_whose(found, FollowApp(found).widget)


class FollowApp:
    """One section on screen at a time; every entry saved at once and acknowledged."""

    def __init__(self, owner: str) -> None:
        self.owner = owner
        self.store = open_store()
        self.log = Logbook(self.store, owner)
        self.looks = Looks()
        self.saved = w.HTML()  # what was last saved, or why not
        self.menu = w.ToggleButtons(options=[(_(name), at) for at, name in enumerate(SECTIONS)], value=0,
                                    style={"button_width": "auto"})
        self.menu.observe(lambda change: self.switch(change["new"]), names="value")
        self.body = w.VBox()
        self.widget = w.VBox([w.HTML(element("h1", _("Follow through"))
                                     + fragments.links(("today", _("Today’s contacts")), ("./", _("Back to your plan")),
                                                       classes="wb-next")),
                              self.menu, self.saved, self.body], layout=w.Layout(max_width="980px"))
        self.show(0)

    @property
    def today(self) -> dt.date:
        return dt.date.today()

    def show(self, section: int) -> None:
        """Draw the section at place ``section`` of :data:`SECTIONS`."""
        old = self.body.children
        page = self.SECTIONS[section](self)
        page.add_class(f"wb-follow-{section}")
        self.body.children = [page]
        for widget in old:
            close_widgets(widget, keep=())

    def switch(self, section: int) -> None:
        self.saved.value = ""
        self.show(section)

    def redraw(self) -> None:
        self.show(self.menu.value)

    def save(self, kind: str, **values) -> bool:
        """Record one entry; acknowledge it (with any warning) or say plainly why it was not saved."""
        try:
            text, warning = record(self.store, self.owner, kind, values, self.today)
        except InputError as error:
            self.saved.value = fragments.message(str(error))
            return False
        self.redraw()
        self.saved.value = fragments.message(_("Saved: {what}").format(what=text), "ok") + (fragments.message(warning)
                                                                                      if warning else "")
        return True

    # Checklist ---------------------------------------------------------------------------------
    def checklist(self) -> w.Widget:
        plan = self.store.plan(self.owner)
        items = checklist(plan, self.log.contacts(plan.round), self.today)
        rows = [self.looks.text(element("h2", _("Checklist")) + fh.checklist_summary(items, plan.deadline))]
        for item in items:
            rows.append(self.contact_row(item, plan))
        return w.VBox(rows)

    def contact_row(self, item, plan) -> w.Widget:
        contact = item.contact
        looks = self.looks
        outcome = w.Dropdown(options=[(_("Not yet"), "")] + [(outcome_label(key), key) for key in OUTCOMES],
                             value=(contact.outcome if contact else None) or "",
                             description=_("Outcome"), style=looks.beside, layout=looks.grow)
        method = w.Dropdown(options=[(method_label(key), key) for key in CONTACT_METHODS],
                            value=(contact.method if contact and contact.method else item.customer.method) or "phone",
                            description=_("How"), style=looks.beside, layout=looks.grow)
        notes = w.Text(value=contact.notes if contact else "", description=_("Notes"), continuous_update=False,
                       style=looks.beside_text, layout=looks.grow)

        def changed(_change) -> None:
            self.save("contact", customer=item.customer.key, outcome=outcome.value or None, method=method.value,
                      notes=notes.value)

        for widget in (outcome, method, notes):
            widget.observe(changed, names="value")
        row = w.HBox([looks.text(fh.checklist_head(item, plan), looks.full), outcome, method, notes], layout=looks.row)
        row.add_class("wb-fields")
        return row

    # Referrals: the intake form ------------------------------------------------------------------
    def referrals(self) -> w.Widget:
        plan = self.store.plan(self.owner)
        referrals = self.log.referrals()
        people = referrers(plan, self.log.past_plans(), referrals, self.log.sources())
        friend = w.Text(description=_("New customer's name"), style=self.looks.form_text, layout=self.looks.field)
        by = w.Dropdown(options=[(_("Choose who referred them…"), "")] + sorted(
            ((name, key) for key, name in people.items()), key=lambda p: p[0].casefold()),
            description=_("Referred by"), style=self.looks.form, layout=self.looks.field)
        code = w.Text(description=_("Or the card's code"), placeholder=_("on the friend card they brought"),
                      style=self.looks.form_text, layout=self.looks.field)
        how = w.Text(description=_("How it came"), placeholder=_("e.g. phoned, mentioned your name"),
                     style=self.looks.form_text, layout=self.looks.field)
        add = w.Button(description=_("Record referral"), button_style="primary", layout=w.Layout(width="auto"))
        add.on_click(lambda _click: self.save("referral", friend=friend.value, by=by.value, code=code.value,
                                              how=how.value))
        convert = self.conversion_form(referrals)
        # TRANSLATORS: the question an owner asks every new customer, in the owner's voice.
        question = _("\u201cMay I ask who specifically referred you to me? I\u2019d like to thank them "
                     "personally.\u201d")
        return w.VBox([w.HTML(element("h2", _("A referral came in"))
                              + fh.question(_("Ask every new customer, early:"), question)),
                       friend, by, code, how, add,
                       w.HTML(element("h3", _("Referrals so far")) + fh.referral_table(referrals, plan.currency)),
                       *convert])

    def conversion_form(self, referrals) -> list[w.Widget]:
        waiting = [(r.friend, r.key) for r in referrals if not r.converted_on]
        if not waiting:
            return []
        who = w.Dropdown(options=waiting, description=_("Became a customer"), style=self.looks.form,
                         layout=self.looks.field)
        value = w.BoundedFloatText(value=0, min=0, max=1e9, description=_("First purchase"), style=self.looks.form,
                                   layout=self.looks.field)
        done = w.Button(description=_("Record the new customer"), layout=w.Layout(width="auto"))
        done.on_click(lambda _click: self.save("conversion", friend=who.value, value=value.value))
        return [w.HTML(element("h3", _("Did they buy?")) + element("p", _("Then ask them, in turn, who they know."))),
                who, value, done]

    # Thank-yous ---------------------------------------------------------------------------------
    def thanks(self) -> w.Widget:
        referrals = self.log.referrals()
        rule = _("Thank the referrer the same day, by a note or a call, and send a gift: something personal you do "
                 "not sell, different each time.")
        parts = [w.HTML(element("h2", _("Thank-yous")) + element("p", rule)
                        + fh.thanks_due_html(thanks_due(referrals, self.today)))]
        if not referrals:
            return w.VBox(parts)
        choice = w.Dropdown(options=[(_("{referrer} (for {friend})").format(referrer=r.referrer_name, friend=r.friend),
                                      r.id) for r in reversed(referrals)],
                            description=_("Thank"), style=self.looks.form, layout=self.looks.field)
        how = w.Dropdown(options=[_(way) for way in THANKS_HOW], description=_("How"),
                         style=self.looks.form, layout=self.looks.field)
        gift = w.Text(description=_("Gift"), placeholder=_("e.g. a book on their favourite topic"),
                      style=self.looks.form_text, layout=self.looks.field)
        cost = w.BoundedFloatText(value=0, min=0, max=1e6, description=_("Gift cost"), style=self.looks.form,
                                  layout=self.looks.field)
        warning = w.HTML()
        send = w.Button(description=_("Record thank-you"), button_style="primary", layout=w.Layout(width="auto"))

        def check(_change=None) -> None:
            chosen = next(r for r in referrals if r.id == choice.value)
            text = gift_warning(referrals, chosen.referrer, gift.value, chosen.id)
            warning.value = fragments.message(text) if text else ""

        gift.observe(check, names="value")
        choice.observe(check, names="value")
        send.on_click(lambda _click: self.save("thanks", friend=f"referral:{choice.value}", how=how.value,
                                          gift=gift.value, cost=cost.value or None))
        return w.VBox([*parts, choice, how, gift, warning, cost, send])

    # Sources and the health check --------------------------------------------------------------------
    def sources(self) -> w.Widget:
        name = w.Text(description=_("Name"), style=self.looks.form_text, layout=self.looks.field)
        profession = w.Combobox(options=[_(p) for p in PROFESSIONS], description=_("Profession"),
                                placeholder=_(PROFESSIONS[0]), style=self.looks.form_text, layout=self.looks.field)
        for_them = w.Text(description=_("What is in it for them"), style=self.looks.form_text,
                          layout=self.looks.field)
        add = w.Button(description=_("Add source"), layout=w.Layout(width="auto"))
        add.on_click(lambda _click: self.save("source", name=name.value, profession=profession.value,
                                              for_them=for_them.value))
        intro = _("Professionals who meet the people you want to meet. Keep the few best, know each well, and plan "
                  "what is in it for them.")
        return w.VBox([w.HTML(element("h2", _("Referral sources beyond customers")) + element("p", intro)
                              + fh.sources_table(self.log.sources(), self.log.referrals())),
                       name, profession, for_them, add])

    def health(self) -> w.Widget:
        plan = self.store.plan(self.owner)
        people = referrers(plan, self.log.past_plans(), self.log.referrals(), [])
        who = w.Dropdown(options=sorted(((n, k) for k, n in people.items()), key=lambda p: p[0].casefold()),
                         description=_("Asked"), style=self.looks.form, layout=self.looks.field)
        yes = w.Button(description=_("Yes, they have"), layout=w.Layout(width="auto"))
        no = w.Button(description=_("Not yet"), layout=w.Layout(width="auto"))
        yes.on_click(lambda _click: self.save("health", customer=who.value, recommended=True))
        no.on_click(lambda _click: self.save("health", customer=who.value, recommended=False))
        asked, advocates_ = advocates(self.log.health())
        question = _("\u201cHave you recommended us to a friend?\u201d")
        return w.VBox([w.HTML(element("h2", _("Health check")) + fh.question(_("One question:"), question)
                              + fh.health_html(asked, advocates_)),
                       who, w.HBox([yes, no])])

    # Results and the next round ----------------------------------------------------------------------
    def results(self) -> w.Widget:
        figures = report(self.store, self.owner, self.today)
        title = _("Round {round}: results").format(round=figures["round"])
        return w.HTML(element("h2", title) + fh.results_html(figures)
                      + element("h3", _("The chain of referrals")) + fh.chain_svg(self.log.referrals()))

    def next_round(self) -> w.Widget:
        plan = self.store.plan(self.owner)
        start = w.Button(description=_("Start round {round}: the top 20").format(round=plan.round + 1),
                         button_style="primary", layout=w.Layout(width="auto"))
        done = w.HTML()

        def started(_click) -> None:
            fresh = start_next_round(self.store, self.owner, self.today)
            start.disabled = True
            done.value = (fragments.message(_("Round {round} is open with {count} customers; those asked before are "
                                         "marked.").format(round=fresh.round, count=len(fresh.customers)), "ok")
                          + fragments.links(("./", _("Go to your new plan")), link="wb-go"))

        start.on_click(started)
        intro = _("Once this round is done, ask your top 20. Everyone you asked this time is marked with what "
                  "happened; the contact method that brought the most referrals becomes the starting choice for the "
                  "new ones, and your offers carry over. Involve your staff too.")
        return w.VBox([w.HTML(element("h2", _("The next round")) + element("p", intro)),
                       start, done])

    SECTIONS: ClassVar = [checklist, referrals, thanks, sources, health, results, next_round]

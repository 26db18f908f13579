"""The follow-through part of the app: the checklist, referrals coming in, thank-yous, sources,
results and the next round. Each callback hands its work to :mod:`workbook.followthrough` (which
saves it before returning) and shows what was saved."""

from __future__ import annotations

import datetime as dt
import os

import ipywidgets as w

from . import follow_html as fh
from . import html
from .app import Looks, close_widgets
from .errors import InputError
from .followthrough import (advocates, checklist, gift_warning, record, referrers, report, thanks_due)
from .journey import open_store, start_next_round
from .logbook import Logbook
from .plan import CONTACT_METHODS, OUTCOMES
from .workshop import visitor_owner

SECTIONS = ["Checklist", "Referrals", "Thank-yous", "Sources", "Health check", "Results", "Next round"]
PROFESSIONS = ["Accountant", "Attorney", "Banker", "Broker", "Financial adviser", "Estate agent"]
OUTCOME_CHOICES = [("Not yet", "")] + [(label, key) for key, label in OUTCOMES.items()]
INTAKE_QUESTION = ("\u201cMay I ask who specifically referred you to me? I\u2019d like to thank them "
                   "personally.\u201d")


def visitor_with_plan() -> tuple[str | None, w.Widget | None]:
    """Whose plan the page is for (the same gate as the challenge), or what to show instead."""
    with open_store() as store:
        owner = visitor_owner(os.environ.get("HTTP_COOKIE"), store)
        has_plan = owner is not None and store.load_plan(owner) is not None
    if owner is None:
        return None, w.HTML(html.message("Join the workshop first, with its code and your name, at /join."))
    if not has_plan:
        return owner, w.HTML(html.message("Make your plan first: the follow-through starts from it.")
                             + "<p><a href='./'>Go to the challenge</a></p>")
    return owner, None


def for_this_visitor() -> w.Widget:
    """Follow-through for whoever opened the page."""
    owner, refusal = visitor_with_plan()
    return refusal or FollowApp(owner).widget


class FollowApp:
    """One section on screen at a time; every entry saved at once and acknowledged."""

    def __init__(self, owner: str) -> None:
        self.owner = owner
        self.store = open_store()
        self.log = Logbook(self.store, owner)
        self.looks = Looks()
        self.saved = w.HTML()  # what was last saved, or why not
        self.menu = w.ToggleButtons(options=SECTIONS, value=SECTIONS[0], style={"button_width": "auto"})
        self.menu.observe(lambda change: self.switch(change["new"]), names="value")
        self.body = w.VBox()
        self.widget = w.VBox([w.HTML("<h1>Follow through</h1><p class='wb-next'><a href='today'>Today's contacts</a> "
                                     "<a href='./'>Back to your plan</a></p>"),
                              self.menu, self.saved, self.body], layout=w.Layout(max_width="980px"))
        self.show(SECTIONS[0])

    @property
    def today(self) -> dt.date:
        return dt.date.today()

    def show(self, section: str) -> None:
        old = self.body.children
        page = self.SECTIONS[SECTIONS.index(section)](self)
        page.add_class(f"wb-follow-{SECTIONS.index(section)}")
        self.body.children = [page]
        for widget in old:
            close_widgets(widget, keep=())

    def switch(self, section: str) -> None:
        self.saved.value = ""
        self.show(section)

    def redraw(self) -> None:
        self.show(self.menu.value)

    def save(self, kind: str, **values) -> bool:
        """Record one entry; acknowledge it (with any warning) or say plainly why it was not saved."""
        try:
            text, warning = record(self.store, self.owner, kind, values, self.today)
        except InputError as error:
            self.saved.value = html.message(str(error))
            return False
        self.redraw()
        self.saved.value = html.message(f"Saved: {text}", "ok") + (html.message(warning) if warning else "")
        return True

    # Checklist ---------------------------------------------------------------------------------
    def checklist(self) -> w.Widget:
        plan = self.store.load_plan(self.owner)
        items = checklist(plan, self.log.contacts(plan.round), self.today)
        rows = [self.looks.text("<h2>Checklist</h2>" + fh.checklist_summary(items, plan.deadline))]
        for item in items:
            rows.append(self.contact_row(item, plan))
        return w.VBox(rows)

    def contact_row(self, item, plan) -> w.Widget:
        contact = item.contact
        looks = self.looks
        outcome = w.Dropdown(options=OUTCOME_CHOICES, value=(contact.outcome if contact else None) or "",
                             description="Outcome", style=looks.form, layout=looks.plain)
        method = w.Dropdown(options=[(label, key) for key, label in CONTACT_METHODS.items()],
                            value=(contact.method if contact and contact.method else item.customer.method) or "phone",
                            description="How", style=looks.form, layout=looks.plain)
        notes = w.Text(value=contact.notes if contact else "", placeholder="Notes", continuous_update=False,
                       style=looks.form_text, layout=looks.plain)

        def changed(_) -> None:
            self.save("contact", customer=item.customer.key, outcome=outcome.value or None, method=method.value,
                      notes=notes.value)

        for widget in (outcome, method, notes):
            widget.observe(changed, names="value")
        return w.HBox([looks.text(fh.checklist_head(item, plan), looks.full), outcome, method, notes], layout=looks.row)

    # Referrals: the intake form ------------------------------------------------------------------
    def referrals(self) -> w.Widget:
        plan = self.store.load_plan(self.owner)
        referrals = self.log.referrals()
        people = referrers(plan, self.log.past_plans(), referrals, self.log.sources())
        friend = w.Text(description="New customer's name", style=self.looks.form_text, layout=self.looks.field)
        by = w.Dropdown(options=[("Choose who referred them…", "")] + sorted(
            ((name, key) for key, name in people.items()), key=lambda p: p[0].casefold()),
            description="Referred by", style=self.looks.form, layout=self.looks.field)
        how = w.Text(description="How it came", placeholder="e.g. phoned, mentioned your name",
                     style=self.looks.form_text, layout=self.looks.field)
        add = w.Button(description="Record referral", button_style="primary", layout=w.Layout(width="auto"))
        add.on_click(lambda _: self.save("referral", friend=friend.value, by=by.value, how=how.value))
        convert = self.conversion_form(referrals)
        return w.VBox([w.HTML("<h2>A referral came in</h2><p>Ask every new customer, early: "
                              f"<em>{INTAKE_QUESTION}</em></p>"), friend, by, how, add,
                       w.HTML("<h3>Referrals so far</h3>" + fh.referral_table(referrals)), *convert])

    def conversion_form(self, referrals) -> list[w.Widget]:
        waiting = [(r.friend, r.key) for r in referrals if not r.converted_on]
        if not waiting:
            return []
        who = w.Dropdown(options=waiting, description="Became a customer", style=self.looks.form,
                         layout=self.looks.field)
        value = w.BoundedFloatText(value=0, min=0, max=1e9, description="First purchase", style=self.looks.form,
                                   layout=self.looks.field)
        done = w.Button(description="Record the new customer", layout=w.Layout(width="auto"))
        done.on_click(lambda _: self.save("conversion", friend=who.value, value=value.value))
        return [w.HTML("<h3>Did they buy?</h3><p>Then ask them, in turn, who they know.</p>"), who, value, done]

    # Thank-yous ---------------------------------------------------------------------------------
    def thanks(self) -> w.Widget:
        referrals = self.log.referrals()
        parts = [w.HTML("<h2>Thank-yous</h2><p>Thank the referrer the same day, by a note or a call, and send a "
                        "gift: something personal you do not sell, different each time.</p>"
                        + fh.thanks_due_html(thanks_due(referrals, self.today)))]
        if not referrals:
            return w.VBox(parts)
        choice = w.Dropdown(options=[(f"{r.referrer_name} (for {r.friend})", r.id) for r in reversed(referrals)],
                            description="Thank", style=self.looks.form, layout=self.looks.field)
        how = w.Dropdown(options=["Hand-written note", "Phone call", "Card", "In person"], description="How",
                         style=self.looks.form, layout=self.looks.field)
        gift = w.Text(description="Gift", placeholder="e.g. a book on their favourite topic",
                      style=self.looks.form_text, layout=self.looks.field)
        cost = w.BoundedFloatText(value=0, min=0, max=1e6, description="Gift cost", style=self.looks.form,
                                  layout=self.looks.field)
        warning = w.HTML()
        send = w.Button(description="Record thank-you", button_style="primary", layout=w.Layout(width="auto"))

        def check(_=None) -> None:
            chosen = next(r for r in referrals if r.id == choice.value)
            text = gift_warning(referrals, chosen.referrer, gift.value, chosen.id)
            warning.value = html.message(text) if text else ""

        gift.observe(check, names="value")
        choice.observe(check, names="value")
        send.on_click(lambda _: self.save("thanks", friend=f"referral:{choice.value}", how=how.value,
                                          gift=gift.value, cost=cost.value or None))
        return w.VBox([*parts, choice, how, gift, warning, cost, send])

    # Sources and the health check --------------------------------------------------------------------
    def sources(self) -> w.Widget:
        name = w.Text(description="Name", style=self.looks.form_text, layout=self.looks.field)
        profession = w.Combobox(options=PROFESSIONS, description="Profession", placeholder="Accountant",
                                style=self.looks.form_text, layout=self.looks.field)
        for_them = w.Text(description="What is in it for them", style=self.looks.form_text,
                          layout=self.looks.field)
        add = w.Button(description="Add source", layout=w.Layout(width="auto"))
        add.on_click(lambda _: self.save("source", name=name.value, profession=profession.value,
                                         for_them=for_them.value))
        return w.VBox([w.HTML("<h2>Referral sources beyond customers</h2><p>Professionals who meet the people you "
                              "want to meet. Keep the few best, know each well, and plan what is in it for them.</p>"
                              + fh.sources_table(self.log.sources(), self.log.referrals())),
                       name, profession, for_them, add])

    def health(self) -> w.Widget:
        plan = self.store.load_plan(self.owner)
        people = referrers(plan, self.log.past_plans(), self.log.referrals(), [])
        who = w.Dropdown(options=sorted(((n, k) for k, n in people.items()), key=lambda p: p[0].casefold()),
                         description="Asked", style=self.looks.form, layout=self.looks.field)
        yes = w.Button(description="Yes, they have", layout=w.Layout(width="auto"))
        no = w.Button(description="Not yet", layout=w.Layout(width="auto"))
        yes.on_click(lambda _: self.save("health", customer=who.value, recommended=True))
        no.on_click(lambda _: self.save("health", customer=who.value, recommended=False))
        asked, advocates_ = advocates(self.log.health())
        return w.VBox([w.HTML("<h2>Health check</h2><p>One question: <em>\u201cHave you recommended us to a "
                              "friend?\u201d</em></p>" + fh.health_html(asked, advocates_)), who, w.HBox([yes, no])])

    # Results and the next round ----------------------------------------------------------------------
    def results(self) -> w.Widget:
        figures = report(self.store, self.owner, self.today)
        return w.HTML(f"<h2>Round {figures['round']}: results</h2>" + fh.results_html(figures)
                      + "<h3>The chain of referrals</h3>" + fh.chain_svg(self.log.referrals()))

    def next_round(self) -> w.Widget:
        plan = self.store.load_plan(self.owner)
        start = w.Button(description=f"Start round {plan.round + 1}: the top 20", button_style="primary",
                         layout=w.Layout(width="auto"))
        done = w.HTML()

        def started(_) -> None:
            fresh = start_next_round(self.store, self.owner, self.today)
            start.disabled = True
            done.value = (html.message(f"Round {fresh.round} is open with {len(fresh.customers)} customers; "
                                       "those asked before are marked.", "ok")
                          + "<p><a class='wb-go' href='./'>Go to your new plan</a></p>")

        start.on_click(started)
        return w.VBox([w.HTML("<h2>The next round</h2><p>Once this round is done, ask your top 20. Everyone you "
                              "asked this time is marked with what happened; the contact method that brought "
                              "the most referrals becomes the starting choice for the new ones, and your offers "
                              "carry over. Involve your staff too.</p>"), start, done])

    SECTIONS = [checklist, referrals, thanks, sources, health, results, next_round]

"""The challenge app's widgets. Each callback hands its work to :mod:`workbook.journey`
(which saves it) and redraws from what was saved."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import ipywidgets as w
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_selection import ToggleButtonsStyle
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

from . import html
from .coaching import ASK_LABELS, FRIEND_OFFER_IDEAS, REWARD_IDEAS
from .deadlines import working_days
from .demo import demo_businesses
from .documents import plan_fragment
from .formatting import day
from .i18n import _, set_language
from .errors import PlanStartedAgainError
from .journey import (STEPS, ImportOutcome, Uploads, open_store, reachable_step, rechoose, save_upload, step_names,
                      update_customer, update_plan)
from .places import demo_dir
from .plan import CONTACT_METHODS, TEXT_LIMITS, Plan, method_label, within_limit
from .workshop import OWNER, visitor_language, visitor_owner

CURRENCIES = ("EUR", "USD", "GBP", "CHF", "CAD", "AUD", "NZD", "SEK", "NOK", "DKK", "PLN", "MXN", "ARS", "CLP", "COP",
              "PEN", "BRL", "INR", "ZAR", "JPY")  # offered when an export does not say


def welcome_html() -> str:
    """What the challenge is for and what the owner leaves with, before anything is asked of them."""
    paragraphs = [
        _("The people who already buy the most from you tend to know others like them: similar needs, similar "
          "budgets. Customers who arrive by referral usually spend more, stay longer and refer in turn. Most "
          "businesses just wait for referrals to happen; a written-down plan, worked through on purpose, brings "
          "many times more."),
        _("Asking is not begging: a happy customer who introduces a friend is doing that friend a favour. But they "
          "will rarely do it unasked, so this workbook helps you ask, well, within a week or two."),
        _("You will leave with your ten best customers, what each bought last, how you will contact each one, what "
          "they and their friend get, and a deadline. It takes about half an hour."),
    ]
    return ("<div class='wb-card'>" + html.element("h2", _("Your best customers know your next best customers"))
            + "".join(html.element("p", p) for p in paragraphs) + "</div>")


def method_choices() -> list[tuple[str, str]]:
    return [(_("Choose how…"), "")] + [(method_label(key), key) for key in CONTACT_METHODS]


def ask_choices() -> list[tuple[str, str]]:
    return [(_(label), key) for key, label in ASK_LABELS.items()]


def close_widgets(widget: w.Widget, keep: tuple[w.Widget, ...]) -> None:
    """Close a page's widgets (and their children, but not ``keep``) so neither kernel nor browser keeps them."""
    if any(widget is k for k in keep):
        return
    for child in getattr(widget, "children", ()):
        close_widgets(child, keep)
    widget.close()


def limit_said(field_name: str) -> str:
    """What an input says of its limit (as its tooltip)."""
    return _("Up to {count} characters").format(count=TEXT_LIMITS[field_name])


class Looks:
    """Style and layout models that a page's widgets share: each widget would otherwise open two
    of its own, and a page of ten customers would send the browser a hundred models or more."""

    def __init__(self) -> None:
        self.html = HTMLStyle()
        self.plain = w.Layout()
        self.form = DescriptionStyle()  # labels in one column: their width is the template's (CSS)
        self.form_text = TextStyle()
        self.field = w.Layout(width="100%", max_width="40em")  # inputs in the next, as wide as they need
        self.full = w.Layout(width="100%")
        self.grow = w.Layout(flex="1 1 16rem")
        self.row = w.Layout(flex_flow="row wrap", align_items="center", border_bottom="1px solid #d9dde3",
                            padding="6px 0")
        self.wrap = w.Layout(flex_flow="row wrap", align_items="center")
        self.button = w.Layout(width="auto", flex="0 0 auto")
        self.toggles = ToggleButtonsStyle(button_width="auto")
        self.card = w.Layout(border_bottom="1px solid #d9dde3", padding="6px 0 10px")

    def text(self, value: str, layout: w.Layout | None = None) -> w.HTML:
        """Text on the page, with the shared style and layout."""
        return w.HTML(value, style=self.html, layout=layout or self.plain)


def for_this_visitor() -> w.Widget:
    """The challenge for whoever opened the page: the owner, or the workshop participant whose
    secret their browser sent (the server lets nobody else in; this checks again)."""
    with open_store() as store:
        owner = visitor_owner(os.environ.get("HTTP_COOKIE"), store)
        set_language(visitor_language(store, owner))
    if owner is None:
        return w.HTML(html.message(_("Join the workshop first, with its code and your name, at /join.")))
    return ChallengeApp(owner).widget


class ChallengeApp:
    """The owner's journey, one step on screen at a time, saved as it goes."""

    def __init__(self, owner: str = OWNER) -> None:
        self.owner = owner
        self.store = open_store()
        self.looks = Looks()
        self.steps = self.looks.text("")
        self.body = w.VBox()
        self.back = w.Button(description=_("Back"), icon="arrow-left")
        self.next = w.Button(description=_("Next"), button_style="primary", icon="arrow-right")
        self.back.on_click(lambda _click: self.show(self.step - 1))
        self.next.on_click(lambda _click: self.show(self.step + 1))
        self.message = self.looks.text("")
        self.fix = w.VBox()
        self.uploads = Uploads.of(self.store, owner)
        self.live: list[tuple[w.HTML, object]] = []  # parts of the page redrawn after each change
        self.widget = w.VBox([self.steps, self.body, w.HBox([self.back, self.next])],
                             layout=w.Layout(max_width="980px"))
        self.step, self.started = 0, None
        self.show(self.store.step(owner))

    @property
    def plan(self) -> Plan | None:
        return self.store.load_plan(self.owner)

    def show(self, step: int) -> None:
        """Go to ``step`` (as far as the plan allows), draw it and remember it.

        The page itself is swapped in last, so once it is on screen everything else is too.
        """
        plan = self.plan
        self.started = plan.started if plan else None  # the plan this page's changes are made on
        self.step = reachable_step(step, len(STEPS), has_ranking=plan is not None)
        self.back.disabled = self.step == 0
        self.next.disabled = self.step == len(STEPS) - 1 or (self.step == 1 and plan is None)
        self.live = [(self.steps, self.steps_bar)]  # a step's gaps are marked as they are filled
        self.steps.value = self.steps_bar(plan)
        old = self.body.children
        page = self.PAGES[self.step](self)
        page.add_class(f"wb-page-{self.step}")
        self.body.children = [page]
        for widget in old:
            close_widgets(widget, keep=(self.message, self.fix))
        self.store.save_step(self.owner, self.step)

    def steps_bar(self, plan: Plan | None) -> str:
        gaps = frozenset(list(STEPS).index(step) for step in plan.gaps()) if plan else frozenset()
        return html.steps_bar(step_names(), self.step, gaps)

    def change(self, change, *args, redraw: bool = False, **changes) -> None:
        """Make a change to the plan this page shows (``change`` is a function of :mod:`workbook.journey`), then
        bring the page up to date with it (draw the step again, with ``redraw``). When the plan was started again
        in another tab meanwhile, nothing is saved: the step is drawn again from the plan as it is, saying so."""
        try:
            plan = change(self.store, self.owner, *args, started=self.started, **changes)
        except PlanStartedAgainError as error:
            return self.redraw_saying(str(error))
        cut = [TEXT_LIMITS[name] for name, value in changes.items() if within_limit(name, value) != value]
        if cut:
            return self.redraw_saying(_("That was longer than a plan keeps: the first {count} characters are saved.")
                                      .format(count=cut[0]), "ok")
        if redraw:
            self.show(self.step)
        else:
            self.changed(plan)

    def redraw_saying(self, text: str, kind: str = "error") -> None:
        """Draw the step again from the saved plan, with ``text`` above it."""
        self.show(self.step)
        self.body.children = [self.looks.text(html.message(text, kind)), *self.body.children]

    # Step 0 and 1: welcome, and the export -------------------------------------------------
    def welcome(self) -> w.Widget:
        plan = self.plan
        intro = self.looks.text(html.language_links() + welcome_html())
        if plan is None:
            return intro
        resume = self.looks.text(html.resume_note(plan))
        start = w.Button(description=_("Start a new plan"), layout=w.Layout(width="auto"))
        sure = w.Button(description=_("Yes, clear my plan and start again"), button_style="danger",
                        layout=w.Layout(width="auto", display="none"))
        start.on_click(lambda _click: setattr(sure.layout, "display", "flex"))
        sure.on_click(lambda _click: self.start_over())
        return w.VBox([intro, resume, w.HBox([start, sure])])

    def start_over(self) -> None:
        self.store.forget(self.owner)
        self.message.value = ""
        self.show(1)

    def customers(self) -> w.Widget:
        demos = demo_businesses(demo_dir())
        choice = w.Dropdown(options=list(demos), description=_("Demo business"), style=self.looks.form,
                            layout=self.looks.field)
        use = w.Button(description=_("Use this demo business"), layout=w.Layout(width="auto", flex="0 0 auto"))
        use.on_click(lambda _click: self.bring([demos[choice.value]], choice.value))
        upload = w.FileUpload(accept=".csv,.xlsx,.txt,.tsv", multiple=True, description=_("Upload exports"))
        upload.observe(lambda change: self.uploaded(change["new"]), names="value")
        paid = w.Checkbox(value=self.uploads.status == "paid", indent=False, layout=w.Layout(width="auto"),
                          description=_("Count only paid orders (leave out those still awaiting payment)"))
        paid.observe(lambda change: self.count_paid_only(change["new"]), names="value")
        intro = self.looks.text(html.element("h2", _("Your customers")) + html.element("p", _(
            "Upload the sales or customer export from your shop, till or accounts system (CSV or Excel): Shopify, "
            "Square, Stripe, PayPal, Etsy, WooCommerce, Wix, Squarespace, QuickBooks, Xero, FreshBooks, a booking "
            "system or your own sheet. Selling online and over the counter? Choose both exports at once: their "
            "customers are matched by email, phone and name. Or try a demo business first.")))
        return w.VBox([intro, upload, paid, w.HBox([choice, use], layout=self.looks.wrap), self.message, self.fix])

    def bring(self, paths: list, business: str) -> None:
        """Read these exports from now on (what was said of earlier ones no longer applies)."""
        self.uploads = Uploads(files=[str(p) for p in paths], business=business,
                               status=self.uploads.status).keep(self.store, self.owner)
        self.read()

    def uploaded(self, files: tuple) -> None:
        if files:
            paths = [save_upload(self.owner, item["name"], bytes(item["content"])) for item in files]
            self.bring(paths, paths[0].stem)

    def count_paid_only(self, paid: bool) -> None:
        self.uploads.status = "paid" if paid else "all"
        self.uploads.keep(self.store, self.owner)
        if self.uploads.files:
            self.read()

    def read(self) -> None:
        """Read the exports brought, with every answer given so far, and show what came of it."""
        names = ", ".join(Path(f).name for f in self.uploads.files)
        self.message.value = html.message(_("Reading {files}…").format(files=names), "ok")
        self.fix.children = []
        self.imported(self.uploads.read(self.owner, dt.date.today()))

    def imported(self, outcome: ImportOutcome) -> None:
        if outcome.error:
            self.message.value = html.message(outcome.error)
            self.fix.children = self.fixes(outcome)
            return
        self.message.value = html.message(outcome.summary, "ok")
        self.uploads.summary = outcome.summary
        self.uploads.keep(self.store, self.owner)
        self.show(2)

    def answered(self, file: str, **said) -> None:
        """The owner's answer about ``file``, kept with the others, and everything read again."""
        self.uploads.answer(file, **said)
        self.uploads.keep(self.store, self.owner)
        self.read()

    def fixes(self, outcome: ImportOutcome) -> list[w.Widget]:
        """Widgets that let the owner answer what the import could not work out."""
        if outcome.needs == "date_order":
            order = w.RadioButtons(options=[(_("Day/month (25/12/2025)"), "dmy"), (_("Month/day (12/25/2025)"), "mdy")],
                                   description=_("Dates in {file} are").format(file=outcome.file),
                                   style=self.looks.form)
            again = w.Button(description=_("Read again"), button_style="primary")
            again.on_click(lambda _click: self.answered(outcome.file, date_order=order.value))
            return [order, again]
        if outcome.needs == "columns":
            choices = [self.looks.text(html.choices_note(outcome.choices))] if outcome.choices else []
            return [*choices, *self.column_pickers(outcome.file, outcome.guess)]
        if outcome.needs == "awaiting":
            count = w.Button(description=_("Count them too"), button_style="primary", layout=w.Layout(width="auto"))
            count.on_click(lambda _click: self.count_paid_only(False))
            return [count]
        return []

    def column_pickers(self, file: str, guess) -> list[w.Widget]:
        """One dropdown per role, starting on the best guess, and the first rows as they will be read."""
        options = [(_("(none)"), "")] + [(h, h) for h in guess.headers]
        pickers = {role: w.Dropdown(options=options, value=guess.chosen.get(role, ""), description=_(label),
                                    style=self.looks.form, layout=self.looks.field)
                   for role, label in html.PICKED_ROLES.items()}
        sample = self.looks.text(html.read_preview(guess, {r: p.value for r, p in pickers.items()}))
        for picker in pickers.values():
            picker.observe(lambda _change: setattr(sample, "value", html.read_preview(
                guess, {r: p.value for r, p in pickers.items()})), names="value")
        again = w.Button(description=_("Read again with these columns"), button_style="primary",
                         layout=w.Layout(width="auto"))
        again.on_click(lambda _click: self.answered(file, columns={r: p.value for r, p in pickers.items()}))
        ask = _("Tell us which column of {file} is which:").format(file=file)
        return [self.looks.text(html.element("p", ask)), *pickers.values(), sample, again]

    # Step 2: top ten ------------------------------------------------------------------------
    def top_ten(self) -> w.Widget:
        from .shortlist import choose

        plan = self.plan
        ranking, source = self.store.load_ranking(self.owner)
        chosen = choose(ranking, plan.size, plan.rank_by, frozenset(plan.excluded))
        by = w.ToggleButtons(options=[(_("All-time spend"), "spend"), (_("Last 12 months"), "spend_12m")],
                             value=plan.rank_by, description=_("Rank by"), style=self.looks.toggles)
        by.observe(lambda change: self.change(rechoose, redraw=True, rank_by=change["new"]),
                   names="value")
        leave = w.Dropdown(options=[(c.name, c.key) for c in plan.customers], description=_("Leave out"),
                           style=self.looks.form, layout=self.looks.field)
        leave_button = w.Button(description=_("Leave out"), layout=self.looks.button)
        leave_button.on_click(lambda _click: self.change(rechoose, redraw=True, exclude=leave.value))
        currency = w.Dropdown(options=[(_("(not shown)"), "")] + [(c, c) for c in sorted({*CURRENCIES, plan.currency}
                                                                                       - {""})],
                              value=plan.currency, description=_("Amounts in"), style=self.looks.form,
                              layout=self.looks.field)
        currency.observe(lambda change: self.change(update_plan, redraw=True, currency=change["new"]),
                         names="value")
        intro = _("From {source}. Leave out anyone you would not ask (a relative, a lost account); the next one "
                  "moves up.").format(source=source)
        parts = [self.looks.text(html.element("h2", _("Your top {size} customers").format(size=plan.size))
                                 + html.element("p", intro) + html.read_note(self.uploads.summary)), by,
                 self.looks.text(html.ranking_table(chosen, plan.currency) + html.round_note(plan)),
                 w.HBox([leave, leave_button], layout=self.looks.wrap), currency]
        if plan.excluded:
            names = {row["key"]: row["customer"] for row in ranking}
            back = w.Dropdown(options=[(names.get(k, k), k) for k in plan.excluded], description=_("Left out"),
                              style=self.looks.form, layout=self.looks.field)
            back_button = w.Button(description=_("Put back"), layout=self.looks.button)
            back_button.on_click(lambda _click: self.change(rechoose, redraw=True, include=back.value))
            parts.append(w.HBox([back, back_button], layout=self.looks.wrap))
        parts.append(self.looks.text(html.concentration_chart(ranking)))
        return w.VBox(parts)

    def changed(self, plan: Plan) -> None:
        """Bring the live parts of the page up to date with the saved plan."""
        for widget, render in self.live:
            widget.value = render(plan)

    def live_html(self, render, plan: Plan, layout: w.Layout | None = None) -> w.HTML:
        widget = self.looks.text(render(plan), layout)
        self.live.append((widget, render))
        return widget

    # Step 3: last purchase --------------------------------------------------------------------
    def last_purchase(self) -> w.Widget:
        return self.looks.text(html.element("h2", _("What they bought last")) + html.last_purchases(self.plan))

    # Step 4: contact --------------------------------------------------------------------------
    def contact(self) -> w.Widget:
        plan = self.plan
        prospect = w.Textarea(value=plan.ideal_prospect, description=_("Who would you love more of?"),
                              style=self.looks.form_text,
                              placeholder=_("e.g. families nearby who bake for birthdays"), layout=self.looks.field,
                              continuous_update=False, tooltip=limit_said("ideal_prospect"))
        prospect.observe(lambda c: self.change(update_plan, ideal_prospect=c["new"]),
                         names="value")
        intro = _("You know each relationship best: phone, a visit by appointment, or dropping in. Describe your "
                  "ideal new customer once; the talk tracks below use it.")
        rows = [self.looks.text(html.element("h2", _("How you will reach each one")) + html.element("p", intro)),
                prospect, self.live_html(html.missing_methods, plan)]
        for customer in plan.customers:
            rows.append(self.customer_contact(plan, customer.key, customer.name, customer.method, customer.ask))
        return w.VBox(rows)

    def customer_contact(self, plan: Plan, key: str, name: str, method: str | None, ask: str) -> w.Widget:
        """One customer: who and how to reach them and what to say, then how and what to ask them to do.

        The dropdowns' labels say whose they are to a screen reader ("How to reach Ann Lee")."""
        card = self.live_html(lambda p: html.contact_card(p, key), plan, self.looks.full)
        whose = f"<span class='wb-sr'> ({html.escape(name)})</span>"
        pick = w.Dropdown(options=method_choices(), value=method or "",
                          description=html.escape(_("How")) + whose,
                          description_allow_html=True, style=self.looks.form, layout=self.looks.field)
        pick.observe(lambda c: self.change(update_customer, key, method=c["new"]),
                     names="value")
        action = w.Dropdown(options=ask_choices(), value=ask, description=html.escape(_("Ask them to")) + whose,
                            description_allow_html=True, style=self.looks.form, layout=self.looks.field)
        action.observe(lambda c: self.change(update_customer, key, ask=c["new"]),
                       names="value")
        return w.VBox([card, pick, action], layout=self.looks.card)

    # Step 5: offers ---------------------------------------------------------------------------
    def offers(self) -> w.Widget:
        plan = self.plan
        reward = w.Text(value=plan.reward, description=_("Their thank-you for a referral"),
                        style=self.looks.form_text, layout=self.looks.field, continuous_update=False,
                        placeholder=_("For example: {idea}").format(idea=_(REWARD_IDEAS[0])),
                        tooltip=limit_said("reward"))
        reward.observe(lambda c: self.change(update_plan, reward=c["new"]), names="value")
        offer = w.Text(value=plan.friend_offer, description=_("What their friend is offered"),
                       style=self.looks.form_text, layout=self.looks.field, continuous_update=False,
                       placeholder=_("For example: {idea}").format(idea=_(FRIEND_OFFER_IDEAS[0])),
                       tooltip=limit_said("friend_offer"))
        offer.observe(lambda c: self.change(update_plan, friend_offer=c["new"]),
                      names="value")
        intro = _("Make the customer look good for referring: a generous, no-risk offer for the friend, and a "
                  "personal thank-you for them.")
        rows = [self.looks.text(html.element("h2", _("What they get, and what their friend gets"))
                                + html.element("p", intro)),
                reward, offer, self.live_html(html.offer_advice, plan),
                self.looks.text(html.element("h3", _("For a particular customer (optional)")))]
        for customer in plan.customers:
            rows.extend(self.customer_offer(customer.key, customer.name, customer.reward, customer.friend_offer))
        return w.VBox(rows)

    def customer_offer(self, key: str, name: str, reward: str | None, friend_offer: str | None) -> list[w.Widget]:
        fields = []
        for field, value, label in ((("reward", reward, _("{name}: their thank-you")),
                                     ("friend_offer", friend_offer, _("{name}: their friend's offer")))):
            text = w.Text(value=value or "", description=label.format(name=name), placeholder=_("Same as above"),
                          style=self.looks.form_text, layout=self.looks.field, continuous_update=False,
                          tooltip=limit_said(field))
            text.observe(lambda c, f=field: self.change(update_customer, key, **{f: c["new"]}), names="value")
            fields.append(text)
        return fields

    # Step 6: deadline -------------------------------------------------------------------------
    def deadline(self) -> w.Widget:
        plan = self.plan
        labels = html.deadline_labels(plan)
        choice = w.RadioButtons(options=list(labels.items()), value=plan.deadline_choice, description=_("Deadline"),
                                style=self.looks.form, layout=self.looks.full)
        choice.observe(lambda c: self.change(update_plan, redraw=True, deadline_choice=c["new"]),
                       names="value")
        intro = _("Deadlines make it happen. Pick one, then spread the calls over the working days before it; change "
                  "any day you like.")
        rows = [self.looks.text(html.element("h2", _("Your deadline")) + html.element("p", intro)), choice]
        if plan.deadline:
            days = [(day(d, "short"), d) for d in working_days(plan.today - dt.timedelta(days=1), plan.deadline)]
            for customer in plan.customers:
                rows.append(self.customer_day(customer.key, customer.name, customer.contact_day, days))
        return w.VBox(rows)

    def customer_day(self, key: str, name: str, chosen: dt.date | None, days: list) -> w.Widget:
        pick = w.Dropdown(options=days, value=chosen if chosen in [d for _label, d in days] else None, description=name,
                          style=self.looks.form, layout=self.looks.field)
        pick.observe(lambda c: self.change(update_customer, key, contact_day=c["new"]),
                     names="value")
        return pick

    # Step 7: the plan -------------------------------------------------------------------------
    def your_plan(self) -> w.Widget:
        plan = self.plan
        document = self.looks.text("<div class='wb-plan'>" + plan_fragment(plan) + "</div>")
        gaps = plan.gaps()
        if not gaps:
            return w.VBox([self.looks.text(html.plan_ready(plan) + html.download_links(plan) + html.next_links()),
                           document])
        rows = [self.looks.text(html.element("h2", _("Before the plan is ready")))]
        for step, texts in gaps.items():
            at = list(STEPS).index(step)
            go = w.Button(description=_("Go to {step}").format(step=step_names()[at]), layout=self.looks.button)
            go.on_click(lambda _click, at=at: self.show(at))
            rows.append(w.HBox([self.looks.text(html.step_gaps(step_names()[at], texts), self.looks.grow), go],
                               layout=self.looks.row))
        return w.VBox([*rows, document])

    PAGES = [welcome, customers, top_ten, last_purchase, contact, offers, deadline, your_plan]


"""The challenge app's widgets. Each callback hands its work to :mod:`workbook.journey`
(which saves it) and redraws from what was saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar
from urllib.parse import parse_qs

import ipywidgets as w

from .. import settings
from ..business import OWN, details, save_details
from ..challenge.coaching import ASK_LABELS
from ..challenge.deadlines import contact_days
from ..challenge.kinds import ideas, kind_choices, kind_of
from ..challenge.plan import CONTACT_METHODS, TEXT_LIMITS, Plan, method_label, within_limit
from ..challenge.steps import STEPS, Step, step_names
from ..demo import demo_businesses
from ..errors import PlanStartedAgainError
from ..follow.followthrough import gift_warning
from ..follow.logbook import Logbook
from ..formatting import day
from ..i18n import _, set_language
from ..journey import (
    ImportOutcome,
    Uploads,
    add_customer,
    choose_kind,
    edit_customer,
    reachable_step,
    rechoose,
    save_upload,
    update_customer,
    update_plan,
)
from ..places import demo_dir
from ..store import open_store
from ..workshop.participants import OWNER, visitor_language, visitor_owner
from . import fragments
from .widgets import Looks, close_widgets, with_whose

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
    return fragments.card(_("Your best customers know your next best customers"), paragraphs)


def method_choices() -> list[tuple[str, str]]:
    return [(_("Choose how…"), "")] + [(method_label(key), key) for key in CONTACT_METHODS]


def ask_choices() -> list[tuple[str, str]]:
    return [(_(label), key) for key, label in ASK_LABELS.items()]


def limit_said(field_name: str) -> str:
    """What an input says of its limit (as its tooltip)."""
    return _("Up to {count} characters").format(count=TEXT_LIMITS[field_name])


def for_this_visitor() -> w.Widget:
    """The challenge for whoever opened the page: the owner, or the workshop participant whose
    secret their browser sent (the server lets nobody else in; this checks again)."""
    with open_store() as store:
        owner = visitor_owner(settings.request_cookies(), store)
        set_language(visitor_language(store, owner))
    if owner is None:
        return w.HTML(fragments.message(_("Join the workshop first, with its code and your name, at /join.")))
    asked = parse_qs(settings.request_query()).get("step", [""])[0]
    return with_whose(owner, ChallengeApp(owner, Step(asked).at if asked in STEPS else None).widget)


class ChallengeApp:
    """The owner's journey, one step on screen at a time, saved as it goes."""

    def __init__(self, owner: str = OWNER, step: int | None = None) -> None:
        self.owner = owner
        self.step = 0
        self.started: str | None = None  # the plan this page's changes are made on (Plan.started)
        self.store = open_store()
        self.looks = Looks()
        self.bar = [w.Button(description=f"{at + 1}. {name}", layout=self.looks.button) for at, name in
                    enumerate(step_names())]
        for at, button in enumerate(self.bar):
            button.add_class("wb-step")
            button.on_click(lambda _click, at=at: self.show(at))
        self.steps = w.HBox(self.bar, layout=self.looks.wrap)
        self.steps.add_class("wb-steps")
        self.steps.add_class("wb-scroll")
        self.waits = self.looks.text("")
        self.body = w.VBox()
        self.back = w.Button(description=_("Back"), icon="arrow-left")
        self.next = w.Button(description=_("Next"), button_style="primary", icon="arrow-right")
        self.back.on_click(lambda _click: self.show(self.step - 1))
        self.next.on_click(lambda _click: self.show(self.step + 1))
        self.message = self.looks.text("")
        self.fix = w.VBox()
        self.uploads = Uploads.of(self.store, owner)
        self.live: list[tuple[w.HTML, Callable[[Plan], str]]] = []  # parts of the page redrawn after each change
        self.widget = w.VBox([self.steps, self.body, w.HBox([self.back, self.next], layout=self.looks.wrap),
                              self.waits], layout=w.Layout(max_width="980px"))
        self.show(self.store.step(owner) if step is None else step)

    @property
    def plan(self) -> Plan:
        """The plan the steps after the first work on (they open only once there is one)."""
        return self.store.plan(self.owner)

    @property
    def found(self) -> Plan | None:
        """The plan, or None before the owner's customers are read."""
        return self.store.load_plan(self.owner)

    def show(self, step: int) -> None:
        """Go to ``step`` (as far as the plan allows), draw it and remember it.

        The page itself is swapped in last, so once it is on screen everything else is too.
        """
        plan = self.found
        self.started = plan.started if plan else None  # the plan this page's changes are made on
        self.step = reachable_step(step, has_ranking=plan is not None)
        self.back.disabled = self.step == 0
        self.next.disabled = self.step == Step.PLAN.at or (self.step == Step.CUSTOMERS.at and plan is None)
        self.waits.value = (fragments.element("p", _("Next opens once your customers are read: upload your export, or "
                                                "choose a demo business."), "class='wb-muted wb-waits'")
                            if self.step == Step.CUSTOMERS.at and plan is None else "")
        self.live = []
        self.store.save_step(self.owner, self.step)
        self.draw_bar(plan)
        old = self.body.children
        page = self.PAGES[STEPS[self.step]](self)
        page.add_class(f"wb-page-{self.step}")
        self.body.children = [page]
        for widget in old:
            close_widgets(widget, keep=(self.message, self.fix))

    def draw_bar(self, plan: Plan | None) -> None:
        """The step bar: each step a button to it; the current one, those done (reached before, nothing missing)
        and those with something to add marked, in words too (the button's title)."""
        gaps = frozenset(step.at for step in plan.gaps()) if plan else frozenset()
        reached = self.store.reached(self.owner) if plan else self.step
        for at, button in enumerate(self.bar):
            marks = {"wb-current": at == self.step, "wb-has-gap": at in gaps,
                     "wb-done": at != self.step and at <= reached and at not in gaps}
            for mark, on in marks.items():
                (button.add_class if on else button.remove_class)(mark)
            button.disabled = reachable_step(at, plan is not None) != at
            button.tooltip = " ".join(filter(None, (
                _("You are here") if at == self.step else "", _("(something to add)") if at in gaps else "")))

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
        self.body.children = [self.looks.text(fragments.message(text, kind)), *self.body.children]

    # Step 0 and 1: welcome, and the export -------------------------------------------------
    def welcome(self) -> w.Widget:
        plan = self.found
        intro = self.looks.text(fragments.language_links() + welcome_html())
        if plan is None:
            return intro
        resume = self.looks.text(fragments.resume_note(plan))
        if not plan.gaps():
            open_it = w.Button(description=_("Open your plan"), button_style="primary", layout=self.looks.button)
            open_it.on_click(lambda _click: self.show(Step.PLAN.at))
            resume = w.VBox([resume, open_it])
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
        use.on_click(lambda _click: self.bring([demos[choice.value]], demo=choice.value))
        upload = w.FileUpload(accept=".csv,.xlsx,.txt,.tsv", multiple=True, description=_("Upload exports"))
        upload.observe(lambda change: self.uploaded(change["new"]), names="value")
        paid = w.Checkbox(value=self.uploads.status == "paid", indent=False, layout=w.Layout(width="auto"),
                          description=_("Count only paid orders (leave out those still awaiting payment)"))
        paid.observe(lambda change: self.count_paid_only(change["new"]), names="value")
        intro = self.looks.text(fragments.element("h2", _("Your customers")) + fragments.element("p", _(
            "Upload the sales or customer export from your shop, till or accounts system (CSV or Excel): Shopify, "
            "Square, Stripe, PayPal, Etsy, WooCommerce, Wix, Squarespace, QuickBooks, Xero, FreshBooks, a booking "
            "system or your own sheet. Selling online and over the counter? Choose both exports at once: their "
            "customers are matched by email, phone and name. Or try a demo business first.")))
        return w.VBox([self.about_you(), intro, upload, paid, w.HBox([choice, use], layout=self.looks.wrap),
                       self.message, self.fix])

    def about_you(self) -> w.Widget:
        """The owner's own business and how to reach them, asked once (their plan, talk tracks and letters use it)."""
        own = details(self.store, self.owner, OWN)
        said = self.looks.text("")
        fields = {}
        for name, label, hint in (("business", _("Your business's name"), _("as your customers know it")),
                                  ("owner_name", _("Your name"), _("how you sign a letter")),
                                  ("owner_phone", _("Your phone"), _("the number friends can call")),
                                  ("owner_email", _("Your email"), _("for replies"))):
            text = w.Text(value=own[name], description=label, placeholder=hint, style=self.looks.form_text,
                          layout=self.looks.field, continuous_update=False, tooltip=limit_said(name))
            text.observe(lambda c, name=name: self.save_about(said, **{name: c["new"]}), names="value")
            fields[name] = text
        plan = self.found
        demo = (fragments.element("p", _("You are trying the demo business {business}: its plan uses its own details. "
                                    "Yours are used as soon as you upload your own export.").format(
                    business=plan.business), "class='wb-note'") if plan and plan.source != OWN else "")
        head = self.looks.text(fragments.element("h2", _("About you")) + fragments.element("p", _(
            "Your business's name goes on your plan; your name, phone and email go into what you say and send, so "
            "that a friend knows how to reach you. Only the name is needed.")) + demo)
        box = w.VBox([head, *fields.values(), said], layout=self.looks.card)
        box.add_class("wb-about")
        return box

    def save_about(self, said: w.HTML, **changes: str) -> None:
        try:
            save_details(self.store, self.owner, OWN, **changes)
        except ValueError as problem:
            said.value = fragments.message(str(problem))
            return
        said.value = fragments.message(_("Saved."), "ok")
        self.draw_bar(self.found)

    def bring(self, paths: list, demo: str = "") -> None:
        """Read these exports (the owner's own, or the ``demo`` business's) from now on (what was said of earlier ones
        no longer applies)."""
        self.uploads = Uploads(files=[str(p) for p in paths], demo=demo,
                               status=self.uploads.status).keep(self.store, self.owner)
        self.read()

    def uploaded(self, files: tuple) -> None:
        if files:
            self.bring([save_upload(self.owner, item["name"], bytes(item["content"])) for item in files])

    def count_paid_only(self, paid: bool) -> None:
        self.uploads.status = "paid" if paid else "all"
        self.uploads.keep(self.store, self.owner)
        if self.uploads.files:
            self.read()

    def read(self) -> None:
        """Read the exports brought, with every answer given so far, and show what came of it."""
        names = ", ".join(Path(f).name for f in self.uploads.files)
        self.message.value = fragments.message(_("Reading {files}…").format(files=names), "ok")
        self.fix.children = []
        self.imported(self.uploads.read(self.owner, dt.date.today()))

    def imported(self, outcome: ImportOutcome) -> None:
        if outcome.error:
            self.message.value = fragments.message(outcome.error)
            self.fix.children = self.fixes(outcome)
            return
        self.message.value = fragments.message(outcome.summary, "ok")
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
        file = outcome.file or ""
        if outcome.needs == "date_order":
            order = w.RadioButtons(options=[(_("Day/month (25/12/2025)"), "dmy"), (_("Month/day (12/25/2025)"), "mdy")],
                                   description=_("Dates in {file} are").format(file=file),
                                   style=self.looks.form)
            again = w.Button(description=_("Read again"), button_style="primary")
            again.on_click(lambda _click: self.answered(file, date_order=order.value))
            return [order, again]
        if outcome.needs == "columns":
            choices = [self.looks.text(fragments.choices_note(outcome.choices))] if outcome.choices else []
            return [*choices, *self.column_pickers(file, outcome.guess)]
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
                   for role, label in fragments.PICKED_ROLES.items()}
        sample = self.looks.text(fragments.read_preview(guess, {r: p.value for r, p in pickers.items()}))
        for picker in pickers.values():
            picker.observe(lambda _change: setattr(sample, "value", fragments.read_preview(
                guess, {r: p.value for r, p in pickers.items()})), names="value")
        again = w.Button(description=_("Read again with these columns"), button_style="primary",
                         layout=w.Layout(width="auto"))
        again.on_click(lambda _click: self.answered(file, columns={r: p.value for r, p in pickers.items()}))
        ask = _("Tell us which column of {file} is which:").format(file=file)
        return [self.looks.text(fragments.element("p", ask)), *pickers.values(), sample, again]

    # Step 2: top ten ------------------------------------------------------------------------
    def top_ten(self) -> w.Widget:
        from ..challenge.shortlist import choose

        plan = self.plan
        ranking, source = self.store.ranking(self.owner)
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
        parts = [self.looks.text(fragments.element("h2", _("Your top {size} customers").format(size=plan.size))
                                 + fragments.element("p", intro) + fragments.read_note(self.uploads.summary)), by,
                 self.looks.text(fragments.ranking_table(chosen, plan.currency) + fragments.round_note(plan)),
                 w.HBox([leave, leave_button], layout=self.looks.wrap), currency]
        if plan.excluded:
            names = {row["key"]: row["customer"] for row in ranking}
            back = w.Dropdown(options=[(names.get(k, k), k) for k in plan.excluded], description=_("Left out"),
                              style=self.looks.form, layout=self.looks.field)
            back_button = w.Button(description=_("Put back"), layout=self.looks.button)
            back_button.on_click(lambda _click: self.change(rechoose, redraw=True, include=back.value))
            parts.append(w.HBox([back, back_button], layout=self.looks.wrap))
        parts.append(self.looks.text(fragments.concentration_chart(ranking)))
        return w.VBox(parts)

    def changed(self, plan: Plan) -> None:
        """Bring the live parts of the page (and the step bar's marks) up to date with the saved plan."""
        self.draw_bar(plan)
        for widget, render in self.live:
            widget.value = render(plan)

    def live_html(self, render, plan: Plan, layout: w.Layout | None = None) -> w.HTML:
        widget = self.looks.text(render(plan), layout)
        self.live.append((widget, render))
        return widget

    # Step 3: last purchase --------------------------------------------------------------------
    def last_purchase(self) -> w.Widget:
        return self.looks.text(fragments.element("h2", _("What they bought last"))
                               + fragments.last_purchases(self.plan))

    # Step 4: contact --------------------------------------------------------------------------
    def contact(self) -> w.Widget:
        plan = self.plan
        idea = ideas(plan.kind, "ideal_prospect")[0]
        prospect = w.Textarea(value=plan.ideal_prospect, description=_("Who would you love more of?"),
                              style=self.looks.form_text, placeholder=_("For example: {idea}").format(idea=idea),
                              layout=self.looks.field, continuous_update=False, tooltip=limit_said("ideal_prospect"))
        prospect.observe(lambda c: self.change(update_plan, ideal_prospect=c["new"]),
                         names="value")
        intro = _("You know each relationship best: phone, a visit by appointment, or dropping in. Describe your "
                  "ideal new customer once; the talk tracks below use it.")
        rows = [self.looks.text(fragments.element("h2", _("How you will reach each one"))
                                + fragments.element("p", intro)),
                prospect, self.idea_buttons("ideal_prospect", [idea]), self.live_html(fragments.missing_methods, plan)]
        for customer in plan.customers:
            rows.append(self.customer_contact(plan, customer.key, customer.name, customer.method, customer.ask))
        rows.append(self.add_customer_form())
        return w.VBox(rows)

    def idea_buttons(self, field: str, found: list[str], key: str | None = None) -> w.Widget:
        """One button per idea; a tap puts it in the plan's ``field`` (or the customer ``key``'s)."""
        buttons = []
        for idea in found:
            button = w.Button(description=idea, tooltip=_("Use this idea"), layout=self.looks.button)
            button.add_class("wb-idea")
            if key is None:
                button.on_click(lambda _click, idea=idea: self.change(update_plan, redraw=True, **{field: idea}))
            else:
                button.on_click(lambda _click, idea=idea: self.change(update_customer, key, redraw=True,
                                                                       **{field: idea}))
            buttons.append(button)
        box = w.HBox(buttons, layout=self.looks.wrap)
        box.add_class("wb-ideas")
        return box

    def customer_details(self, plan: Plan, key: str) -> w.Widget:
        """A customer's phone, email and address as the owner knows them, to change (kept over the exports')."""
        customer = next(c for c in plan.customers if c.key == key)
        said = self.looks.text("")
        inputs = []
        for name, label in (("phone", _("Phone")), ("email", _("Email")), ("address", _("Address"))):
            text = w.Text(value=getattr(customer, name) or "", description=fragments.described(label, customer.name),
                          description_allow_html=True, style=self.looks.form_text, layout=self.looks.field,
                          continuous_update=False, tooltip=limit_said(name))
            text.observe(lambda c, name=name: self.edit(key, said, **{name: c["new"]}), names="value")
            inputs.append(text)
        box = w.VBox([*inputs, said], layout=w.Layout(display="flex" if customer.unreachable() else "none"))
        toggle = w.Button(description=_("Change {name}'s phone, email or address").format(name=customer.name),
                          icon="pencil", layout=self.looks.button)
        toggle.add_class("wb-change")
        toggle.on_click(lambda _click: setattr(box.layout, "display", "none" if box.layout.display == "flex"
                                                else "flex"))
        return w.VBox([w.HBox([toggle], layout=self.looks.wrap), box])

    def edit(self, key: str, said: w.HTML, **given: str) -> None:
        try:
            self.change(edit_customer, key, redraw=False, **given)
        except ValueError as problem:
            said.value = fragments.message(str(problem))
            return
        said.value = fragments.message(_("Saved."), "ok")

    def add_customer_form(self) -> w.Widget:
        """Someone who is in no export (they pay cash, say): added to the round by hand."""
        said = self.looks.text("")
        inputs = {name: w.Text(description=label, style=self.looks.form_text, layout=self.looks.field,
                               tooltip=limit_said(name))
                  for name, label in (("name", _("Name")), ("phone", _("Phone")), ("email", _("Email")),
                                      ("address", _("Address")))}
        add = w.Button(description=_("Add to the round"), icon="plus", layout=self.looks.button)

        def added(_click) -> None:
            try:
                self.change(add_customer, inputs["name"].value, redraw=True,
                            **{name: text.value for name, text in inputs.items() if name != "name"})
            except ValueError as problem:
                said.value = fragments.message(str(problem))

        add.on_click(added)
        head = self.looks.text(fragments.element("h3", _("Someone who is not in your export?"))
                               + fragments.element("p", _(
            "A good customer who pays cash or is in no system: add them here. They join the round in the place of "
            "the last customer from your export.")))
        box = w.VBox([head, *inputs.values(), add, said], layout=self.looks.card)
        box.add_class("wb-add-customer")
        return box

    def customer_contact(self, plan: Plan, key: str, name: str, method: str | None, ask: str) -> w.Widget:
        """One customer: who and how to reach them and what to say, then how and what to ask them to do.

        The dropdowns' labels say whose they are to a screen reader ("How to reach Ann Lee")."""
        card = self.live_html(lambda p: fragments.contact_card(p, key), plan, self.looks.full)
        pick = w.Dropdown(options=method_choices(), value=method or "",
                          description=fragments.described(_("How"), name),
                          description_allow_html=True, style=self.looks.form, layout=self.looks.field)
        pick.observe(lambda c: self.change(update_customer, key, method=c["new"]),
                     names="value")
        action = w.Dropdown(options=ask_choices(), value=ask, description=fragments.described(_("Ask them to"), name),
                            description_allow_html=True, style=self.looks.form, layout=self.looks.field)
        action.observe(lambda c: self.change(update_customer, key, ask=c["new"]),
                       names="value")
        return w.VBox([card, pick, action, self.customer_details(plan, key)], layout=self.looks.card)

    # Step 5: offers ---------------------------------------------------------------------------
    def offers(self) -> w.Widget:
        plan = self.plan
        kind = w.Dropdown(options=kind_choices(), value=kind_of(plan.kind).key, description=_("Kind of business"),
                          style=self.looks.form, layout=self.looks.field)
        kind.observe(lambda c: self.change(choose_kind, redraw=True, kind=c["new"]), names="value")
        fields = []
        for name, label in (("reward", _("Their thank-you for a referral")),
                            ("friend_offer", _("What their friend is offered"))):
            found = ideas(plan.kind, name)
            text = w.Text(value=getattr(plan, name), description=label, style=self.looks.form_text,
                          layout=self.looks.field, continuous_update=False,
                          placeholder=_("For example: {idea}").format(idea=found[0]), tooltip=limit_said(name))
            text.observe(lambda c, name=name: self.change(update_plan, **{name: c["new"]}), names="value")
            fields += [text, self.idea_buttons(name, found)]
        intro = _("Make the customer look good for referring: a generous, no-risk offer for the friend, and a "
                  "personal thank-you for them. Tap an idea to use it, or write your own; the ideas follow the kind "
                  "of business.")
        rows = [self.looks.text(fragments.element("h2", _("What they get, and what their friend gets"))
                                + fragments.element("p", intro)),
                kind, *fields, self.live_html(fragments.offer_advice, plan),
                self.looks.text(fragments.element("h3", _("For a particular customer (optional)"))
                                + fragments.element("p", _(
                    "A gift chosen for the person says thank you best: a different one for each referrer, if "
                    "you like."), "class='wb-muted'"))]
        given = Logbook(self.store, self.owner).referrals()
        thanks = [idea for idea in ideas(plan.kind, "reward") if idea != plan.reward] or ideas(plan.kind, "reward")
        for place, customer in enumerate(plan.customers):
            idea = thanks[place % len(thanks)]  # another than the plan's own: a gift chosen per person
            rows.append(self.customer_offer(customer.key, customer.name, customer.reward, customer.friend_offer,
                                            given, idea))
        return w.VBox(rows)

    def customer_offer(self, key: str, name: str, reward: str | None, friend_offer: str | None,
                       given: list, idea: str) -> w.Widget:
        """A customer's own thank-you (an idea for it a tap away) and friend's offer; a thank-you they have had from
        the owner before is said as it is typed, before anything is saved. The labels say whose they are to a
        screen reader."""
        fields: list[w.Widget] = [self.looks.text(fragments.element("h4", name, "class='wb-who'"))]
        for field, value, label in ((("reward", reward, _("Their thank-you")),
                                     ("friend_offer", friend_offer, _("Their friend's offer")))):
            text = w.Text(value=value or "", description=fragments.described(label, name), description_allow_html=True,
                          placeholder=_("Same as above"), style=self.looks.form_text, layout=self.looks.field,
                          continuous_update=field == "reward", tooltip=limit_said(field))
            fields.append(text)
            if field == "friend_offer":
                text.observe(lambda c: self.change(update_customer, key, friend_offer=c["new"]), names="value")
                continue
            warning = self.looks.text(self.had_before(given, key, value or ""))

            def typed(change, warning=warning) -> None:
                warning.value = self.had_before(given, key, change["new"])
                self.change(update_customer, key, reward=change["new"])

            text.observe(typed, names="value")
            fields += [self.idea_buttons("reward", [idea], key), warning]
        return w.VBox(fields, layout=self.looks.card)

    @staticmethod
    def had_before(given: list, key: str, gift: str) -> str:
        text = gift_warning(given, key, gift)
        return fragments.message(text) if text else ""

    # Step 6: deadline -------------------------------------------------------------------------
    def deadline(self) -> w.Widget:
        plan = self.plan
        labels = fragments.deadline_labels(plan)
        choice = w.RadioButtons(options=list(labels.items()), value=plan.deadline_choice, description=_("Deadline"),
                                style=self.looks.form, layout=self.looks.full)
        choice.observe(lambda c: self.change(update_plan, redraw=True, deadline_choice=c["new"]),
                       names="value")
        intro = _("Deadlines make it happen. Pick one, then spread the calls over the working days before it; change "
                  "any day you like.")
        rows = [self.looks.text(fragments.element("h2", _("Your deadline")) + fragments.element("p", intro)), choice]
        if plan.deadline:
            days = [(day(d, "short"), d) for d in contact_days(plan.today, plan.deadline)]
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
        document = self.looks.text(fragments.plan_document(plan))
        gaps = plan.gaps()
        if not gaps:
            ready = fragments.plan_ready(plan) + fragments.download_links(plan) + fragments.next_links()
            return w.VBox([self.looks.text(ready), document])
        rows = [self.looks.text(fragments.element("h2", _("Before the plan is ready")))]
        for step, texts in gaps.items():
            go = w.Button(description=_("Go to {step}").format(step=step.label), layout=self.looks.button)
            go.on_click(lambda _click, at=step.at: self.show(at))
            rows.append(w.HBox([self.looks.text(fragments.step_gaps(step.label, texts), self.looks.grow), go],
                               layout=self.looks.row))
        return w.VBox([*rows, document])

    PAGES: ClassVar = {Step.WELCOME: welcome, Step.CUSTOMERS: customers, Step.TOP_TEN: top_ten,
                       Step.LAST_PURCHASE: last_purchase, Step.CONTACT: contact, Step.OFFERS: offers,
                       Step.DEADLINE: deadline, Step.PLAN: your_plan}


"""HTML fragments for the app's steps, from the templates in ``templates/`` (a one-line piece with :class:`HTML`);
every piece of user or customer text is escaped."""

from __future__ import annotations

import base64
import datetime as dt

from .. import settings
from ..challenge.coaching import anticipate_prompt, discount_note, since, talk_track
from ..challenge.deadlines import DEADLINE_LABELS, deadline_options
from ..challenge.plan import UNREACHABLE, Plan
from ..challenge.steps import Step
from ..documents.render import DOWNLOADS, contact_html, plan_files, plan_fragment
from ..formatting import clock, day, duration, follow_through_line, iso_day, label, money, percent, slug
from ..i18n import LANGUAGES, N_, _, language, locale, marked, ngettext, speaking
from ..markup import HTML, element, render
from ..workshop.participants import MAX_CODE, MAX_NAME


def fragment(name: str, /, **context: object) -> str:
    """The template ``name`` of ``templates/`` filled in with ``context``."""
    return str(render("workbook.app", name, **context))


def ranking_table(rows: list[dict], currency: str = "") -> str:
    """The ranked customers (rows of ``ranking.rank_customers``) as an HTML table."""
    columns = [("#", True), (_("Customer"), False), (_("Spend"), True), (_("Last 12 months"), True),
               (_("Orders"), True), (_("Last purchase"), False)]
    shown = [{"rank": row["rank"], "name": row["customer"] or row["email"] or "",
              "spend": money(row["total_spend"], currency), "recent": money(row["spend_12m"], currency),
              "orders": row["orders"], "last": iso_day(row["last_purchase_date"])} for row in rows]
    return fragment("ranking.html.j2", label=_("Top ten"), columns=columns, rows=shown)


PICKED_ROLES = {"customer": N_("Customer name"), "email": N_("Email"), "phone": N_("Phone"), "date": N_("Date of sale"),
                "amount": N_("Amount"), "product": N_("Product or service")}


def read_preview(guess, chosen: dict[str, str]) -> str:
    """The first rows of an export under the roles the owner picked: as the import reads them where the
    column is the guessed one (amounts as numbers, dates as days), else as written."""
    shown = [role for role, header in chosen.items() if header]
    if not shown or not guess.rows:
        return ""
    rows = [[row.get(role, "") if chosen[role] == guess.chosen.get(role) else raw.get(chosen[role], "")
             for role in shown] for row, raw in zip(guess.rows, guess.cells)]
    return fragment("preview.html.j2", label=_("The first rows, as they will be read:"), rows=rows,
                    columns=[(_(PICKED_ROLES[role]), chosen[role]) for role in shown])


def read_note(summary: str) -> str:
    """What was read from the exports, for a check at a glance: the first lines (rows, days, the largest sale)
    in sight, the rest a tap away."""
    lines = [line for line in summary.splitlines() if line.strip()]
    if not lines:
        return ""
    return fragment("read.html.j2", shown=lines[:4], rest=lines[4:], title=_("What else was read"))


def choices_note(choices: dict[str, list] | None, currency: str = "") -> str:
    """What each column in question would give: its three best customers and their spend."""
    if not choices:
        return ""
    lines = [_("With '{column}': {customers}").format(
        column=column, customers=", ".join(f"{name} {money(spend, currency)}" for name, spend in rows) or "-")
        for column, rows in choices.items()]
    return fragment("choices.html.j2", intro=_("The columns give different customers or amounts:"), lines=lines)


def resume_note(plan: Plan) -> str:
    """What the welcome step says of the plan the owner has: ready, or in progress."""
    if not plan.gaps():
        text = _("Your plan for {business} is ready: open it to print it, download it or put it in your "
                 "calendar.").format(business=plan.business or _("your business"))
        return element("p", text, "class='wb-note wb-ready'")
    text = ngettext("You have a plan in progress for {business} ({count} customer). Press Next to carry on where "
                    "you left off.",
                    "You have a plan in progress for {business} ({count} customers). Press Next to carry on where "
                    "you left off.", len(plan.customers)).format(business=plan.business, count=len(plan.customers))
    return element("p", text, "class='wb-note'")


def round_note(plan: Plan) -> str:
    """Says so when the data holds fewer customers than the round asks for."""
    if len(plan.customers) >= plan.size:
        return ""
    text = ngettext("Your export has {count} customer who has bought from you, fewer than the {size} this round "
                    "asks for. That is fine: ask them.",
                    "Your export has {count} customers who have bought from you, fewer than the {size} this round "
                    "asks for. That is fine: ask all of them.", len(plan.customers)).format(
        count=len(plan.customers), size=plan.size)
    return element("p", text, "class='wb-note'")


def concentration_chart(rows: list[dict]) -> str:
    """How much of the revenue the top customers bring: a bar per customer, top ten darker."""
    top = sorted(rows, key=lambda r: r["total_spend"], reverse=True)[:20]
    shares = [r["share"] for r in top]
    widest = max(shares, default=1) or 1
    bars = [{"top": rank <= 10, "height": f"{share / widest * 100:.1f}",
             "title": _("Customer {rank}: {share} of revenue").format(rank=rank, share=percent(share))}
            for rank, share in enumerate(shares, start=1)]
    ten, twenty = percent(sum(shares[:10])), percent(sum(shares))
    headline = HTML.escape(_("{strong}Your top 10 customers bring {ten} of your revenue{end} (top 20: {twenty}).")
                           ).format(strong=HTML("<strong>"), end=HTML("</strong>"), ten=ten, twenty=twenty)
    described = _("Share of revenue of each of the top 20 customers, biggest first; the top 10 bring {ten}").format(
        ten=ten)
    return fragment("concentration.html.j2", headline=headline, described=described, bars=bars)


def last_purchases(plan: Plan) -> str:
    """Step 3: what each bought last and how long ago, with a nudge to anticipate needs."""
    unknown = _("not in the export")
    rows = [{"name": c.name, "product": c.last_product or "-", "when": day(c.last_purchase, "medium"),
             "since": since(c.last_purchase, plan.today)} if c.last_purchase else
            {"name": c.name, "product": c.last_product or "-", "when": "-", "since": unknown} for c in plan.customers]
    columns = [(_("Customer"), False), (_("Last bought"), False), (_("When"), False), (_("How long ago"), False)]
    return fragment("purchases.html.j2", label=_("Last purchase"), columns=columns, rows=rows,
                    ahead=_("Think one step ahead"), prompts=[anticipate_prompt(c, plan.today) for c in plan.customers])


def contact_card(plan: Plan, key: str) -> str:
    """One customer on the contact step: who, how to reach them, and the four-step conversation to open."""
    customer = next(c for c in plan.customers if c.key == key)
    cannot = message(_(UNREACHABLE[customer.method or ""]).format(name=customer.name)) if customer.unreachable() else ""
    return fragment("contact_card.html.j2", name=customer.name, added=_("(added by you)") if customer.added else "",
                    reach=HTML(contact_html(plan, customer)), cannot=HTML(cannot),
                    say=_("What to say to {name}").format(name=customer.name),
                    lines=talk_track(plan, customer, customer.ask))


def missing_methods(plan: Plan) -> str:
    names = [c.name for c in plan.customers if not c.method]
    cannot = [_(UNREACHABLE[c.method or ""]).format(name=c.name) for c in plan.customers if c.unreachable()]
    if not names and cannot:
        return message("\n".join(cannot))
    if not names:
        return message(_("Every customer has a contact method."), "ok")
    return message(_("Still to choose a contact method for: {names}.").format(names=", ".join(names)))


def offer_advice(plan: Plan) -> str:
    """A gentle note about discounts, and what the offers still lack."""
    note = next(filter(None, (discount_note(r) for r in [plan.reward, *map(plan.reward_for, plan.customers)])), None)
    missing = plan.gaps().get(Step.OFFERS, [])
    suggested = [label for name, label in (("reward", _("Their thank-you for a referral")),
                                           ("friend_offer", _("What their friend is offered")))
                 if name in plan.suggested]
    parts = []
    if suggested:
        parts.append(element("p", _("Still the workbook's suggestion: {fields}. Tap an idea to take it, or write "
                                    "your own; until then the printed plan leaves a line to write it on.").format(
            fields="; ".join(suggested)), "class='wb-note'"))
    if note:
        parts.append(element("p", note, "class='wb-note'"))
    if missing:
        parts.append(message(" ".join(missing)))
    return "".join(parts)


def deadline_labels(plan: Plan) -> dict[str, str]:
    """The two deadline choices with their dates, for radio buttons."""
    return {_("{choice}: by {date}").format(choice=_(DEADLINE_LABELS[k]), date=day(d, "full")): k
            for k, d in deadline_options(plan.today).items()}


def plan_ready(plan: Plan) -> str:
    """The plan step's word when nothing is missing, naming the day of the first contact (the schedule's)."""
    first = next((when for when, customers in plan.schedule().items() if customers), None)
    return message(_("Your plan is ready. Print it, put it in your calendar, and make your first contact on "
                     "{day}.").format(day=day(first, "full")), "ok")


def step_gaps(step: str, gaps: list[str]) -> str:
    """What one step (its name as shown) still lacks, before the button that opens it."""
    return str(HTML("<div class='wb-gap'><strong>{}</strong> {}</div>").format(label(step), " ".join(gaps)))


def download_links(plan: Plan) -> str:
    """Links that hand the plan's files (in the plan's language) to the browser."""
    name_start = slug(plan.business, "plan")
    links = [{"file": f"{name_start}-{name}", "label": _(DOWNLOADS[name].label),
              "href": f"data:{DOWNLOADS[name].mime};base64,{base64.b64encode(content).decode()}"}
             for name, content in plan_files(plan).items()]
    return fragment("downloads.html.j2", intro=_("Download:"), links=links)


def language_links(keep: bool = True) -> str:
    """The language picker: a compact menu that opens on the current language's name, each language in its
    own words. On the app's pages (``keep``) a form that posts the choice to ``language``, where it is kept for
    the visitor (the template's script adds the XSRF token and the page); elsewhere links that show this page
    in that language."""
    named = _("Language")
    return fragment("languages.html.j2", keep=keep, languages=LANGUAGES.items(), current=language(), named=named,
                    shown=LANGUAGES.get(language()) or named)


def described(label: str, whose: str) -> str:
    """A widget's description (HTML): ``label``, and for a screen reader whose it is ("Phone (Ann Lee)")."""
    return str(HTML("{}<span class='wb-sr'> ({})</span>").format(label, whose))


def message(text: str, kind: str = "error") -> str:
    """A plain message box, a line of ``text`` a line; ``kind`` is error or ok."""
    return str(HTML("<div class='wb-message-{}' role='{}'>{}</div>").format(
        kind, "alert" if kind == "error" else "status", HTML("<br>").join(text.splitlines())))


def _page(template: str, base: str, title: str, **context: object) -> str:
    """One of the app's pages outside the notebooks (``template`` in ``templates/``), with the product's header."""
    return fragment(template, lang=language(), base=base, title=title, tagline=_(TAGLINE), **context)


def notice_page(base: str, title: str, text: str, heading: bool = False) -> str:
    """A page in place of the app (a refusal, "not here", an error): ``text``, under ``title`` if ``heading``."""
    return _page("notice.html.j2", base, title, heading=heading, message=HTML(message(text)))


TAGLINE = N_("The referral weekend challenge")


def opening_page(base: str) -> str:
    """What a browser's first request gets: the page opens itself again with the session it was just given."""
    return _page("opening.html.j2", base, "Referral Workbook", text=_(
        "Opening the workbook\u2026 If nothing happens, allow cookies for this site (the workbook keeps your place "
        "with one) and reload the page."))


def page_texts() -> dict[str, str]:
    """What the app's template says itself (before and around the app), in the language spoken; ``stalled`` and
    ``rested`` are HTML, ``too_big`` a text in which the page's script puts the file's ``{name}`` and ``{size}``
    when it is larger than ``upload_limit`` bytes."""
    stalled = HTML.escape(_("This page is taking much longer than usual to start. {link}Reload it{end}: everything "
                            "you entered is saved.")).format(link=HTML("<a href=''>"), end=HTML("</a>"))
    rested = HTML.escape(_("This page rested while you were away. {link}Reload it{end} to carry on: everything you "
                           "entered is saved.")).format(link=HTML("<a href=''>"), end=HTML("</a>"))
    return {"lang": language(), "tagline": _(TAGLINE), "stalled": str(stalled), "rested": str(rested),
            "too_big": _("\u201c{name}\u201d is {size} MB; the workbook takes exports of up to {limit} MB. Export a "
                         "shorter period and upload that.").format(limit=settings.MAX_UPLOAD_MB, name="{name}",
                                                                   size="{size}"),
            "upload_limit": str(settings.MAX_UPLOAD_MB * 1024 * 1024),
            "failed": _("Something went wrong on this step. Your earlier entries are saved; reload the page to carry "
                        "on.")}


def join_page(base: str, xsrf_field: str, error: str = "", name: str = "", code: str = "") -> str:
    """The workshop's door: the code the coach gave out, and the participant's name (``xsrf_field`` is HTML); after
    a wrong try, what was typed (``name``, ``code``) is in the fields again, under what was wrong (``error``)."""
    return _page("join.html.j2", base, _("Join the workshop"), name=name, code=code[:MAX_CODE], xsrf=HTML(xsrf_field),
                 intro=_("Type the workshop code your coach gave you and your name. You get a plan of your own; this "
                         "browser remembers it, so you can close the page and come back."),
                 languages=HTML(language_links(keep=False)), error=HTML(message(error) if error else ""),
                 whose=HTML(whose_line(None, settings.workshop_name())),
                 labels={"code": _("Workshop code"), "name": _("Your name"), "join": _("Join")}, name_limit=MAX_NAME,
                 code_limit=MAX_CODE)


def whose_line(name: str | None, workshop: str | None) -> str:
    """Whose page this is in a workshop: the participant's name and the workshop's (each left out when unknown)."""
    parts = [text for text in (_("Participant: {name}").format(name=name) if name else "",
                               _("Workshop: {workshop}").format(workshop=workshop) if workshop else "") if text]
    return fragment("whose.html.j2", parts=parts) if parts else ""


def personal_link_page(base: str, xsrf_field: str, key: str, name: str, other: str | None,
                       coach: str | None = None) -> str:
    """A personal link's page: whose plan it opens, and (when this browser holds another's) whose it puts aside. In the
    coach's browser (``coach``: the participant's id), that the link is the participant's door, not the coach's view."""
    aside = message(_("This browser opens {other}'s plan now. Open {name}'s plan in its place only if you are "
                      "{name}.").format(other=other, name=name)) if other else ""
    if coach:
        door = HTML.escape(_("You are the workshop's coach: this link is {name}'s own door, to hand to them. "
                             "Opened here, it makes this browser act as {name}, and what you click changes their "
                             "plan. To read their plan, use {link}the coach's view{end}.")).format(
            name=name, link=HTML("<a href='{}'>").format(f"{base}coach/plan/{coach}"), end=HTML("</a>"))
        aside = str(HTML("<div class='wb-message-error' role='alert'>{}</div>").format(door)) + aside
    return _page("personal_link.html.j2", base, _("Open {name}'s plan").format(name=name), key=key,
                 xsrf=HTML(xsrf_field), other=HTML(aside), button=_("Open my plan"),
                 intro=_("Your coach gave you this link. It opens {name}'s plan in this browser.").format(name=name))


def coach_plan_page(base: str, participant: str, name: str, plan: Plan | None) -> str:
    """The coach's read-only view of one participant's plan: the plan as its documents show it (in the plan's
    language) and links to those documents, each served by ``coach/plan/<participant>/<file>``."""
    title = _("{name}'s plan (read-only)").format(name=name)
    note = _("The coach's view: {name}'s plan as it is saved now. Nothing here changes it or acts as {name}; they "
             "work on it in their own browser.").format(name=name)
    if plan is None:
        return _page("coach_plan.html.j2", base, title, note=note, links=[], intro="", document="",
                     empty=HTML(message(_("{name} has no plan yet: their customers are not read.").format(name=name),
                                        "ok")))
    links = [{"href": f"{base}coach/plan/{participant}/{file}", "label": _(download.label),
              "file": f"{slug(plan.business, 'plan')}-{file}"} for file, download in DOWNLOADS.items()]
    with speaking(plan.language):
        document = HTML(plan_document(plan))
    return _page("coach_plan.html.j2", base, title, note=note, links=links, intro=_("Their documents:"),
                 document=document, empty="")


def hub_room_page(rows: list[dict], hub_base: str = "/") -> str:
    """The coach's page of a room on JupyterHub (rows of ``serve.hub.room``), each user's name a link to their app."""
    from urllib.parse import quote

    shown = [{"user": row["user"], "href": f"{hub_base.rstrip('/')}/user/{quote(row['user'])}/",
              "business": row["business"] or "-", "step": row.get("problem") or row["step"] or "-",
              "customers": row["customers"] or "-", "ready": _("Plan ready") if row["ready"] else _("not yet")}
             for row in rows]
    columns = [(_("Participant"), False), (_("Business"), False), (_("Step"), False), (_("Customers"), True),
               (_("Plan"), False)]
    summary = ngettext("{count} participant, {ready} with a plan ready.", "{count} participants, {ready} with a plan "
                       "ready.", len(rows)).format(count=len(rows), ready=sum(bool(row["ready"]) for row in rows))
    return fragment("hub_room.html.j2", lang=language(), title=_("The room"), summary=summary, columns=columns,
                    rows=shown)


def progress_table(rows: list, steps: list[str], now: dt.datetime | None = None) -> str:
    """The coach's view of the room as of ``now``: who works in which language, when they joined and were last
    active, the step they are on (``steps`` as shown) and for how long (those stuck marked, in words), whose plan is
    ready, their follow-through and personal links."""
    if not rows:
        return element("p", _("Nobody has joined yet. Give the room the workshop code and the join address."))
    now = now or dt.datetime.now(dt.UTC)
    waiting, done = _("not yet"), _("Plan ready")
    shown = [{"name": r.participant.name, "business": r.business, "language": language_name(r.language),
              "joined": clock(r.joined, now) if r.joined else waiting, "active": _ago(r.active, now),
              "step": f"{r.step + 1}. {steps[min(r.step, len(steps) - 1)]}",
              "on_step": _("{duration}, since {time}").format(duration=duration(now - r.step_since),
                                                             time=clock(r.step_since, now))
              if r.joined and r.step_since else "-", "stuck": r.stuck,
              "customers": r.customers or "", "ready": done if r.ready else "",
              "results": follow_through_line(vars(r.results)) if r.results else "", "token": r.participant.token,
              "id": r.participant.id, "view": bool(r.customers)}
             for r in rows]
    columns = [(_("Participant"), False), (_("Business"), False), (_("Language"), False), (_("Joined"), False),
               (_("Last active"), False), (_("Step"), False), (_("On this step"), False), (_("Customers"), True),
               (_("Plan"), False), (_("Follow-through"), False), (_("Their plan"), False), (_("Link"), False)]
    joined = sum(r.joined is not None for r in rows)
    summary = " ".join([
        ngettext("{count} participant, {ready} with a plan ready.", "{count} participants, {ready} with a plan "
                 "ready.", len(rows)).format(count=len(rows), ready=sum(r.ready for r in rows)),
        ngettext("{count} has joined.", "{count} have joined.", joined).format(count=joined)])
    stuck = [r.participant.name for r in rows if r.stuck]
    warning = ngettext("{count} participant has been on one step for more than ten minutes: {names}.",
                       "{count} participants have been on one step for more than ten minutes: {names}.",
                       len(stuck)).format(count=len(stuck), names=", ".join(stuck)) if stuck else ""
    view, link = _("view (read-only)"), _("personal link")
    doors = _("“{view}” opens a participant's plan and its documents for you to read: nothing you do there changes "
              "it. A “{link}” is the participant's own door, to hand to them (when they move to another computer): "
              "opened in your browser, it would act as them.").format(view=view, link=link)
    return fragment("room.html.j2", summary=summary, warning=warning, label=_("Participant"), columns=columns,
                    rows=shown, link=link, view=view, doors=doors, stuck=_("stuck"))


def language_name(code: str) -> str:
    """A language's name in the language spoken now (German, Deutsch, allemand: as a table cell, capitalised)."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code.split("-")[0]).get_language_name(locale()) or code
    except (ValueError, UnknownLocaleError):
        name = code
    return marked(name[:1].upper() + name[1:])


def _ago(moment: dt.datetime | None, now: dt.datetime) -> str:
    """How long ago ``moment`` was (a dash for never)."""
    if moment is None:
        return "-"
    if now - moment < dt.timedelta(minutes=1):
        return _("just now")
    return _("{duration} ago").format(duration=duration(now - moment))


def projector(code: str, address: str | None, joined: int) -> str:
    """The coach's page on the projector: the workshop ``code`` and the join ``address`` in large type, the address
    as a QR code to scan, and how many have ``joined``. Without a known address, where to go in words."""
    import segno

    qr = HTML(segno.make_qr(address, error="m").svg_inline(scale=1, border=4, omitsize=True, dark="#000000",
                                                           light="#ffffff", svgclass="wb-qr")) if address else ""
    return fragment("projector.html.j2", heading=_("Join the workshop"), code_label=_("Workshop code"),
                    code=code, address_label=_("Join at"),
                    address=address or _("this machine's address, then /join"), qr=qr,
                    qr_label=_("A QR code of the join address: point a phone's camera at it"),
                    joined=ngettext("{count} has joined", "{count} have joined", joined).format(count=joined))


def zip_link(data: str) -> str:
    """A link that hands the zip of every ready plan to the browser (``data`` is base64)."""
    return str(HTML("<p class='wb-downloads'><a download='referral-plans.zip' href='data:application/zip;base64,{}'>"
                    "referral-plans.zip</a></p>").format(data))


def next_links() -> str:
    """Where the owner goes once the plan is ready."""
    return links(("today", _("Today: who to contact, with one tap to call")),
                 ("follow", _("Follow through: log your calls, the referrals that come in and your thank-yous")),
                 classes="wb-next", link="wb-go")


def links(*targets: tuple[str, str], classes: str = "", link: str = "") -> str:
    """A paragraph of links, each ``(href, text)``; ``classes`` the paragraph's, ``link`` each link's."""
    return fragment("links.html.j2", targets=targets, classes=classes, link=link)


def card(title: str, paragraphs: list[str]) -> str:
    """A card: ``title`` as its heading, then its paragraphs."""
    return fragment("card.html.j2", title=title, paragraphs=paragraphs)


def plan_document(plan: Plan) -> str:
    """The plan as its documents show it (:func:`~workbook.documents.render.plan_fragment`), in the app's frame."""
    return str(HTML("<div class='wb-plan'>{}</div>").format(HTML(plan_fragment(plan))))

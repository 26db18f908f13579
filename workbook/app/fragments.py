"""HTML fragments for the app's steps; every piece of user or customer text is escaped."""

from __future__ import annotations

import base64
from html import escape

from markupsafe import Markup

from ..challenge.coaching import anticipate_prompt, discount_note, since, talk_track
from ..challenge.deadlines import DEADLINE_LABELS, deadline_options
from ..documents.render import DOWNLOADS, contact_html, plan_files
from ..formatting import day, follow_through_line, iso_day, label, money, percent, slug
from ..i18n import LANGUAGES, N_, _, language, ngettext
from ..markup import HTML, element, heading, render, table
from ..challenge.plan import UNREACHABLE, Plan


def ranking_table(rows: list[dict], currency: str = "") -> str:
    """The ranked customers (rows of ``ranking.rank_customers``) as an HTML table."""
    head = heading(("#", True), (_("Customer"), False), (_("Spend"), True), (_("Last 12 months"), True),
                   (_("Orders"), True), (_("Last purchase"), False))
    body = "".join(
        f"<tr><td class='wb-num'>{row['rank']}</td><td>{escape(row['customer'] or row['email'] or '')}</td>"
        f"<td class='wb-num'>{escape(money(row['total_spend'], currency))}</td>"
        f"<td class='wb-num'>{escape(money(row['spend_12m'], currency))}</td>"
        f"<td class='wb-num'>{row['orders']}</td><td>{escape(iso_day(row['last_purchase_date']))}</td></tr>"
        for row in rows
    )
    return table(head, body, _("Top ten"))


PICKED_ROLES = {"customer": N_("Customer name"), "email": N_("Email"), "phone": N_("Phone"), "date": N_("Date of sale"),
                "amount": N_("Amount"), "product": N_("Product or service")}


def read_preview(guess, chosen: dict[str, str]) -> str:
    """The first rows of an export under the roles the owner picked: as the import reads them where the
    column is the guessed one (amounts as numbers, dates as days), else as written."""
    shown = [role for role, header in chosen.items() if header]
    if not shown or not guess.rows:
        return ""
    head = "".join(f"<th>{escape(_(PICKED_ROLES[role]))}<br><small>{escape(chosen[role])}</small></th>"
                   for role in shown)
    body = "".join("<tr>" + "".join(
        f"<td>{escape(row.get(role, '') if chosen[role] == guess.chosen.get(role) else raw.get(chosen[role], ''))}</td>"
        for role in shown) + "</tr>" for row, raw in zip(guess.rows, guess.cells))
    return (element("p", _("The first rows, as they will be read:"), "class='wb-muted'")
            + table(f"<tr>{head}</tr>", body, _("The first rows, as they will be read:"), "wb-preview"))


def read_note(summary: str) -> str:
    """What was read from the exports, for a check at a glance: the first lines (rows, days, the largest sale)
    in sight, the rest a tap away."""
    lines = [line for line in summary.splitlines() if line.strip()]
    if not lines:
        return ""
    shown, rest, title = lines[:4], lines[4:], _("What else was read")
    more = (f"<details><summary>{escape(title)}</summary><ul>"
            + "".join(element("li", line) for line in rest) + "</ul></details>") if rest else ""
    return f"<div class='wb-read' role='status'>{''.join(element('p', line) for line in shown)}{more}</div>"


def choices_note(choices: dict[str, list] | None, currency: str = "") -> str:
    """What each column in question would give: its three best customers and their spend."""
    if not choices:
        return ""
    items = "".join(element("li", _("With '{column}': {customers}").format(
        column=column, customers=", ".join(f"{name} {money(spend, currency)}" for name, spend in rows) or "-"))
        for column, rows in choices.items())
    return element("p", _("The columns give different customers or amounts:"), "class='wb-muted'") + \
        f"<ul class='wb-choices'>{items}</ul>"


def resume_note(plan: Plan) -> str:
    """What the welcome step says of the plan the owner has: ready, or in progress."""
    if not plan.gaps():
        text = _("Your plan for {business} is ready: open it to print it, download it or put it in your "
                 "calendar.").format(business=plan.business or _("your business"))
        return f"<p class='wb-note wb-ready'>{escape(text)}</p>"
    text = ngettext("You have a plan in progress for {business} ({count} customer). Press Next to carry on where "
                    "you left off.",
                    "You have a plan in progress for {business} ({count} customers). Press Next to carry on where "
                    "you left off.", len(plan.customers)).format(business=plan.business, count=len(plan.customers))
    return f"<p class='wb-note'>{escape(text)}</p>"


def round_note(plan: Plan) -> str:
    """Says so when the data holds fewer customers than the round asks for."""
    if len(plan.customers) >= plan.size:
        return ""
    text = ngettext("Your export has {count} customer who has bought from you, fewer than the {size} this round "
                    "asks for. That is fine: ask them.",
                    "Your export has {count} customers who have bought from you, fewer than the {size} this round "
                    "asks for. That is fine: ask all of them.", len(plan.customers)).format(
        count=len(plan.customers), size=plan.size)
    return f"<p class='wb-note'>{escape(text)}</p>"


def concentration_chart(rows: list[dict]) -> str:
    """How much of the revenue the top customers bring: a bar per customer, top ten darker."""
    top = sorted(rows, key=lambda r: r["total_spend"], reverse=True)[:20]
    shares = [r["share"] for r in top]
    widest = max(shares, default=1) or 1
    bars = "".join(
        f"<div class='wb-bar{' wb-bar-top' if rank <= 10 else ''}' style='height:{share / widest * 100:.1f}%' "
        f"title='{escape(title)}'></div>" for rank, share, title in (
            (rank, share, _("Customer {rank}: {share} of revenue").format(rank=rank, share=percent(share)))
            for rank, share in enumerate(shares, start=1)))
    ten, twenty = percent(sum(shares[:10])), percent(sum(shares))
    headline = Markup.escape(_("{strong}Your top 10 customers bring {ten} of your revenue{end} (top 20: {twenty}).")
                             ).format(strong=Markup("<strong>"), end=Markup("</strong>"), ten=ten, twenty=twenty)
    described = _("Share of revenue of each of the top 20 customers, biggest first; the top 10 bring {ten}").format(
        ten=ten)
    return f"<p>{headline}</p><div class='wb-bars' role='img' aria-label='{escape(described)}'>{bars}</div>"


def last_purchases(plan: Plan) -> str:
    """Step 3: what each bought last and how long ago, with a nudge to anticipate needs."""
    unknown = _("not in the export")
    rows = "".join(
        f"<tr><td>{escape(c.name)}</td><td>{escape(c.last_product or '-')}</td>"
        f"<td>{escape(day(c.last_purchase, 'medium'))}</td><td>{escape(since(c.last_purchase, plan.today))}</td></tr>"
        if c.last_purchase else
        f"<tr><td>{escape(c.name)}</td><td>{escape(c.last_product or '-')}</td><td>-</td>"
        f"<td>{escape(unknown)}</td></tr>"
        for c in plan.customers)
    prompts = "".join(f"<li>{escape(anticipate_prompt(c, plan.today))}</li>" for c in plan.customers)
    head = heading((_("Customer"), False), (_("Last bought"), False), (_("When"), False), (_("How long ago"), False))
    return (table(head, rows, _("Last purchase"))
            + element("h3", _("Think one step ahead")) + f"<ul>{prompts}</ul>")


def contact_card(plan: Plan, key: str) -> str:
    """One customer on the contact step: who, how to reach them, and the four-step conversation to open."""
    customer = next(c for c in plan.customers if c.key == key)
    lines = "".join(f"<li>{escape(line)}</li>" for line in talk_track(plan, customer, customer.ask))
    reach = contact_html(plan, customer)
    cannot = message(_(UNREACHABLE[customer.method]).format(name=customer.name)) if customer.unreachable() else ""
    added = element("span", " " + _("(added by you)"), "class='wb-muted'") if customer.added else ""
    return (f"<h3 class='wb-who'>{escape(customer.name)}{added}</h3>" + (f"<p>{reach}</p>" if reach else "") + cannot
            + "<details class='wb-track'>" + element("summary", _("What to say to {name}").format(name=customer.name))
            + f"<ol>{lines}</ol></details>")


def missing_methods(plan: Plan) -> str:
    names = [c.name for c in plan.customers if not c.method]
    cannot = [_(UNREACHABLE[c.method]).format(name=c.name) for c in plan.customers if c.unreachable()]
    if not names and cannot:
        return message("\n".join(cannot))
    if not names:
        return message(_("Every customer has a contact method."), "ok")
    return message(_("Still to choose a contact method for: {names}.").format(names=", ".join(names)))


def offer_advice(plan: Plan) -> str:
    """A gentle note about discounts, and what the offers still lack."""
    note = next(filter(None, (discount_note(r) for r in [plan.reward, *map(plan.reward_for, plan.customers)])), None)
    missing = plan.gaps().get("offers", [])
    suggested = [label for name, label in (("reward", _("Their thank-you for a referral")),
                                           ("friend_offer", _("What their friend is offered")))
                 if name in plan.suggested]
    parts = []
    if suggested:
        parts.append(element("p", _("Still the workbook's suggestion: {fields}. Tap an idea to take it, or write "
                                    "your own; until then the printed plan leaves a line to write it on.").format(
            fields="; ".join(suggested)), "class='wb-note'"))
    if note:
        parts.append(f"<p class='wb-note'>{escape(note)}</p>")
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
    return ("<div class='wb-gap'>" + element("strong", label(step)) + " "
            + " ".join(escape(g) for g in gaps) + "</div>")


def download_links(plan: Plan) -> str:
    """Links that hand the plan's files (in the plan's language) to the browser."""
    name_start = slug(plan.business, "plan")
    links = []
    for name, content in plan_files(plan).items():
        data = base64.b64encode(content).decode()
        links.append(f"<a class='wb-download' download='{escape(name_start)}-{name}' "
                     f"href='data:{DOWNLOADS[name].mime};base64,{data}'>{escape(_(DOWNLOADS[name].label))}</a>")
    return "<p class='wb-downloads'>" + escape(_("Download:")) + " " + " ".join(links) + "</p>"


def language_links(keep: bool = True) -> str:
    """The language picker: a compact menu that opens on the current language's name, each language in its
    own words. On the app's pages (``keep``) a form that posts the choice to ``language``, where it is kept for
    the visitor (the template's script adds the XSRF token and the page); elsewhere links that show this page
    in that language."""
    current = " aria-current='true' class='wb-current'"
    if keep:
        choices = "".join(f"<li><button type='submit' name='lang' value='{code}' lang='{code}'"
                          f"{current if code == language() else ''}>{escape(name)}</button></li>"
                          for code, name in LANGUAGES.items())
        menu = f"<form method='post' action='language'><ul>{choices}</ul></form>"
    else:
        menu = "<ul>" + "".join(f"<li><a href='?lang={code}' hreflang='{code}' lang='{code}'"
                                f"{current if code == language() else ''}>{escape(name)}</a></li>"
                                for code, name in LANGUAGES.items()) + "</ul>"
    named = _("Language")
    shown = LANGUAGES.get(language()) or named
    summary = f"<summary><span class='wb-sr'>{escape(named)}: </span>{escape(shown)}</summary>"
    return f"<details class='wb-languages'>{summary}{menu}</details>"


def message(text: str, kind: str = "error") -> str:
    """A plain message box, a line of ``text`` a line; ``kind`` is error or ok."""
    role = "alert" if kind == "error" else "status"
    lines = '<br>'.join(escape(line) for line in text.splitlines())
    return f"<div class='wb-message-{kind}' role='{role}'>{lines}</div>"


def _page(template: str, base: str, title: str, **context: object) -> str:
    """One of the app's pages outside the notebooks (``template`` in ``templates/``), with the product's header."""
    return str(render("workbook.app", template, lang=language(), base=base, title=title, tagline=_(TAGLINE),
                      **context))


def plain_page(base: str, title: str, body: str) -> str:
    """A page of the app outside the notebooks around ``body`` (HTML), with the product's header and styles."""
    return _page("page.html.j2", base, title, body=HTML(body))


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
    """What the app's template says itself (before and around the app), in the language spoken; ``stalled`` is
    HTML, ``too_big`` a text in which the page's script puts the file's ``{name}`` and ``{size}``."""
    stalled = Markup.escape(_("This page is taking much longer than usual to start. {link}Reload it{end}: everything "
                              "you entered is saved.")).format(link=Markup("<a href=''>"), end=Markup("</a>"))
    return {"lang": language(), "tagline": _(TAGLINE), "stalled": str(stalled),
            "too_big": _("\u201c{name}\u201d is {size} MB; the workbook takes exports of up to 50 MB. Export a shorter "
                         "period and upload that."),
            "failed": _("Something went wrong on this step. Your earlier entries are saved; reload the page to carry "
                        "on.")}


def join_page(base: str, xsrf_field: str, error: str = "", name: str = "") -> str:
    """The workshop's door: the code the coach gave out, and the participant's name (``xsrf_field`` is HTML)."""
    return _page("join.html.j2", base, _("Join the workshop"), name=name, xsrf=HTML(xsrf_field),
                 intro=_("Type the workshop code your coach gave you and your name. You get a plan of your own; this "
                         "browser remembers it, so you can close the page and come back."),
                 languages=HTML(language_links(keep=False)), error=HTML(message(error) if error else ""),
                 labels={"code": _("Workshop code"), "name": _("Your name"), "join": _("Join")})


def personal_link_page(base: str, xsrf_field: str, key: str, name: str, other: str | None) -> str:
    """A personal link's page: whose plan it opens, and (when this browser holds another's) whose it puts aside."""
    aside = message(_("This browser opens {other}'s plan now. Open {name}'s plan in its place only if you are "
                      "{name}.").format(other=other, name=name)) if other else ""
    return _page("personal_link.html.j2", base, _("Open {name}'s plan").format(name=name), key=key,
                 xsrf=HTML(xsrf_field), other=HTML(aside), button=_("Open my plan"),
                 intro=_("Your coach gave you this link. It opens {name}'s plan in this browser.").format(name=name))


def progress_table(rows: list, steps: list[str]) -> str:
    """The coach's view of the room: who has reached which step (``steps`` as shown), whose plan is ready,
    personal links."""
    if not rows:
        return element("p", _("Nobody has joined yet. Give the room the workshop code and the join address."))
    ready = sum(r.ready for r in rows)
    joined, waiting, done, link = _("joined"), _("not yet"), _("Plan ready"), _("personal link")
    body = "".join(
        f"<tr><td>{escape(r.participant.name)}</td><td>{escape(r.business)}</td>"
        f"<td>{escape(joined if r.participant.joined_at else waiting)}</td>"
        f"<td>{r.step + 1}. {escape(steps[min(r.step, len(steps) - 1)])}</td>"
        f"<td class='wb-num'>{r.customers or ''}</td><td>{escape(done) if r.ready else ''}</td>"
        f"<td>{escape(follow_through_line(vars(r.results))) if r.results else ''}</td>"
        f"<td><a href='join?key={escape(r.participant.token)}'>{escape(link)}</a></td></tr>"
        for r in rows)
    head = heading((_("Participant"), False), (_("Business"), False), (_("Joined"), False), (_("Step"), False),
                   (_("Customers"), True), (_("Plan"), False), (_("Follow-through"), False), (_("Link"), False))
    summary = ngettext("{count} participant, {ready} with a plan ready.", "{count} participants, {ready} with a plan "
                       "ready.", len(rows)).format(count=len(rows), ready=ready)
    return f"<p>{escape(summary)}</p>" + table(head, body, _("Participant"), "wb-room")


def zip_link(data: str) -> str:
    """A link that hands the zip of every ready plan to the browser (``data`` is base64)."""
    return ("<p class='wb-downloads'><a download='referral-plans.zip' "
            f"href='data:application/zip;base64,{data}'>referral-plans.zip</a></p>")


def next_links() -> str:
    """Where the owner goes once the plan is ready."""
    return ("<p class='wb-next'>" + element("a", _("Today: who to contact, with one tap to call"),
                                            "class='wb-go' href='today'") + " "
            + element("a", _("Follow through: log your calls, the referrals that come in and your thank-yous"),
                      "class='wb-go' href='follow'") + "</p>")

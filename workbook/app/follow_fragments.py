"""HTML fragments for the follow-through part of the app; every name and note is escaped."""

from __future__ import annotations

from collections import defaultdict
from html import escape

from markupsafe import Markup

from ..challenge.coaching import talk_track
from ..documents.render import contact_html, mailto, tel
from ..follow.followthrough import STATUS, ChecklistItem, generations
from ..formatting import clip, day, money, percent
from .fragments import message
from ..i18n import _, ngettext
from ..follow.logbook import Referral, Source
from ..markup import element, heading, table
from ..challenge.plan import Plan, method_label

NODE_W, NODE_H, COLUMN, ROW = 170, 26, 210, 34


def checklist_head(item: ChecklistItem, plan: Plan) -> str:
    """A customer's line in the checklist: name, planned day, a status badge and how to reach them."""
    history = f"<br><small>{escape(item.customer.history)}</small>" if item.customer.history else ""
    reach = contact_html(plan, item.customer)
    planned = _("planned {date}").format(date=day(item.day, "short"))
    return (f"<div class='wb-check'><span class='wb-badge wb-{item.status}'>{escape(_(STATUS[item.status]))}</span> "
            f"<strong>{escape(item.customer.name)}</strong> <span class='wb-muted'>{escape(planned)}</span>"
            + (f"<br>{reach}" if reach else "") + f"{history}</div>")


def today_card(item: ChecklistItem, plan: Plan) -> str:
    """One customer on Monday's list: how to reach them with one tap, and what to say one tap away."""
    c = item.customer
    actions = []
    if c.phone:
        actions.append(element("a", _("Call {phone}").format(phone=c.phone),
                               f"class='wb-big' href='{escape(tel(c.phone))}'"))
    if c.email:
        label = _("Email (draft ready)") if c.method == "email" else _("Email {address}").format(address=c.email)
        actions.append(f"<a class='wb-big' href='{escape(mailto(plan, c))}'>{escape(label)}</a>")
    when = {"overdue": _("planned {date}, overdue").format(date=day(item.day, "short")),
            "today": _("planned for today"), "done": _("done today")}[item.status]
    facts = [method_label(c.method), when] + ([_("last bought {what}").format(what=c.last_product)]
                                              if c.last_product else [])
    lines = "".join(f"<li>{escape(line)}</li>" for line in talk_track(plan, c, c.ask))
    return (f"<h2 class='wb-today-name'>{escape(c.name)}</h2>"
            f"<p class='wb-muted'>{' · '.join(escape(f) for f in facts)}</p>"
            + (f"<p class='wb-actions'>{''.join(actions)}</p>" if actions else
               element("p", _("The export had no phone or email for them."), "class='wb-muted'"))
            + (f"<p class='wb-muted'>{escape(c.address)}</p>" if c.address else "")
            + "<details class='wb-track'>" + element("summary", _("What to say")) + f"<ol>{lines}</ol></details>")


def today_heading(items: list[ChecklistItem], today) -> str:
    left = sum(i.status != "done" for i in items)
    count = (ngettext("{count} to contact.", "{count} to contact.", left).format(count=left) if left
             else _("Nobody left to contact today."))
    return (element("h1", _("Today, {date}").format(date=day(today, "full")))
            + element("p", count + " " + _("Tap to call or write; then tap how it went.")))


def no_deadline_yet(plan) -> str:
    """Today's page before the plan has a deadline: nobody is due yet; what to choose first, and where."""
    return (element("h1", _("Today"))
            + message(_("Your plan has no deadline yet, so nobody is due today. Choose one week or two first: the "
                        "workbook then spreads your {count} customers over the working days before it.").format(
                count=len(plan.customers)), "ok")
            + "<p>" + element("a", _("Choose your deadline"), "class='wb-go' href='./?step=deadline'") + "</p>")


def checklist_summary(items: list[ChecklistItem], deadline) -> str:
    done = sum(i.status == "done" for i in items)
    overdue = [i.customer.name for i in items if i.status == "overdue"]
    text = _("{done} of {count} contacted; deadline {date}.").format(done=done, count=len(items),
                                                                      date=day(deadline, "short"))
    if overdue:
        return message(text + " " + _("Overdue: {names}.").format(names=", ".join(overdue)))
    return message(text, "ok")


def referral_table(referrals: list[Referral], currency: str = "") -> str:
    if not referrals:
        return element("p", _("No referrals recorded yet."))
    depth = generations(referrals)
    not_yet = escape(_("not yet"))

    def bought(r: Referral) -> str:
        return escape(_("yes, {amount}").format(amount=money(r.first_value or 0, currency))) if r.converted_on \
            else not_yet

    def thanked(r: Referral) -> str:
        return escape(day(r.thanked_on, "short")) if r.thanked_on else f"<strong>{not_yet}</strong>"

    rows = "".join(
        f"<tr><td>{escape(day(r.received_on, 'short'))}</td><td>{escape(r.friend)}</td>"
        f"<td>{escape(r.referrer_name)}</td><td class='wb-num'>{depth[r.id]}</td><td>{escape(r.how)}</td>"
        f"<td>{bought(r)}</td><td>{thanked(r)}</td><td>{escape(r.gift) or '-'}</td></tr>" for r in reversed(referrals))
    head = heading((_("Received"), False), (_("Friend"), False), (_("Referred by"), False), (_("Generation"), True),
                   (_("How it came"), False), (_("Customer"), False), (_("Thanked"), False), (_("Gift"), False))
    return table(head, rows, _("Referrals"), "wb-referrals")


def thanks_due_html(due: list[tuple[Referral, int]]) -> str:
    """Who still needs a thank-you; the rule is the same day."""
    if not due:
        return message(_("Everyone who referred has been thanked."), "ok")
    line, items = Markup.escape(_("{referrer} for {friend}: {when}")), []
    for referral, days in due:
        when = _("today") if days <= 0 else ngettext("{count} day late", "{count} days late", days).format(count=days)
        items.append(line.format(referrer=Markup("<strong>{}</strong>").format(referral.referrer_name),
                                 friend=referral.friend, when=when))
    return ("<div class='wb-message-error' role='alert'>" + element("p", _("Thank today:"))
            + "<ul class='wb-due'>" + "".join(f"<li>{item}</li>" for item in items) + "</ul></div>")


def sources_table(sources: list[Source], referrals: list[Referral]) -> str:
    if not sources:
        return element("p", _("No sources yet. Who else meets the people you want to meet?"))
    rows = "".join(
        f"<tr><td>{escape(s.name)}</td><td>{escape(s.profession)}</td><td>{escape(s.for_them) or '-'}</td>"
        f"<td class='wb-num'>{sum(r.referrer == s.key for r in referrals)}</td></tr>" for s in sources)
    head = heading((_("Name"), False), (_("Profession"), False), (_("What is in it for them"), False),
                   (_("Referrals"), True))
    return table(head, rows, _("Sources"))


def health_html(asked: int, yes: int) -> str:
    if not asked:
        return element("p", _("Nobody asked yet."))
    said = Markup.escape(_("{strong}{yes} of {asked}{end} have recommended you: {share} advocates.")).format(
        strong=Markup("<strong>"), end=Markup("</strong>"), yes=yes, asked=asked, share=percent(yes / asked))
    return f"<p>{said} " + escape(_("Advocates rarely leave; satisfied customers still switch.")) + "</p>"


def count_bars(title: str, counts: dict[str, int]) -> str:
    """A small horizontal bar chart of counts."""
    if not counts:
        return ""
    widest = max(counts.values()) or 1
    rows = "".join(
        f"<div class='wb-hbar'><span>{escape(name)}</span><span class='wb-hbar-fill' "
        f"style='width:{count / widest * 100:.0f}%'></span><span class='wb-num'>{count}</span></div>"
        for name, count in counts.items())
    return (f"<figure class='wb-hbars' aria-label='{escape(title)}'><figcaption>{escape(title)}</figcaption>"
            f"{rows}</figure>")


def results_html(figures: dict) -> str:
    """The round's results: figures, then charts of what worked."""
    cards = [(_("Contacts made"), _("{done} of {planned}").format(done=figures["contacts_made"],
                                                                    planned=figures["planned"])),
             (_("Referrals"), str(figures["referrals"])),
             (_("Became customers"), f"{figures['converted']} ({percent(figures['conversion_rate'])})"),
             (_("Referral revenue"), money(figures["referral_revenue"], figures["currency"])),
             (_("Longest chain"), ngettext("{count} generation", "{count} generations", figures["chain_depth"]).format(
                 count=figures["chain_depth"]))]
    tiles = "".join(f"<div class='wb-tile'><span>{escape(label)}</span><strong>{escape(value)}</strong></div>"
                    for label, value in cards)
    top = {r["name"]: r["referrals"] for r in figures["top_referrers"]}
    return (f"<div class='wb-tiles'>{tiles}</div>"
            + count_bars(_("Referrals per contact method"), figures["referrals_by_method"])
            + count_bars(_("Referrals per reward"), figures["referrals_by_offer"])
            + count_bars(_("Top referrers"), top))


def chain_svg(referrals: list[Referral]) -> str:
    """Who referred whom, over generations: referrers on the left, each friend one column further right."""
    if not referrals:
        return element("p", _("The chain starts with your first referral."))
    depth = generations(referrals)
    by_key = {r.key: r for r in referrals}
    children: dict[str, list[Referral]] = defaultdict(list)
    roots: dict[str, str] = {}
    for r in referrals:
        parent = r.referrer if r.referrer in by_key and depth[r.id] > 1 else f"root:{r.referrer}"
        children[parent].append(r)
        if parent.startswith("root:"):
            roots.setdefault(parent, r.referrer_name)
    nodes, edges = [], []

    def place(key: str, label: str, column: int, kind: str) -> tuple[int, int]:
        x, y = 8 + column * COLUMN, 8 + len(nodes) * ROW
        nodes.append((x, y, label, kind))
        for child in children.get(key, []):
            cx, cy = place(child.key, child.friend, column + 1, "customer" if child.converted_on else "friend")
            edges.append((x + NODE_W, y + NODE_H // 2, cx, cy + NODE_H // 2))
        return x, y

    for key, label in roots.items():
        place(key, label, 0, "referrer")
    width = 16 + (max(depth.values()) + 1) * COLUMN
    height = 16 + len(nodes) * ROW
    lines = "".join(f"<path d='M{x1} {y1} C{x1 + 20} {y1} {x2 - 20} {y2} {x2} {y2}' class='wb-edge'/>"
                    for x1, y1, x2, y2 in edges)
    boxes = "".join(
        f"<g class='wb-node wb-node-{kind}'><rect x='{x}' y='{y}' width='{NODE_W}' height='{NODE_H}' rx='5'/>"
        f"<text x='{x + 8}' y='{y + 17}'>{escape(clip(label, 20))}</text><title>{escape(label)}</title></g>"
        for x, y, label, kind in nodes)
    label = ngettext("Chain of referrals over {count} generation", "Chain of referrals over {count} generations",
                     max(depth.values())).format(count=max(depth.values()))
    return (f"<svg class='wb-chain' viewBox='0 0 {width} {height}' width='{width}' height='{height}' role='img' "
            f"aria-label='{escape(label)}'>{lines}{boxes}</svg><p class='wb-muted'>"
            + escape(_("Green: became a customer. Ask each new customer, in turn, who they know.")) + "</p>")

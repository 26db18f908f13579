"""HTML fragments for the follow-through part of the app, from the templates in ``templates/``; every name and
note is escaped."""

from __future__ import annotations

from collections import defaultdict

from ..challenge.coaching import talk_track
from ..challenge.plan import Plan, method_label
from ..documents.render import contact_html, mailto, tel
from ..follow.followthrough import STATUS, ChecklistItem, generations
from ..follow.logbook import Referral, Source
from ..formatting import clip, day, money, percent
from ..i18n import _, ngettext
from ..markup import HTML, element
from .fragments import fragment, links, message

NODE_W, NODE_H, COLUMN, ROW = 170, 26, 210, 34


def checklist_head(item: ChecklistItem, plan: Plan) -> str:
    """A customer's line in the checklist: name, planned day, a status badge and how to reach them."""
    return fragment("checklist_head.html.j2", status=item.status, badge=_(STATUS[item.status]),
                    name=item.customer.name, planned=_("planned {date}").format(date=day(item.day, "short")),
                    reach=HTML(contact_html(plan, item.customer)), history=item.customer.history)


def today_card(item: ChecklistItem, plan: Plan) -> str:
    """One customer on Monday's list: how to reach them with one tap, and what to say one tap away."""
    c = item.customer
    actions = []
    if c.phone:
        actions.append((tel(c.phone), _("Call {phone}").format(phone=c.phone)))
    if c.email:
        label = _("Email (draft ready)") if c.method == "email" else _("Email {address}").format(address=c.email)
        actions.append((mailto(plan, c), label))
    when = {"overdue": _("planned {date}, overdue").format(date=day(item.day, "short")),
            "today": _("planned for today"), "done": _("done today")}[item.status]
    facts = [method_label(c.method), when] + ([_("last bought {what}").format(what=c.last_product)]
                                              if c.last_product else [])
    return fragment("today_card.html.j2", name=c.name, facts=" · ".join(facts), actions=actions,
                    unreachable=_("The export had no phone or email for them."), address=c.address or "",
                    say=_("What to say"), lines=talk_track(plan, c, c.ask))


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
            + links(("./?step=deadline", _("Choose your deadline")), link="wb-go"))


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
    depth, not_yet = generations(referrals), _("not yet")
    rows = [{"received": day(r.received_on, "short"), "friend": r.friend, "referrer": r.referrer_name,
             "generation": depth[r.id], "how": r.how, "gift": r.gift or "-",
             "bought": _("yes, {amount}").format(amount=money(r.first_value or 0, currency)) if r.converted_on
             else not_yet, "thanked": day(r.thanked_on, "short") if r.thanked_on else ""} for r in reversed(referrals)]
    columns = [(_("Received"), False), (_("Friend"), False), (_("Referred by"), False), (_("Generation"), True),
               (_("How it came"), False), (_("Customer"), False), (_("Thanked"), False), (_("Gift"), False)]
    return fragment("referrals.html.j2", label=_("Referrals"), columns=columns, rows=rows, not_yet=not_yet)


def thanks_due_html(due: list[tuple[Referral, int]]) -> str:
    """Who still needs a thank-you; the rule is the same day."""
    if not due:
        return message(_("Everyone who referred has been thanked."), "ok")
    line, items = HTML.escape(_("{referrer} for {friend}: {when}")), []
    for referral, days in due:
        when = _("today") if days <= 0 else ngettext("{count} day late", "{count} days late", days).format(count=days)
        items.append(line.format(referrer=HTML("<strong>{}</strong>").format(referral.referrer_name),
                                 friend=referral.friend, when=when))
    return fragment("thanks_due.html.j2", title=_("Thank today:"), items=items)


def sources_table(sources: list[Source], referrals: list[Referral]) -> str:
    if not sources:
        return element("p", _("No sources yet. Who else meets the people you want to meet?"))
    rows = [{"name": s.name, "profession": s.profession, "for_them": s.for_them or "-",
             "referrals": sum(r.referrer == s.key for r in referrals)} for s in sources]
    columns = [(_("Name"), False), (_("Profession"), False), (_("What is in it for them"), False),
               (_("Referrals"), True)]
    return fragment("sources.html.j2", label=_("Sources"), columns=columns, rows=rows)


def question(lead: str, asked: str) -> str:
    """A question for the owner to ask, after what it is for: "One question: *Have you recommended us?*"."""
    return str(HTML("<p>{} <em>{}</em></p>").format(lead, asked))


def health_html(asked: int, yes: int) -> str:
    if not asked:
        return element("p", _("Nobody asked yet."))
    said = HTML.escape(_("{strong}{yes} of {asked}{end} have recommended you: {share} advocates.")).format(
        strong=HTML("<strong>"), end=HTML("</strong>"), yes=yes, asked=asked, share=percent(yes / asked))
    return str(HTML("<p>{} {}</p>").format(said, _("Advocates rarely leave; satisfied customers still switch.")))


def _bars(counts: dict[str, int]) -> list[tuple[str, int, str]]:
    """A small horizontal bar chart of counts: each name, its count and its bar's width (percent of the widest)."""
    widest = max(counts.values(), default=0) or 1
    return [(name, count, f"{count / widest * 100:.0f}") for name, count in counts.items()]


def results_html(figures: dict) -> str:
    """The round's results: figures, then charts of what worked."""
    tiles = [(_("Contacts made"), _("{done} of {planned}").format(done=figures["contacts_made"],
                                                                    planned=figures["planned"])),
             (_("Referrals"), str(figures["referrals"])),
             (_("Became customers"), f"{figures['converted']} ({percent(figures['conversion_rate'])})"),
             (_("Referral revenue"), money(figures["referral_revenue"], figures["currency"])),
             (_("Longest chain"), ngettext("{count} generation", "{count} generations", figures["chain_depth"]).format(
                 count=figures["chain_depth"]))]
    top = {r["name"]: r["referrals"] for r in figures["top_referrers"]}
    charts = [(title, _bars(counts)) for title, counts in (
        (_("Referrals per contact method"), figures["referrals_by_method"]),
        (_("Referrals per reward"), figures["referrals_by_offer"]), (_("Top referrers"), top)) if counts]
    return fragment("results.html.j2", tiles=tiles, charts=charts)


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
    nodes: list[tuple[int, int, str, str]] = []
    edges: list[tuple[int, int, int, int]] = []

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
    label = ngettext("Chain of referrals over {count} generation", "Chain of referrals over {count} generations",
                     max(depth.values())).format(count=max(depth.values()))
    return fragment("chain.html.j2", width=width, height=height, label=label, node_w=NODE_W, node_h=NODE_H,
                    edges=[f"M{x1} {y1} C{x1 + 20} {y1} {x2 - 20} {y2} {x2} {y2}" for x1, y1, x2, y2 in edges],
                    nodes=[{"x": x, "y": y, "text_x": x + 8, "text_y": y + 17, "label": name, "short": clip(name, 20),
                            "kind": kind} for x, y, name, kind in nodes],
                    key=_("Green: became a customer. Ask each new customer, in turn, who they know."))

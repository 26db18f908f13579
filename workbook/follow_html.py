"""HTML fragments for the follow-through part of the app; every name and note is escaped."""

from __future__ import annotations

from collections import defaultdict
from html import escape

from .coaching import method_label, talk_track
from .documents import contact_html, mailto, tel
from .followthrough import STATUS, ChecklistItem, generations
from .formatting import money
from .html import message
from .logbook import Referral, Source
from .plan import Plan

NODE_W, NODE_H, COLUMN, ROW = 170, 26, 210, 34


def _day(day) -> str:
    return f"{day:%a %d %b}" if day else "-"


def checklist_head(item: ChecklistItem, plan: Plan) -> str:
    """A customer's line in the checklist: name, planned day, a status badge and how to reach them."""
    history = f"<br><small>{escape(item.customer.history)}</small>" if item.customer.history else ""
    reach = contact_html(plan, item.customer)
    return (f"<div class='wb-check'><span class='wb-badge wb-{item.status}'>{STATUS[item.status]}</span> "
            f"<strong>{escape(item.customer.name)}</strong> <span class='wb-muted'>planned {_day(item.day)}</span>"
            + (f"<br>{reach}" if reach else "") + f"{history}</div>")


def today_card(item: ChecklistItem, plan: Plan) -> str:
    """One customer on Monday's list: how to reach them with one tap, and what to say one tap away."""
    c = item.customer
    actions = []
    if c.phone:
        actions.append(f"<a class='wb-big' href='{escape(tel(c.phone))}'>Call {escape(c.phone)}</a>")
    if c.email:
        label = "Email (draft ready)" if c.method == "email" else f"Email {c.email}"
        actions.append(f"<a class='wb-big' href='{escape(mailto(plan, c))}'>{escape(label)}</a>")
    when = {"overdue": f"planned {_day(item.day)}, overdue", "today": "planned for today",
            "done": "done today"}[item.status]
    lines = "".join(f"<li>{escape(line)}</li>" for line in talk_track(plan, c, c.ask))
    return (f"<h2 class='wb-today-name'>{escape(c.name)}</h2>"
            f"<p class='wb-muted'>{escape(method_label(c.method))} · {when}"
            + (f" · last bought {escape(c.last_product)}" if c.last_product else "") + "</p>"
            + (f"<p class='wb-actions'>{''.join(actions)}</p>" if actions else
               "<p class='wb-muted'>The export had no phone or email for them.</p>")
            + (f"<p class='wb-muted'>{escape(c.address)}</p>" if c.address else "")
            + f"<details class='wb-track'><summary>What to say</summary><ol>{lines}</ol></details>")


def today_heading(items: list[ChecklistItem], today) -> str:
    left = sum(i.status != "done" for i in items)
    return (f"<h1>Today, {today:%A %d %B}</h1><p>" + (f"{left} to contact" if left else "Nobody left to contact today")
            + ". Tap to call or write; then tap how it went.</p>")


def checklist_summary(items: list[ChecklistItem], deadline) -> str:
    done = sum(i.status == "done" for i in items)
    overdue = [i.customer.name for i in items if i.status == "overdue"]
    text = f"{done} of {len(items)} contacted; deadline {_day(deadline)}."
    if overdue:
        return message(text + f" Overdue: {', '.join(overdue)}.")
    return message(text, "ok")


def referral_table(referrals: list[Referral]) -> str:
    if not referrals:
        return "<p>No referrals recorded yet.</p>"
    depth = generations(referrals)
    rows = "".join(
        f"<tr><td>{_day(r.received_on)}</td><td>{escape(r.friend)}</td><td>{escape(r.referrer_name)}</td>"
        f"<td class='wb-num'>{depth[r.id]}</td><td>{escape(r.how)}</td>"
        f"<td>{'yes, ' + money(r.first_value or 0) if r.converted_on else 'not yet'}</td>"
        f"<td>{_day(r.thanked_on) if r.thanked_on else '<strong>not yet</strong>'}</td>"
        f"<td>{escape(r.gift) or '-'}</td></tr>" for r in reversed(referrals))
    return ("<table class='wb-table wb-referrals'><thead><tr><th>Received</th><th>Friend</th><th>Referred by</th>"
            "<th class='wb-num'>Generation</th><th>How it came</th><th>Customer</th><th>Thanked</th><th>Gift</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>")


def thanks_due_html(due: list[tuple[Referral, int]]) -> str:
    """Who still needs a thank-you; the rule is the same day."""
    if not due:
        return message("Everyone who referred has been thanked.", "ok")
    items = "".join(
        f"<li><strong>{escape(r.referrer_name)}</strong> for {escape(r.friend)}: "
        + ("today" if days <= 0 else f"{days} day{'s' if days != 1 else ''} late") + "</li>" for r, days in due)
    return f"<div class='wb-message-error' role='alert'><p>Thank today:</p><ul class='wb-due'>{items}</ul></div>"


def sources_table(sources: list[Source], referrals: list[Referral]) -> str:
    if not sources:
        return "<p>No sources yet. Who else meets the people you want to meet?</p>"
    rows = "".join(
        f"<tr><td>{escape(s.name)}</td><td>{escape(s.profession)}</td><td>{escape(s.for_them) or '-'}</td>"
        f"<td class='wb-num'>{sum(r.referrer == s.key for r in referrals)}</td></tr>" for s in sources)
    return ("<table class='wb-table'><thead><tr><th>Name</th><th>Profession</th><th>What is in it for them</th>"
            f"<th class='wb-num'>Referrals</th></tr></thead><tbody>{rows}</tbody></table>")


def health_html(asked: int, yes: int) -> str:
    if not asked:
        return "<p>Nobody asked yet.</p>"
    return (f"<p><strong>{yes} of {asked}</strong> have recommended you: {yes / asked:.0%} advocates. "
            "Advocates rarely leave; satisfied customers still switch.</p>")


def count_bars(title: str, counts: dict[str, int]) -> str:
    """A small horizontal bar chart of counts."""
    if not counts:
        return ""
    widest = max(counts.values()) or 1
    rows = "".join(
        f"<div class='wb-hbar'><span>{escape(name)}</span><span class='wb-hbar-fill' "
        f"style='width:{count / widest * 100:.0f}%'></span><span class='wb-num'>{count}</span></div>"
        for name, count in counts.items())
    return f"<figure class='wb-hbars' aria-label='{escape(title)}'><figcaption>{escape(title)}</figcaption>{rows}</figure>"


def results_html(figures: dict) -> str:
    """The round's results: figures, then charts of what worked."""
    rate = f"{figures['conversion_rate']:.0%}"
    cards = [("Contacts made", f"{figures['contacts_made']} of {figures['planned']}"),
             ("Referrals", figures["referrals"]), ("Became customers", f"{figures['converted']} ({rate})"),
             ("Referral revenue", money(figures["referral_revenue"])),
             ("Longest chain", f"{figures['chain_depth']} generation{'s' if figures['chain_depth'] != 1 else ''}")]
    tiles = "".join(f"<div class='wb-tile'><span>{escape(label)}</span><strong>{escape(str(value))}</strong></div>"
                    for label, value in cards)
    top = {r["name"]: r["referrals"] for r in figures["top_referrers"]}
    return (f"<div class='wb-tiles'>{tiles}</div>"
            + count_bars("Referrals per contact method", figures["referrals_by_method"])
            + count_bars("Referrals per reward", figures["referrals_by_offer"])
            + count_bars("Top referrers", top))


def _short(label: str, size: int = 20) -> str:
    return label if len(label) <= size else label[:size - 1] + "…"


def chain_svg(referrals: list[Referral]) -> str:
    """Who referred whom, over generations: referrers on the left, each friend one column further right."""
    if not referrals:
        return "<p>The chain starts with your first referral.</p>"
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
        f"<text x='{x + 8}' y='{y + 17}'>{escape(_short(label))}</text><title>{escape(label)}</title></g>" for x, y, label, kind in nodes)
    return (f"<svg class='wb-chain' viewBox='0 0 {width} {height}' width='{width}' height='{height}' role='img' "
            f"aria-label='Chain of referrals over {max(depth.values())} generation(s)'>{lines}{boxes}</svg>"
            "<p class='wb-muted'>Green: became a customer. Ask each new customer, in turn, who they know.</p>")

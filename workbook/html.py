"""HTML fragments for the app's steps; every piece of user or customer text is escaped."""

from __future__ import annotations

import base64
from html import escape

from .coaching import (FRIEND_OFFER_IDEAS, REWARD_IDEAS, anticipate_prompt, discount_note, since, talk_track)
from .deadlines import DEADLINE_LABELS, deadline_options
from .documents import DOWNLOADS, contact_html
from .formatting import follow_through_line, money, slug
from .plan import Plan


def ranking_table(rows: list[dict]) -> str:
    """The ranked customers (rows of ``ranking.rank_customers``) as an HTML table."""
    head = ("<tr><th class='wb-num'>#</th><th>Customer</th><th class='wb-num'>Spend</th>"
            "<th class='wb-num'>Last 12 months</th><th class='wb-num'>Orders</th><th>Last purchase</th></tr>")
    body = "".join(
        f"<tr><td class='wb-num'>{row['rank']}</td><td>{escape(row['customer'] or row['email'] or '')}</td>"
        f"<td class='wb-num'>{money(row['total_spend'])}</td><td class='wb-num'>{money(row['spend_12m'])}</td>"
        f"<td class='wb-num'>{row['orders']}</td><td>{escape(row['last_purchase_date'] or '-')}</td></tr>"
        for row in rows
    )
    return f"<table class='wb-table'><thead>{head}</thead><tbody>{body}</tbody></table>"


PICKED_ROLES = {"customer": "Customer name", "email": "Email", "phone": "Phone", "date": "Date of sale",
                "amount": "Amount", "product": "Product or service"}


def read_preview(guess, chosen: dict[str, str]) -> str:
    """The first rows of an export under the roles the owner picked: as the import reads them where the
    column is the guessed one (amounts as numbers, dates as days), else as written."""
    shown = [role for role, header in chosen.items() if header]
    if not shown or not guess.rows:
        return ""
    head = "".join(f"<th>{escape(PICKED_ROLES[role])}<br><small>{escape(chosen[role])}</small></th>" for role in shown)
    body = "".join("<tr>" + "".join(
        f"<td>{escape(row.get(role, '') if chosen[role] == guess.chosen.get(role) else raw.get(chosen[role], ''))}</td>"
        for role in shown) + "</tr>" for row, raw in zip(guess.rows, guess.cells))
    return (f"<p class='wb-muted'>The first rows, as they will be read:</p>"
            f"<table class='wb-table wb-preview'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def resume_note(plan: Plan) -> str:
    return (f"<p class='wb-note'>You have a plan in progress for {escape(plan.business)} "
            f"({len(plan.customers)} customers). Press Next to carry on where you left off.</p>")


def round_note(plan: Plan) -> str:
    """Says so when the data holds fewer customers than the round asks for."""
    if len(plan.customers) >= plan.size:
        return ""
    return (f"<p class='wb-note'>Your export has {len(plan.customers)} customers who have bought from you, "
            f"fewer than the {plan.size} this round asks for. That is fine: ask all of them.</p>")


def concentration_chart(rows: list[dict]) -> str:
    """How much of the revenue the top customers bring: a bar per customer, top ten darker."""
    top = sorted(rows, key=lambda r: r["total_spend"], reverse=True)[:20]
    shares = [r["share"] * 100 for r in top]
    widest = max(shares, default=1) or 1
    bars = "".join(
        f"<div class='wb-bar{' wb-bar-top' if rank <= 10 else ''}' style='height:{share / widest * 100:.1f}%' "
        f"title='Customer {rank}: {share:.1f}% of revenue'></div>"
        for rank, share in enumerate(shares, start=1))
    ten, twenty = sum(shares[:10]), sum(shares)
    return (f"<p><strong>Your top 10 customers bring {ten:.0f}% of your revenue</strong> (top 20: {twenty:.0f}%).</p>"
            f"<div class='wb-bars' role='img' aria-label='Share of revenue of each of the top 20 customers, "
            f"biggest first; the top 10 bring {ten:.0f}%'>{bars}</div>")


def last_purchases(plan: Plan) -> str:
    """Step 3: what each bought last and how long ago, with a nudge to anticipate needs."""
    rows = "".join(
        f"<tr><td>{escape(c.name)}</td><td>{escape(c.last_product or '-')}</td>"
        f"<td>{c.last_purchase:%d %b %Y}</td><td>{escape(since(c.last_purchase, plan.today))}</td></tr>"
        if c.last_purchase else
        f"<tr><td>{escape(c.name)}</td><td>{escape(c.last_product or '-')}</td><td>-</td><td>not in the export</td></tr>"
        for c in plan.customers)
    prompts = "".join(f"<li>{escape(anticipate_prompt(c, plan.today, place))}</li>"
                      for place, c in enumerate(plan.customers))
    return ("<table class='wb-table'><thead><tr><th>Customer</th><th>Last bought</th><th>When</th><th>How long ago</th>"
            f"</tr></thead><tbody>{rows}</tbody></table><h3>Think one step ahead</h3><ul>{prompts}</ul>")


def contact_card(plan: Plan, key: str) -> str:
    """One customer on the contact step: who, how to reach them, and the four-step conversation to open."""
    customer = next(c for c in plan.customers if c.key == key)
    lines = "".join(f"<li>{escape(line)}</li>" for line in talk_track(plan, customer, customer.ask))
    reach = contact_html(plan, customer)
    return (f"<h3 class='wb-who'>{escape(customer.name)}</h3>" + (f"<p>{reach}</p>" if reach else "")
            + f"<details class='wb-track'><summary>What to say to {escape(customer.name)}</summary>"
            f"<ol>{lines}</ol></details>")


def missing_methods(plan: Plan) -> str:
    names = [c.name for c in plan.customers if not c.method]
    if not names:
        return message("Every customer has a contact method.", "ok")
    return message("Still to choose a contact method for: " + ", ".join(names) + ".")


def offer_advice(plan: Plan) -> str:
    """Ideas for the reward and the friend's offer, and a gentle note about discounts."""
    ideas = ("<div class='wb-ideas'><p><strong>Ideas for the thank-you:</strong></p><ul>"
             + "".join(f"<li>{escape(i)}</li>" for i in REWARD_IDEAS)
             + "</ul><p><strong>Ideas for the friend:</strong></p><ul>"
             + "".join(f"<li>{escape(i)}</li>" for i in FRIEND_OFFER_IDEAS) + "</ul></div>")
    note = next(filter(None, (discount_note(r) for r in [plan.reward, *map(plan.reward_for, plan.customers)])), None)
    missing = plan.gaps().get("Offers", [])
    parts = [ideas]
    if note:
        parts.append(f"<p class='wb-note'>{escape(note)}</p>")
    if missing:
        parts.append(message(" ".join(missing)))
    return "".join(parts)


def deadline_labels(plan: Plan) -> dict[str, str]:
    """The two deadline choices with their dates, for radio buttons."""
    options = deadline_options(plan.today)
    return {f"{DEADLINE_LABELS[k]}: by {d:%A %d %B %Y}": k for k, d in options.items()}


def plan_ready(plan: Plan) -> str:
    """The plan step's word when nothing is missing."""
    return message("Your plan is ready. Print it, put it in your calendar, and start on Monday.", "ok")


def step_gaps(step: str, gaps: list[str]) -> str:
    """What one step still lacks, before the button that opens it."""
    return (f"<div class='wb-gap'><strong>{escape(step)}:</strong> "
            + " ".join(escape(g) for g in gaps) + "</div>")


def download_links(plan: Plan) -> str:
    """Links that hand the plan's files to the browser."""
    name_start = slug(plan.business, "plan")
    links = []
    for name, (mime, render) in DOWNLOADS.items():
        data = base64.b64encode(render(plan)).decode()
        links.append(f"<a class='wb-download' download='{escape(name_start)}-{name}' "
                     f"href='data:{mime};base64,{data}'>{escape(name)}</a>")
    return "<p class='wb-downloads'>Download: " + " ".join(links) + "</p>"


def steps_bar(labels: list[str], current: int, gaps: frozenset[str] = frozenset()) -> str:
    """The step indicator: done, current and coming steps; a step with gaps is marked (in words too)."""
    items = []
    for index, label in enumerate(labels):
        state = "wb-current" if index == current else "wb-done" if index < current else ""
        aria = " aria-current='step'" if index == current else ""
        mark = (" <span class='wb-gap-mark' aria-hidden='true'>!</span><span class='wb-sr'> (something to add)</span>"
                if label in gaps else "")
        items.append(f"<li class='{state}{' wb-has-gap' if label in gaps else ''}'{aria}>{index + 1}. "
                     f"{escape(label)}{mark}</li>")
    return f"<nav aria-label='Steps'><ol class='wb-steps'>{''.join(items)}</ol></nav>"


def message(text: str, kind: str = "error") -> str:
    """A plain message box; ``kind`` is error or ok."""
    role = "alert" if kind == "error" else "status"
    return f"<div class='wb-message-{kind}' role='{role}'>{escape(text)}</div>"


def plain_page(base: str, title: str, body: str) -> str:
    """A page of the app outside the notebooks (join, refusals), with the product's header and styles."""
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{escape(title)}</title><link rel='stylesheet' "
            f"href='{escape(base)}voila/templates/workbook/static/workbook.css'></head>"
            "<body class='jp-Notebook'><div id='rendered_cells'><header class='wb-header' role='banner'>"
            "<p class='wb-brand'>Referral Workbook</p><span class='wb-tagline'>The referral weekend "
            f"challenge</span></header><main>{body}</main></div></body></html>")


def join_page(base: str, xsrf_field: str, error: str = "", name: str = "") -> str:
    """The workshop's door: the code the coach gave out, and the participant's name."""
    form = ("<h1>Join the workshop</h1><p>Type the workshop code your coach gave you and your name. "
            "You get a plan of your own; this browser remembers it, so you can close the page and come "
            "back.</p>" + (message(error) if error else "")
            + f"<form class='wb-join' method='post' action='{escape(base)}join'>{xsrf_field}"
            "<label for='wb-code'>Workshop code</label><input id='wb-code' name='code' required "
            "autocomplete='off' autocapitalize='characters'>"
            "<label for='wb-name'>Your name</label><input id='wb-name' name='name' required maxlength='80' "
            f"autocomplete='name' value='{escape(name)}'><button type='submit'>Join</button></form>")
    return plain_page(base, "Join the workshop", form)


def progress_table(rows: list, steps: list[str]) -> str:
    """The coach's view of the room: who has reached which step, whose plan is ready, personal links."""
    if not rows:
        return "<p>Nobody has joined yet. Give the room the workshop code and the join address.</p>"
    ready = sum(r.ready for r in rows)
    body = "".join(
        f"<tr><td>{escape(r.participant.name)}</td><td>{escape(r.participant.business)}</td>"
        f"<td>{'joined' if r.participant.joined_at else 'not yet'}</td>"
        f"<td>{r.step + 1}. {escape(steps[min(r.step, len(steps) - 1)])}</td>"
        f"<td class='wb-num'>{r.customers or ''}</td><td>{'Plan ready' if r.ready else ''}</td>"
        f"<td>{escape(follow_through_line(vars(r.results))) if r.results else ''}</td>"
        f"<td><a href='join?key={escape(r.participant.token)}'>personal link</a></td></tr>"
        for r in rows)
    return (f"<p>{len(rows)} participants, {ready} with a plan ready.</p><table class='wb-table wb-room'>"
            "<thead><tr><th>Participant</th><th>Business</th><th>Joined</th><th>Step</th>"
            "<th class='wb-num'>Customers</th><th>Plan</th><th>Follow-through</th><th>Link</th></tr></thead>"
            f"<tbody>{body}</tbody></table>")


def zip_link(data: str) -> str:
    """A link that hands the zip of every ready plan to the browser (``data`` is base64)."""
    return ("<p class='wb-downloads'><a download='referral-plans.zip' "
            f"href='data:application/zip;base64,{data}'>referral-plans.zip</a></p>")

NEXT_LINKS = ("<p class='wb-next'><a class='wb-go' href='today'>Today: who to contact, with one tap to call</a> "
              "<a class='wb-go' href='follow'>Follow through: log your calls, the referrals "
               "that come in and your thank-yous</a></p>")

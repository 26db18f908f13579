"""The plan as documents the owner takes away: HTML page, PDF one-pager, calendar, call sheet.

One rendering path serves the app's last step, the downloads and batch runs.
Customer and owner text is escaped for HTML and for the PDF's markup, and call
sheets are safe to open in a spreadsheet.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote

from ..challenge.coaching import action_text, email_draft, first_name, shared_steps, talk_track
from ..challenge.plan import REACHED_AT, Plan, PlannedCustomer, method_label
from ..follow.cards import card_code
from ..formatting import clip, day, spreadsheet_safe
from ..i18n import N_, _, language, speaking
from ..markup import HTML, render

CALL_SHEET_COLUMNS = (N_("Day"), N_("Customer"), N_("Phone"), N_("Email"), N_("Address"), N_("Method"),
                      N_("Last bought"), N_("Last purchase"), N_("Spend"), N_("Reward for them"),
                      N_("Offer for their friend"), N_("Ask them to"), N_("Done"), N_("Outcome"), N_("Notes"))


def tel(phone: str) -> str:
    """A phone number as a ``tel:`` address: its digits, and a leading + where it has one."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return f"tel:{'+' if phone.strip().startswith('+') else ''}{digits}"


def mailto(plan: Plan, customer: PlannedCustomer) -> str:
    """A ``mailto:`` address; for a customer to be asked by email, a draft holding the talk track."""
    address = quote(customer.email or "", safe="@")
    if customer.method != "email":
        return f"mailto:{address}"
    subject, body = email_draft(plan, customer)
    return f"mailto:{address}?subject={quote(subject)}&body={quote(body)}"


def contact_html(plan: Plan, customer: PlannedCustomer) -> str:
    """How to reach a customer: tap to call, tap to write, and where they live; '' when the export had none."""
    parts = []
    if customer.phone:
        parts.append(HTML("<a class='wb-tel' href='{}'>{}</a>").format(tel(customer.phone), customer.phone))
    if customer.email:
        label = _("Write to them (draft ready)") if customer.method == "email" else customer.email
        parts.append(HTML("<a class='wb-mail' href='{}'>{}</a>").format(mailto(plan, customer), label))
    if customer.address:
        parts.append(HTML("<span class='wb-address'>{}</span>").format(customer.address))
    return str(HTML("<span class='wb-contact'>{}</span>").format(HTML(" · ").join(parts))) if parts else ""


def contact_text(customer: PlannedCustomer) -> str:
    """A customer's phone, email and address on one line, for calendars and print."""
    return " · ".join(v for v in (customer.phone, customer.email, customer.address) if v)


def _headline(plan: Plan) -> str:
    if not plan.business.strip():
        return _("Referral plan, round {round}").format(round=plan.round)
    return _("{business}: referral plan, round {round}").format(business=plan.business, round=plan.round)


def owner_line(plan: Plan) -> str:
    """Whose plan it is and how to reach them, on one line ('' when the owner gave none of it)."""
    return " · ".join(filter(None, (plan.owner_name, plan.owner_phone, plan.owner_email)))


# Where Letter paper is the norm (ISO 3166 regions); everywhere else A4.
LETTER_REGIONS = frozenset({"US", "CA", "MX", "PR", "PH", "CL", "CO", "VE", "GT", "CR", "PA", "DO", "SV", "NI", "HN"})
LETTER_CURRENCIES = frozenset({"USD", "CAD", "MXN", "PHP", "CLP", "COP"})


def paper(plan: Plan) -> str:
    """The paper the plan prints on, "Letter" or "A4": by the country of the owner's phone number, else of the
    plan's currency."""
    import phonenumbers

    try:
        region = phonenumbers.region_code_for_number(phonenumbers.parse(plan.owner_phone, None))
    except phonenumbers.NumberParseException:
        region = None
    if region:
        return "Letter" if region in LETTER_REGIONS else "A4"
    return "Letter" if plan.currency in LETTER_CURRENCIES else "A4"


def chosen(plan: Plan, field: str) -> str:
    """A plan-wide text as the owner chose it: '' while it is only the workbook's suggestion."""
    return "" if field in plan.suggested else getattr(plan, field).strip()


def as_chosen(plan: Plan) -> Plan:
    """``plan`` as the owner chose it, for a document: a reward or friend's offer that is only the workbook's
    suggestion left out (the talk tracks then say no more than the owner decided)."""
    return replace(plan, reward=chosen(plan, "reward"), friend_offer=chosen(plan, "friend_offer"),
                   ideal_prospect=chosen(plan, "ideal_prospect"))


def _offers(plan: Plan) -> list[tuple[str, str]]:
    """What the referrer and the friend get, and who the owner wants to meet, as (label, value) lines: the value
    '' where the owner has not chosen one yet (a line to write it on, on paper)."""
    lines = [(_("Reward for a referral:"), chosen(plan, "reward")),
             (_("Offer for the friend:"), chosen(plan, "friend_offer"))]
    prospect = chosen(plan, "ideal_prospect")
    return lines + ([(_("Who we want to meet:"), prospect)] if prospect else [])


def _own_offers(plan: Plan, customer: PlannedCustomer) -> str:
    """A customer's own reward or friend's offer, where it is not the plan's (the plan's are stated once)."""
    own = [(_("Their reward:"), customer.reward, plan.reward),
           (_("Friend's offer:"), customer.friend_offer, plan.friend_offer)]
    return " ".join(f"{label} {value}" for label, value, plan_wide in own if value and value != plan_wide)


def reach_text(customer: PlannedCustomer) -> str:
    """How the plan reaches a customer on paper: what their method needs (``REACHED_AT``: the address for a visit
    or a letter), else their phone, email or address, whichever the plan has."""
    needed = getattr(customer, REACHED_AT.get(customer.method or "", "phone")) or ""
    return needed or customer.phone or customer.email or customer.address or ""


def _when_referred() -> list[str]:
    """What the owner does each time a referral comes in (the method's rules)."""
    return [_("Thank the referrer the same day, by note or call."),
            _("Send a thank-you gift, a different one each time."),
            _("Ask every new customer who referred them, so you can thank that person.")]


def _plan_context(plan: Plan) -> dict[str, object]:
    """What the plan's page and fragment show, every text translated (``plan`` as the owner chose it)."""
    rows = [{"day": day(when), "name": c.name, "reach": HTML(contact_html(plan, c)), "history": c.history,
             "own": _own_offers(plan, c), "method": method_label(c.method), "last": c.last_product or "-"}
            for when, customers in plan.schedule().items() for c in customers]
    made = HTML.escape(_("Made {today}. Everyone contacted by {deadline}.")).format(
        today=day(plan.today), deadline=HTML("<strong>{}</strong>").format(day(plan.deadline)))
    return {"lang": language(), "headline": _headline(plan), "owner": owner_line(plan), "made": made,
            "offers": _offers(plan), "not_chosen": _("not chosen yet"), "rows": rows,
            "labels": {"day": _("Day"), "customer": _("Customer"), "how": _("How"), "last": _("Last bought"),
                       "done": _("Done")},
            "titles": {"schedule": _("Who, how and when"), "say": _("What to say"),
                       "referred": _("When a referral comes in")},
            "tracks": [{"name": c.name, "reach": HTML(contact_html(plan, c)), "lines": talk_track(plan, c, c.ask)}
                       for c in plan.customers],
            "rules": _when_referred()}


def plan_fragment(plan: Plan) -> str:
    """The plan as an HTML fragment: headline, offers stated once, the schedule (one card per customer on a
    phone) and a talk track per customer."""
    return str(render("workbook.documents", "plan_fragment.html.j2", **_plan_context(as_chosen(plan))))


def plan_html(plan: Plan) -> str:
    """A standalone HTML page of the plan: one column on a phone, with taps to call and write, and a print
    stylesheet (``templates/plan.css``)."""
    return str(render("workbook.documents", "plan.html.j2", **_plan_context(as_chosen(plan))))


CELL = 140  # characters at most in a cell of the plan's table (a longer name or offer is cut, with an ellipsis)
LOG_LINES = 14  # empty rows on the printed log, to fill in by hand


def _pdf_styles():
    """ReportLab's sample styles in its bundled Vera font (it prints accented names), headings kept with what
    follows, and two of our own: ``small`` and ``bold`` (small and bold)."""
    import reportlab
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    fonts = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont("Vera", str(fonts / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont("Vera-Bold", str(fonts / "VeraBd.ttf")))
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        style.fontName = "Vera-Bold" if style.name.startswith(("Heading", "Title")) else "Vera"
        style.keepWithNext = style.name.startswith("Heading")
    styles.add(styles["BodyText"].clone("small", fontSize=8, leading=10))
    styles.add(styles["small"].clone("bold", fontName="Vera-Bold"))
    return styles


def _page(plan: Plan) -> tuple[float, float]:
    """The plan's paper (see :func:`paper`) as ReportLab's page size, upright."""
    from reportlab.lib.pagesizes import A4, LETTER

    return LETTER if paper(plan) == "Letter" else A4


def plan_pdf(plan: Plan) -> bytes:
    """The plan on paper (ReportLab, with its bundled Vera font for accented names), on the owner's paper size:
    page one the plan at a glance (offers stated once, a row per customer with a box to tick and room for the
    outcome), then what to say (the conversation once, each customer's own line), then a log to fill in by hand."""
    plan = as_chosen(plan)
    from xml.sax.saxutils import escape as xml_escape

    from reportlab.graphics.shapes import Drawing, Rect
    from reportlab.lib.pagesizes import landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = _pdf_styles()
    body, small, bold = styles["BodyText"], styles["small"], styles["bold"]
    size = landscape(_page(plan))
    room = size[0] - 24 * mm

    def para(text: str, style=body) -> Paragraph:
        return Paragraph(xml_escape(text), style)

    def cell(text: str, style=small) -> Paragraph:
        return Paragraph(xml_escape(clip(text, CELL)), style)

    def grid(rows: list[list], widths: list[float], height: float | None = None) -> Table:
        table = Table(rows, repeatRows=1, colWidths=[room * w for w in widths], rowHeights=None if height is None
                      else [None] + [height] * (len(rows) - 1))
        table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.4, "#9aa5b1"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("BACKGROUND", (0, 0), (-1, 0), "#e4e7eb")]))
        return table

    def tick() -> Drawing:
        box = Drawing(10, 10)
        box.add(Rect(0, 0, 9, 9, strokeWidth=0.8, fillColor=None))
        return box

    def offer_line(label: str, value: str) -> Paragraph:
        return Paragraph(f"<b>{xml_escape(label)}</b> " + (xml_escape(clip(value, CELL)) if value else "_" * 48), body)

    story = [para(_headline(plan), styles["Title"]), *([para(owner_line(plan))] if owner_line(plan) else []),
             para(_("Made {today}. Everyone contacted by {deadline}.").format(today=day(plan.today),
                                                                              deadline=day(plan.deadline))),
             *(offer_line(label, value) for label, value in _offers(plan)), Spacer(1, 3 * mm)]
    rows = [[cell(h, bold) for h in ("", _("Day"), _("Customer"), _("Phone or address"), _("How"), _("Last bought"),
                                     _("Outcome"))]]
    for when, customers in plan.schedule().items():
        for c in customers:
            own = _own_offers(plan, c)
            rows.append([tick(), cell(day(when, "short")),
                         Paragraph("<br/>".join(xml_escape(clip(t, CELL)) for t in (c.name, own) if t), small),
                         cell(reach_text(c) or "-"), cell(method_label(c.method)), cell(c.last_product or "-"), ""])
    story += [KeepTogether([para(_("Who, how and when"), styles["Heading2"]),
                            grid(rows, [.03, .1, .2, .2, .12, .15, .2], 11 * mm)])]
    story.append(PageBreak())
    shared = shared_steps(plan)
    story += [para(_("What to say"), styles["Heading2"]),
              para(_("1. Open with their first name and what they last bought (each customer's line below)."))]
    story += [para(f"{number}. {line}") for number, line in enumerate(shared, start=2)]
    lines = [[cell(h, bold) for h in (_("Customer"), _("Last bought"), _("Ask them to"))]]
    lines += [[cell(first_name(c)), cell(c.last_product or "-"), cell(action_text(c.ask, plan.owner_phone))]
              for c in plan.customers]
    story += [Spacer(1, 3 * mm), grid(lines, [.2, .3, .5])]
    story += [KeepTogether([para(_("When a referral comes in"), styles["Heading2"]), *map(para, _when_referred())])]
    story.append(PageBreak())
    log = [[cell(h, bold) for h in (_("Received"), _("Friend"), _("Referred by"), _("Thanked"), _("Gift"),
                                    _("Notes"))]] + [[""] * 6 for _row in range(LOG_LINES)]
    story += [KeepTogether([para(_("Referral log"), styles["Heading2"]),
                            para(_("Every referral, the day you thanked them, and the gift (a different one each "
                                   "time)."), small), grid(log, [.12, .2, .2, .12, .18, .18], 9 * mm)])]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=size, title=_headline(plan), lang=language(), leftMargin=12 * mm,
                      rightMargin=12 * mm, topMargin=12 * mm, bottomMargin=12 * mm).build(story)
    return out.getvalue()


def friend_cards_pdf(plan: Plan) -> bytes:
    """A sheet of friend cards to cut out, one per customer, for them to hand on: the business and how to reach
    it, the friend's offer, "from" the customer, and the card's code (the intake in Follow through takes it and
    knows who referred)."""
    plan = as_chosen(plan)
    from xml.sax.saxutils import escape as xml_escape

    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = _pdf_styles()
    size = _page(plan)
    name = styles["Heading3"].clone("card-name", spaceBefore=0, keepWithNext=False)
    reach = owner_line(plan) if plan.owner_phone or plan.owner_email else " · ".join(
        filter(None, (plan.owner_name, "_" * 30)))  # no number or email given: a line to write one on

    for_you = _("For you:")

    def card(customer: PlannedCustomer) -> list:
        offer = plan.offer_for(customer)
        return [Paragraph(xml_escape(plan.business or plan.owner_name or _("Referral plan")), name),
                Paragraph(xml_escape(_("{first} thought you'd like us.").format(first=first_name(customer))),
                          styles["BodyText"]),
                Paragraph(f"<b>{xml_escape(for_you)}</b> "
                          + (xml_escape(clip(offer, CELL)) if offer else "_" * 36), styles["BodyText"]),
                Paragraph(xml_escape(reach), styles["small"]),
                Spacer(1, 2 * mm),
                Paragraph(xml_escape(_("Card {code}: show it, or say the code, on your first visit.").format(
                    code=card_code(plan.owner, customer.key))), styles["bold"])]

    cards = [card(c) for c in plan.customers]
    rows = [cards[at:at + 2] + [[]] * (2 - len(cards[at:at + 2])) for at in range(0, len(cards), 2)]
    frame = (size[0] - 20 * mm - 12, size[1] - 20 * mm - 12)  # inside the margins and the frame's 6 pt padding
    sheet = Table(rows, colWidths=[frame[0] / 2] * 2, rowHeights=[frame[1] / 5] * len(rows))  # ten to a page
    sheet.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "#9aa5b1", None, (3, 3)), ("VALIGN", (0, 0), (-1, -1),
                                                                                         "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 5 * mm), ("TOPPADDING", (0, 0), (-1, -1), 4 * mm)]))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=size, title=_("Friend cards"), lang=language(), leftMargin=10 * mm,
                      rightMargin=10 * mm, topMargin=10 * mm, bottomMargin=10 * mm).build([sheet])
    return out.getvalue()


def plan_ics(plan: Plan) -> bytes:
    """A calendar: one all-day event per planned contact, and the deadline."""
    plan = as_chosen(plan)
    events = [(f"{c.key}-{when.isoformat()}", when,
               _("Referral ask: {name} ({method})").format(name=c.name, method=method_label(c.method)),
               "\n".join(filter(None, [contact_text(c), *talk_track(plan, c, c.ask)])))
              for when, customers in plan.schedule().items() for c in customers]
    if plan.deadline:
        events.append(("deadline", plan.deadline,
                       _("Referral challenge deadline: all {count} contacted").format(count=len(plan.customers)),
                       _("{business}: every customer on the plan has been asked by today.").format(
                           business=plan.business)))
    return calendar_ics(events, plan.today)


def calendar_ics(events: list[tuple[str, dt.date, str, str]], today: dt.date) -> bytes:
    """A calendar of all-day events, each (uid, day, summary, description), as Google Calendar and Outlook import."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Referral Workbook//EN")
    calendar.add("version", "2.0")
    stamp = dt.datetime.combine(today, dt.time(9), tzinfo=dt.UTC)
    for uid, when, summary, description in events:
        event = Event()
        event.add("uid", f"{uid}@referral-workbook")
        event.add("dtstamp", stamp)
        event.add("dtstart", when)
        event.add("dtend", when + dt.timedelta(days=1))
        event.add("summary", summary)
        event.add("description", description)
        calendar.add_component(event)
    return calendar.to_ical()


def call_sheet_rows(plan: Plan) -> list[list[object]]:
    """The call sheet: a row per customer in contact order, with room to log the outcome."""
    plan = as_chosen(plan)
    rows = []
    for when, customers in plan.schedule().items():
        for c in customers:
            rows.append([when, c.name, c.phone or "", c.email or "", c.address or "", method_label(c.method),
                         c.last_product or "", c.last_purchase or "", round(c.total_spend, 2), plan.reward_for(c),
                         plan.offer_for(c), action_text(c.ask, plan.owner_phone), "", "", c.notes])
    return rows


def call_sheet_columns(plan: Plan) -> tuple[str, ...]:
    """The call sheet's headings, the spend with its currency where the plan knows it."""
    columns = [_(c) for c in CALL_SHEET_COLUMNS]
    if plan.currency:
        at = CALL_SHEET_COLUMNS.index("Spend")
        columns[at] = _("Spend ({currency})").format(currency=plan.currency)
    return tuple(columns)


def table_csv(columns: tuple[str, ...], rows: Sequence[Sequence[object]]) -> str:
    """A table as CSV (days as ISO dates), safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([[spreadsheet_safe(v) for v in row] for row in rows])
    return out.getvalue()


WIDEST = 60  # characters: a column is as wide as its longest value, up to this (longer text wraps)


def tables_xlsx(sheets: dict[str, tuple[tuple[str, ...], Sequence[Sequence[object]]]], size: str = "A4") -> bytes:
    """Tables as the sheets of one XLSX, set up to print: text as text cells (never formulas), days as dates,
    numbers as numbers, columns as wide as what they hold, the heading row frozen and repeated on every
    printed page, landscape and one page wide, on paper of ``size`` ("A4" or "Letter")."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True, "bg_color": "#E4E7EB", "text_wrap": True, "valign": "top"})
    date = book.add_format({"num_format": "yyyy-mm-dd", "valign": "top"})
    text = book.add_format({"text_wrap": True, "valign": "top"})
    for name, (columns, rows) in sheets.items():
        sheet = book.add_worksheet(name[:31])
        sheet.write_row(0, 0, columns, bold)
        widths = [len(heading) for heading in columns]
        for row, values in enumerate(rows, start=1):
            for column, value in enumerate(values):
                if isinstance(value, dt.date):
                    sheet.write_datetime(row, column, dt.datetime.combine(value, dt.time()), date)
                    shown = 10
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    sheet.write_number(row, column, value)
                    shown = len(f"{value:,}")
                else:
                    shown = len("" if value is None else str(value))
                    sheet.write_string(row, column, "" if value is None else str(value), text)
                widths[column] = max(widths[column], shown)
        for column, width in enumerate(widths):
            sheet.set_column(column, column, min(WIDEST, max(8, width)) + 2)
        sheet.freeze_panes(1, 0)
        sheet.repeat_rows(0)
        sheet.set_landscape()
        sheet.set_paper(1 if size == "Letter" else 9)
        sheet.fit_to_pages(1, 0)
        sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
        if rows:
            sheet.autofilter(0, 0, len(rows), len(columns) - 1)
    book.close()
    return out.getvalue()


def call_sheet_csv(plan: Plan) -> str:
    return table_csv(call_sheet_columns(plan), call_sheet_rows(plan))


def call_sheet_xlsx(plan: Plan) -> bytes:
    return tables_xlsx({_("Call sheet"): (call_sheet_columns(plan), call_sheet_rows(plan))}, paper(plan))


class Download(NamedTuple):
    """One of the plan's files: what a browser is told it is, what the owner sees, and how it is made."""

    mime: str
    label: str  # marked for the catalogue, translated where shown
    render: Callable[[Plan], bytes]


DOWNLOADS = {
    "plan.pdf": Download("application/pdf", N_("Plan (PDF)"), plan_pdf),
    "friend-cards.pdf": Download("application/pdf", N_("Friend cards (PDF)"), friend_cards_pdf),
    "plan.html": Download("text/html", N_("Plan (web page)"), lambda plan: plan_html(plan).encode()),
    "plan.ics": Download("text/calendar", N_("Calendar"), plan_ics),
    "call-sheet.csv": Download("text/csv", N_("Call sheet (CSV)"),
                               lambda plan: call_sheet_csv(plan).encode("utf-8-sig")),
    "call-sheet.xlsx": Download("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                N_("Call sheet (Excel)"), call_sheet_xlsx),
}


def plan_files(plan: Plan) -> dict[str, bytes]:
    """Every file of the plan by name, written in the plan's language."""
    with speaking(plan.language):
        return {name: download.render(plan) for name, download in DOWNLOADS.items()}

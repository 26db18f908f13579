"""The plan as documents the owner takes away: HTML page, PDF one-pager, calendar, call sheet.

One rendering path serves the app's last step, the downloads and batch runs.
Customer and owner text is escaped for HTML and for the PDF's markup, and call
sheets are safe to open in a spreadsheet.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from html import escape
from pathlib import Path
from urllib.parse import quote

from .coaching import CUSTOMER_ACTIONS, email_draft, method_label, since, talk_track
from .formatting import spreadsheet_safe
from .plan import Plan, PlannedCustomer


CALL_SHEET_COLUMNS = ("Day", "Customer", "Phone", "Email", "Address", "Method", "Last bought", "Last purchase",
                      "Spend", "Reward for them", "Offer for their friend", "Ask them to", "Done", "Outcome", "Notes")
DOCUMENT_CSS = """
body { font: 15px/1.5 "Segoe UI", system-ui, sans-serif; color: #1f2933; max-width: 900px; margin: 24px auto; }
h1 { color: #0b6e4f; margin-bottom: 0; } .wb-sub { color: #52606d; margin-top: 4px; }
table.wb-table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
table.wb-table th, table.wb-table td { text-align: left; padding: 5px 7px; border-bottom: 1px solid #d9dde3; vertical-align: top; }
.wb-customer { break-inside: avoid; border-top: 1px solid #d9dde3; padding-top: 6px; }
@media print { body { margin: 0; font-size: 11pt; } }
"""


def _day(day: dt.date | None) -> str:
    return f"{day:%a %d %b %Y}" if day else "-"


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
    links = []
    if customer.phone:
        links.append(f"<a class='wb-tel' href='{escape(tel(customer.phone))}'>{escape(customer.phone)}</a>")
    if customer.email:
        label = "Write to them (draft ready)" if customer.method == "email" else customer.email
        links.append(f"<a class='wb-mail' href='{escape(mailto(plan, customer))}'>{escape(label)}</a>")
    address = f"<span class='wb-address'>{escape(customer.address)}</span>" if customer.address else ""
    return f"<span class='wb-contact'>{' · '.join(links + ([address] if address else []))}</span>" \
        if links or address else ""


def contact_text(customer: PlannedCustomer) -> str:
    """A customer's phone, email and address on one line, for calendars and print."""
    return " · ".join(v for v in (customer.phone, customer.email, customer.address) if v)


def _is_suggestion(plan: Plan, field: str) -> str:
    return " (the workbook's suggestion: change it to suit your customers)" if field in plan.suggested else ""


def plan_fragment(plan: Plan) -> str:
    """The plan as an HTML fragment: headline, schedule table and a talk track per customer."""
    deadline = _day(plan.deadline)
    rows = []
    for day, customers in plan.schedule().items():
        for c in customers:
            rows.append(
                f"<tr><td>{_day(day)}</td><td>{escape(c.name)}"
                + (f"<br>{contact_html(plan, c)}" if contact_html(plan, c) else "")
                + (f"<br><small>{escape(c.history)}</small>" if c.history else "") + "</td>"
                f"<td>{escape(method_label(c.method))}</td>"
                f"<td>{escape(c.last_product or '-')}</td><td>{escape(plan.reward_for(c))}</td>"
                f"<td>{escape(plan.offer_for(c))}</td></tr>")
    tracks = "".join(
        f"<div class='wb-customer'><h3>{escape(c.name)}</h3>" + (f"<p>{contact_html(plan, c)}</p>" if
                                                                  contact_html(plan, c) else "") + "<ol>"
        + "".join(f"<li>{escape(line)}</li>" for line in talk_track(plan, c, c.ask)) + "</ol></div>"
        for c in plan.customers)
    return (
        f"<h1>{escape(plan.business)}: referral plan, round {plan.round}</h1>"
        f"<p class='wb-sub'>Made {_day(plan.today)}. Everyone contacted by <strong>{deadline}</strong>.</p>"
        f"<p><strong>Reward for a referral:</strong> {escape(plan.reward or '-')}{_is_suggestion(plan, 'reward')}<br>"
        f"<strong>Offer for the friend:</strong> {escape(plan.friend_offer or '-')}"
        f"{_is_suggestion(plan, 'friend_offer')}<br>"
        f"<strong>Who we want to meet:</strong> {escape(plan.ideal_prospect or '-')}</p>"
        "<h2>Who, how and when</h2><table class='wb-table'><thead><tr><th>Day</th><th>Customer</th>"
        "<th>How</th><th>Last bought</th><th>Their reward</th><th>Friend's offer</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        "<h2>What to say</h2>" + tracks
        + "<h2>When a referral comes in</h2><ul><li>Thank the referrer the same day, by note or call.</li>"
        "<li>Send a thank-you gift, a different one each time.</li>"
        "<li>Ask every new customer who referred them, so you can thank that person.</li></ul>"
    )


def plan_html(plan: Plan) -> str:
    """A standalone, printable HTML page of the plan."""
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            f"<title>{escape(plan.business)}: referral plan</title><style>{DOCUMENT_CSS}</style></head>"
            f"<body>{plan_fragment(plan)}</body></html>")


def plan_pdf(plan: Plan) -> bytes:
    """A printable PDF of the plan (ReportLab, with its bundled Vera font for accented names)."""
    from xml.sax.saxutils import escape as xml_escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    import reportlab

    fonts = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont("Vera", str(fonts / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont("Vera-Bold", str(fonts / "VeraBd.ttf")))
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        style.fontName = "Vera-Bold" if style.name.startswith(("Heading", "Title")) else "Vera"
    body, small = styles["BodyText"], styles["BodyText"].clone("small", fontSize=8, leading=10)

    def para(text: str, style=body) -> Paragraph:
        return Paragraph(xml_escape(text), style)

    story = [para(f"{plan.business}: referral plan, round {plan.round}", styles["Title"]),
             para(f"Made {_day(plan.today)}. Everyone contacted by {_day(plan.deadline)}."),
             para(f"Reward for a referral: {plan.reward or '-'}{_is_suggestion(plan, 'reward')}"),
             para(f"Offer for the friend: {plan.friend_offer or '-'}{_is_suggestion(plan, 'friend_offer')}"),
             para(f"Who we want to meet: {plan.ideal_prospect or '-'}"), Spacer(1, 4 * mm),
             para("Who, how and when", styles["Heading2"])]
    table = [[para(h, small) for h in ("Day", "Customer", "How", "Last bought", "Reward", "Friend's offer")]]
    for day, customers in plan.schedule().items():
        for c in customers:
            who = Paragraph("<br/>".join(xml_escape(t) for t in (c.name, c.phone) if t), small)
            table.append([para(_day(day), small), who] + [para(x, small) for x in (
                method_label(c.method), c.last_product or "-", plan.reward_for(c), plan.offer_for(c))])
    grid = Table(table, repeatRows=1, colWidths=[24 * mm, 32 * mm, 26 * mm, 34 * mm, 32 * mm, 32 * mm])
    grid.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.25, "#d9dde3"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [grid, Spacer(1, 4 * mm), para("What to say", styles["Heading2"])]
    for c in plan.customers:
        story.append(para(c.name, styles["Heading4"]))
        if contact_text(c):
            story.append(para(contact_text(c), small))
        story += [para(line, small) for line in talk_track(plan, c, c.ask)]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title=f"{plan.business}: referral plan", leftMargin=15 * mm,
                      rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm).build(story)
    return out.getvalue()


def plan_ics(plan: Plan) -> bytes:
    """A calendar: one all-day event per planned contact, and the deadline."""
    events = [(f"{c.key}-{day.isoformat()}", day, f"Referral ask: {c.name} ({method_label(c.method).lower()})",
               "\n".join(filter(None, [contact_text(c), *talk_track(plan, c, c.ask)])))
              for day, customers in plan.schedule().items() for c in customers]
    if plan.deadline:
        events.append(("deadline", plan.deadline, f"Referral challenge deadline: all {len(plan.customers)} contacted",
                       f"{plan.business}: every customer on the plan has been asked by today."))
    return calendar_ics(events, plan.today)


def calendar_ics(events: list[tuple[str, dt.date, str, str]], today: dt.date) -> bytes:
    """A calendar of all-day events, each (uid, day, summary, description), as Google Calendar and Outlook import."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Referral Workbook//EN")
    calendar.add("version", "2.0")
    stamp = dt.datetime.combine(today, dt.time(9), tzinfo=dt.timezone.utc)
    for uid, day, summary, description in events:
        event = Event()
        event.add("uid", f"{uid}@referral-workbook")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", summary)
        event.add("description", description)
        calendar.add_component(event)
    return calendar.to_ical()


def call_sheet_rows(plan: Plan) -> list[list[object]]:
    """The call sheet: a row per customer in contact order, with room to log the outcome."""
    rows = []
    for day, customers in plan.schedule().items():
        for c in customers:
            rows.append([day.isoformat(), c.name, c.phone or "", c.email or "", c.address or "",
                         method_label(c.method), c.last_product or "",
                         c.last_purchase.isoformat() if c.last_purchase else "", round(c.total_spend, 2),
                         plan.reward_for(c), plan.offer_for(c), CUSTOMER_ACTIONS.get(c.ask, ""), "", "", c.notes])
    return rows


def table_csv(columns: tuple[str, ...], rows: list[list[object]]) -> str:
    """A table as CSV, safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([[spreadsheet_safe(v) for v in row] for row in rows])
    return out.getvalue()


def tables_xlsx(sheets: dict[str, tuple[tuple[str, ...], list[list[object]]]]) -> bytes:
    """Tables as the sheets of one XLSX; text is written as text cells, never as formulas."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    bold = book.add_format({"bold": True})
    for name, (columns, rows) in sheets.items():
        sheet = book.add_worksheet(name)
        sheet.write_row(0, 0, columns, bold)
        for row, values in enumerate(rows, start=1):
            for column, value in enumerate(values):
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    sheet.write_number(row, column, value)
                else:
                    sheet.write_string(row, column, spreadsheet_safe("" if value is None else str(value)))
        for column, heading in enumerate(columns):
            sheet.set_column(column, column, max(12, min(32, len(heading) + 6)))
    book.close()
    return out.getvalue()


def call_sheet_csv(plan: Plan) -> str:
    return table_csv(CALL_SHEET_COLUMNS, call_sheet_rows(plan))


def call_sheet_xlsx(plan: Plan) -> bytes:
    return tables_xlsx({"Call sheet": (CALL_SHEET_COLUMNS, call_sheet_rows(plan))})


def customer_since(customer: PlannedCustomer, today: dt.date) -> str:
    """The last purchase and how long ago, for tables."""
    return f"{_day(customer.last_purchase)} ({since(customer.last_purchase, today)})"


DOWNLOADS = {
    "plan.pdf": ("application/pdf", plan_pdf),
    "plan.html": ("text/html", lambda plan: plan_html(plan).encode()),
    "plan.ics": ("text/calendar", plan_ics),
    "call-sheet.csv": ("text/csv", lambda plan: call_sheet_csv(plan).encode("utf-8-sig")),
    "call-sheet.xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", call_sheet_xlsx),
}

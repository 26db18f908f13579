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
from typing import Callable, NamedTuple
from urllib.parse import quote

from markupsafe import Markup

from .coaching import action_text, email_draft, talk_track
from .formatting import clip, day, spreadsheet_safe
from .i18n import N_, _, language, speaking
from .markup import element
from .plan import Plan, PlannedCustomer, method_label


CALL_SHEET_COLUMNS = (N_("Day"), N_("Customer"), N_("Phone"), N_("Email"), N_("Address"), N_("Method"),
                      N_("Last bought"), N_("Last purchase"), N_("Spend"), N_("Reward for them"),
                      N_("Offer for their friend"), N_("Ask them to"), N_("Done"), N_("Outcome"), N_("Notes"))
DOCUMENT_CSS = """
body { font: 15px/1.5 "Segoe UI", system-ui, sans-serif; color: #1f2933; max-width: 900px; margin: 24px auto; }
h1 { color: #0b6e4f; margin-bottom: 0; } .wb-sub { color: #52606d; margin-top: 4px; }
table.wb-table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
table.wb-table th, table.wb-table td { text-align: left; padding: 5px 7px; border-bottom: 1px solid #d9dde3;
                                      vertical-align: top; }
.wb-customer { break-inside: avoid; border-top: 1px solid #d9dde3; padding-top: 6px; }
@media print { body { margin: 0; font-size: 11pt; } }
"""


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
        label = _("Write to them (draft ready)") if customer.method == "email" else customer.email
        links.append(f"<a class='wb-mail' href='{escape(mailto(plan, customer))}'>{escape(label)}</a>")
    address = f"<span class='wb-address'>{escape(customer.address)}</span>" if customer.address else ""
    return f"<span class='wb-contact'>{' · '.join(links + ([address] if address else []))}</span>" \
        if links or address else ""


def contact_text(customer: PlannedCustomer) -> str:
    """A customer's phone, email and address on one line, for calendars and print."""
    return " · ".join(v for v in (customer.phone, customer.email, customer.address) if v)


def _is_suggestion(plan: Plan, field: str) -> str:
    return " " + _("(the workbook's suggestion: change it to suit your customers)") if field in plan.suggested else ""


def _headline(plan: Plan) -> str:
    if not plan.business.strip():
        return _("Referral plan, round {round}").format(round=plan.round)
    return _("{business}: referral plan, round {round}").format(business=plan.business, round=plan.round)


def owner_line(plan: Plan) -> str:
    """Whose plan it is and how to reach them, on one line ('' when the owner gave none of it)."""
    return " · ".join(filter(None, (plan.owner_name, plan.owner_phone, plan.owner_email)))


def plan_fragment(plan: Plan) -> str:
    """The plan as an HTML fragment: headline, schedule table and a talk track per customer."""
    rows = []
    for when, customers in plan.schedule().items():
        for c in customers:
            reach = contact_html(plan, c)
            rows.append(
                f"<tr><td>{escape(day(when))}</td><td>{escape(c.name)}" + (f"<br>{reach}" if reach else "")
                + (f"<br><small>{escape(c.history)}</small>" if c.history else "") + "</td>"
                f"<td>{escape(method_label(c.method))}</td>"
                f"<td>{escape(c.last_product or '-')}</td><td>{escape(plan.reward_for(c))}</td>"
                f"<td>{escape(plan.offer_for(c))}</td></tr>")
    tracks = "".join(
        f"<div class='wb-customer'><h3>{escape(c.name)}</h3>"
        + (f"<p>{contact_html(plan, c)}</p>" if contact_html(plan, c) else "") + "<ol>"
        + "".join(f"<li>{escape(line)}</li>" for line in talk_track(plan, c, c.ask)) + "</ol></div>"
        for c in plan.customers)
    made = Markup.escape(_("Made {today}. Everyone contacted by {deadline}.")).format(
        today=day(plan.today), deadline=Markup("<strong>{}</strong>").format(day(plan.deadline)))
    return (
        f"<h1>{escape(_headline(plan))}</h1>"
        + (f"<p class='wb-sub wb-owner'>{escape(owner_line(plan))}</p>" if owner_line(plan) else "")
        + f"<p class='wb-sub'>{made}</p><p>"
        + "<br>".join(f"<strong>{escape(label)}</strong> {escape(value)}" for label, value in _offers(plan)) + "</p>"
        + element("h2", _("Who, how and when")) + "<table class='wb-table'><thead><tr>"
        + "".join(f"<th>{escape(h)}</th>" for h in (_("Day"), _("Customer"), _("How"), _("Last bought"),
                                                    _("Their reward"), _("Friend's offer")))
        + f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        + element("h2", _("What to say")) + tracks
        + element("h2", _("When a referral comes in")) + "<ul>"
        + "".join(f"<li>{escape(rule)}</li>" for rule in _when_referred()) + "</ul>"
    )


def _offers(plan: Plan) -> list[tuple[str, str]]:
    """What the referrer and the friend get, and who the owner wants to meet, as (label, value) lines."""
    return [(_("Reward for a referral:"), (plan.reward or "-") + _is_suggestion(plan, "reward")),
            (_("Offer for the friend:"), (plan.friend_offer or "-") + _is_suggestion(plan, "friend_offer")),
            (_("Who we want to meet:"), plan.ideal_prospect or "-")]


def _when_referred() -> list[str]:
    """What the owner does each time a referral comes in (the method's rules)."""
    return [_("Thank the referrer the same day, by note or call."),
            _("Send a thank-you gift, a different one each time."),
            _("Ask every new customer who referred them, so you can thank that person.")]


def plan_html(plan: Plan) -> str:
    """A standalone, printable HTML page of the plan."""
    return (f"<!DOCTYPE html><html lang='{escape(language())}'><head><meta charset='utf-8'>"
            f"<title>{escape(_headline(plan))}</title><style>{DOCUMENT_CSS}</style></head>"
            f"<body>{plan_fragment(plan)}</body></html>")


CELL = 140  # characters at most in a cell of the plan's table (a longer name or offer is cut, with an ellipsis)


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

    story = [para(_headline(plan), styles["Title"]), *([para(owner_line(plan))] if owner_line(plan) else []),
             para(_("Made {today}. Everyone contacted by {deadline}.").format(today=day(plan.today),
                                                                              deadline=day(plan.deadline))),
             *(para(f"{label} {value}") for label, value in _offers(plan)), Spacer(1, 4 * mm),
             para(_("Who, how and when"), styles["Heading2"])]
    table = [[para(h, small) for h in (_("Day"), _("Customer"), _("How"), _("Last bought"), _("Their reward"),
                                       _("Friend's offer"))]]
    for when, customers in plan.schedule().items():
        for c in customers:
            who = Paragraph("<br/>".join(xml_escape(clip(t, CELL)) for t in (c.name, c.phone) if t), small)
            table.append([para(day(when), small), who] + [para(clip(x, CELL), small) for x in (
                method_label(c.method), c.last_product or "-", plan.reward_for(c), plan.offer_for(c))])
    grid = Table(table, repeatRows=1, colWidths=[24 * mm, 32 * mm, 26 * mm, 34 * mm, 32 * mm, 32 * mm])
    grid.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.25, "#d9dde3"), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [grid, Spacer(1, 4 * mm), para(_("What to say"), styles["Heading2"])]
    for c in plan.customers:
        story.append(para(c.name, styles["Heading4"]))
        if contact_text(c):
            story.append(para(contact_text(c), small))
        story += [para(line, small) for line in talk_track(plan, c, c.ask)]
    story += [para(_("When a referral comes in"), styles["Heading2"]), *map(para, _when_referred())]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, title=_headline(plan), lang=language(), leftMargin=15 * mm,
                      rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm).build(story)
    return out.getvalue()


def plan_ics(plan: Plan) -> bytes:
    """A calendar: one all-day event per planned contact, and the deadline."""
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
    stamp = dt.datetime.combine(today, dt.time(9), tzinfo=dt.timezone.utc)
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
    rows = []
    for when, customers in plan.schedule().items():
        for c in customers:
            rows.append([when.isoformat(), c.name, c.phone or "", c.email or "", c.address or "",
                         method_label(c.method), c.last_product or "",
                         c.last_purchase.isoformat() if c.last_purchase else "", round(c.total_spend, 2),
                         plan.reward_for(c), plan.offer_for(c), action_text(c.ask, plan.owner_phone), "", "",
                         c.notes])
    return rows


def call_sheet_columns(plan: Plan) -> tuple[str, ...]:
    """The call sheet's headings, the spend with its currency where the plan knows it."""
    columns = [_(c) for c in CALL_SHEET_COLUMNS]
    if plan.currency:
        at = CALL_SHEET_COLUMNS.index("Spend")
        columns[at] = _("Spend ({currency})").format(currency=plan.currency)
    return tuple(columns)


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
    return table_csv(call_sheet_columns(plan), call_sheet_rows(plan))


def call_sheet_xlsx(plan: Plan) -> bytes:
    return tables_xlsx({_("Call sheet"): (call_sheet_columns(plan), call_sheet_rows(plan))})


class Download(NamedTuple):
    """One of the plan's files: what a browser is told it is, what the owner sees, and how it is made."""

    mime: str
    label: str  # marked for the catalogue, translated where shown
    render: Callable[[Plan], bytes]


DOWNLOADS = {
    "plan.pdf": Download("application/pdf", N_("Plan (PDF)"), plan_pdf),
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

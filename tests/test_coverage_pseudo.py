"""Every word an owner, participant or coach reads comes from the catalogue.

The pages and documents are drawn in the pseudo-language, which marks each translated message and
each date or amount «like this». What is left once the marked text and the data itself (the names,
products and offers of the demo business) are taken away must hold no words.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
from html.parser import HTMLParser

import ipywidgets as w
import openpyxl
import pytest
from conftest import DATA, ROOT
from pypdf import PdfReader

from workbook import i18n
from workbook.app.challenge import CURRENCIES, ChallengeApp
from workbook.app.coach import CoachView
from workbook.app.follow import SECTIONS, FollowApp
from workbook.app.fragments import join_page, notice_page, page_texts
from workbook.app.today import TodayApp
from workbook.batch.roster import Outcome, write_index
from workbook.challenge.ranking import rank_customers
from workbook.demo import DEMOS
from workbook.documents.logsheets import log_files
from workbook.documents.render import plan_files
from workbook.exports import inspection_text, load_exports
from workbook.follow.followthrough import record, report
from workbook.formatting import ranking_table, report_text
from workbook.journey import Uploads, import_export, set_defaults, update_customer, update_plan
from workbook.settings import DATA_ENV, WORKSHOP_ENV
from workbook.store import open_store
from workbook.workshop.participants import join

EXPORT = DATA / "riverside-physio-sales.csv"
PRAXIS = DATA / "physiotherapie-am-lindenplatz.csv"
ODD = "Who,When,Paid\nAnn Lee,2026-10-02,50\nBo Chen,2026-10-03,lots\n"
DATES = "Customer,Date,Amount\nAnn Lee,03/04/2026,5\nBo Chen,04/05/2026,7\n"
TODAY = dt.date(2026, 11, 2)
TYPED = ("A bottle of wine · A free first assessment · runners who train for a marathon · Pat Doe · phoned · Kim Roe · "
         "Accountant · odd.csv · dates.csv · riverside-physio-sales.csv · physiotherapie-am-lindenplatz.csv")
BRAND = "Referral Workbook"
_MARKED = re.compile(r"«[^«»]*»")
_WORD = re.compile(r"[^\W\d_]{2,}")


class _Text(HTMLParser):
    """The text of an HTML fragment as a reader meets it: its words and its labels, titles and placeholders."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text, self.labels, self.hidden = [], [], False

    def handle_starttag(self, tag, attrs) -> None:
        self.labels += [value for name, value in attrs if name in ("aria-label", "title", "placeholder") and value]
        self.text.append(" ")
        self.hidden = tag in ("style", "script")

    def handle_endtag(self, tag) -> None:
        self.text.append(" ")
        self.hidden = False

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.text.append(data)


def readable(fragment: str) -> list[str]:
    """The text of ``fragment`` (one string: a message may hold markup) and its labels."""
    parser = _Text()
    parser.feed(fragment)
    return ["".join(parser.text), *parser.labels]


def widget_texts(widget: w.Widget) -> list[str]:
    """Everything a widget tree shows: HTML, labels, button words, choices and placeholders."""
    found = []
    for name in ("description", "placeholder", "tooltip"):
        value = getattr(widget, name, None)
        if isinstance(value, str) and value:
            found += readable(value)
    if isinstance(widget, (w.HTML, w.Label)):
        found += readable(widget.value)
    found += [str(label) for label in getattr(widget, "_options_labels", ())]
    for child in getattr(widget, "children", ()):
        found += widget_texts(child)
    return found


def cells(text: str) -> str:
    """An export's cells without its header row: the customers' data (the headers are words like "Amount")."""
    return text.partition("\n")[2]


def data_words(headers: bool = False) -> set[str]:
    """Every word of the exports' cells (and, with ``headers``, of their header rows: column names) and of what
    the test typed, the demo businesses, the languages' own names and currency codes: data and names, not the
    workbook's text."""
    exports = [path.read_text(encoding="utf-8-sig") for path in (EXPORT, PRAXIS)] + [ODD, DATES]
    names = [*(text if headers else cells(text) for text in exports), TYPED, BRAND, *i18n.LANGUAGES.values(),
             *CURRENCIES, *(business for business, _make in DEMOS.values())]
    return set(_WORD.findall(" ".join(names)))


def unmarked(texts: list[str], headers: bool = False) -> set[str]:
    """The words of ``texts`` outside marked text that are not data."""
    known = data_words(headers)
    left = set()
    for text in texts:
        while _MARKED.search(text):
            text = _MARKED.sub(" ", text)
        left |= set(_WORD.findall(text)) - known
    return left


@pytest.fixture
def pseudo(tmp_path, monkeypatch):
    """A store with a ready plan, follow-through entries, and the pseudo-language spoken."""
    monkeypatch.setenv(DATA_ENV, str(tmp_path))
    i18n.set_language(i18n.PSEUDO)
    try:
        with open_store() as store:
            import_export(store, "owner", EXPORT, "Riverside Physiotherapy", today=TODAY - dt.timedelta(days=10))
            set_defaults(store, "owner", "A bottle of wine", "A free first assessment", "one_week", "phone")
            update_plan(store, "owner", ideal_prospect="runners who train for a marathon", currency="EUR")
            plan = store.load_plan("owner")
            first, second = plan.customers[0], plan.customers[1]
            record(store, "owner", "contact", {"customer": first.key, "outcome": "agreed"}, TODAY)
            record(store, "owner", "referral", {"friend": "Pat Doe", "by": first.key, "how": "phoned"}, TODAY)
            record(store, "owner", "referral", {"friend": "Kim Roe", "by": second.key, "how": ""}, TODAY)
            record(store, "owner", "conversion", {"friend": "Pat Doe", "value": 80.0}, TODAY)
            record(store, "owner", "thanks", {"friend": "Pat Doe", "how": "Card", "gift": "A bottle of wine",
                                             "cost": 12.0}, TODAY)
            record(store, "owner", "source", {"name": "Kim Roe", "profession": "Accountant", "for_them": "phoned"},
                   TODAY)
            record(store, "owner", "health", {"customer": first.key, "recommended": True}, TODAY)
        yield tmp_path
    finally:
        i18n.set_language(i18n.DEFAULT)


def test_every_step_of_the_challenge_is_in_the_catalogue(pseudo):
    app = ChallengeApp()
    seen = []
    for step in range(8):
        app.show(step)
        seen += widget_texts(app.widget)
    assert sorted(unmarked(seen)) == []


@pytest.mark.slow
def test_a_plan_with_gaps_and_the_questions_of_an_import_are_in_the_catalogue(pseudo, write):
    with open_store() as store:
        plan = update_plan(store, "owner", deadline_choice=None, reward="", friend_offer="")
        for method, customer in zip(("phone", "email", "visit", "letter"), plan.customers):
            update_customer(store, "owner", customer.key, method=method, phone="", email="", address="")
    app = ChallengeApp()
    seen = widget_texts(TodayApp("owner").widget)  # no deadline yet: what to choose first
    for step in (0, 4, 5, 7):
        app.show(step)
        seen += widget_texts(app.widget)
    odd, dates = write("odd.csv", ODD), write("dates.csv", DATES)
    pending = ROOT / "tests" / "exports" / "shopify-cash-on-delivery.csv"
    for export in (odd, dates, pending):
        app.uploads = Uploads(files=[str(export)], status="paid")
        app.read()
        seen += widget_texts(app.message) + widget_texts(app.fix)
    assert sorted(unmarked(seen, headers=True)) == []  # the column question shows the export's own column names


def test_follow_through_today_and_the_coach_are_in_the_catalogue(pseudo, monkeypatch):
    follow = FollowApp("owner")
    seen = []
    for index in range(len(SECTIONS)):
        follow.menu.value = index
        seen += widget_texts(follow.widget)
    follow.save("referral", friend="", by="")
    seen += widget_texts(follow.saved)
    with open_store() as store:
        plan = store.load_plan("owner")
    seen += widget_texts(TodayApp("owner", plan.customers[2].contact_day).widget)
    monkeypatch.setenv(WORKSHOP_ENV, "ROOM")  # the code: data, as the projector view shows it
    with open_store() as store:
        join(store, "ROOM", "Pat Doe")  # the room has a row
    coach = CoachView()
    seen += [text.replace("ROOM", " ") for text in widget_texts(coach.widget)]
    coach.widget.close()
    assert sorted(unmarked(seen)) == []


def test_pages_outside_the_notebooks_and_the_template_are_in_the_catalogue(pseudo):
    refused = i18n._("That is not this workshop's code; check it with your coach.")
    seen = readable(join_page("/", "", refused, "Pat Doe"))
    seen += readable(notice_page("/", i18n._("Not here"), "", heading=True))
    texts = page_texts()
    seen += [texts["tagline"], texts["failed"], texts["too_big"]]
    seen += readable(texts["stalled"]) + readable(texts["rested"])
    assert sorted(unmarked(seen)) == []


def test_every_document_is_in_the_catalogue(pseudo, tmp_path):
    with open_store() as store:
        plan = store.load_plan("owner")
        log = log_files(store, "owner", TODAY)
        figures = report(store, "owner", TODAY)
    plan.language = i18n.PSEUDO
    files = plan_files(plan)
    seen = readable(files["plan.html"].decode())
    seen += [page.extract_text() for name in ("plan.pdf", "friend-cards.pdf")
             for page in PdfReader(io.BytesIO(files[name])).pages]
    seen += [line.partition(":")[2] for line in files["plan.ics"].decode().replace("\r\n ", "").splitlines()
             if line.startswith(("SUMMARY", "DESCRIPTION"))]
    seen += [line.partition(":")[2] for line in log["follow-ups.ics"].decode().replace("\r\n ", "").splitlines()
             if line.startswith(("SUMMARY", "DESCRIPTION"))]
    seen.append(files["call-sheet.csv"].decode("utf-8-sig").splitlines()[0])
    seen.append(log["log.csv"].decode("utf-8-sig").splitlines()[0])
    for content in (files["call-sheet.xlsx"], log["log.xlsx"]):
        book = openpyxl.load_workbook(io.BytesIO(content))
        seen += [name for name in book.sheetnames] + [str(c.value) for s in book for c in s[1] if c.value]
    index = write_index([Outcome("Pat Doe", "pat-doe", "done", customers=10),
                         Outcome("Kim Roe", "kim-roe", "failed", "phoned")], ["phoned"], tmp_path)
    seen += readable(index.read_text())
    seen.append(report_text(figures))
    assert sorted(unmarked([html.unescape(t) for t in seen])) == []


def test_what_the_command_line_prints_is_in_the_catalogue(pseudo):
    imported = load_exports([EXPORT, PRAXIS])
    seen = [inspection_text(imported.summary()), ranking_table(rank_customers(imported.sales), "EUR")]
    assert sorted(unmarked(seen, headers=True) - {"CSV", "utf"}) == []  # the columns, a file's kind and encoding

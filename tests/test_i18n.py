"""The workbook's languages: local dates and money, choosing a language, and catalogues that are complete and
current."""

from __future__ import annotations

import ast
import datetime as dt
import io
import string
import subprocess
import sys

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from conftest import ROOT

from workbook import i18n
from workbook.app.fragments import deadline_labels
from workbook.challenge.deadlines import deadline_options
from workbook.challenge.plan import Plan
from workbook.exports import load_sales
from workbook.formatting import day, money, percent
from workbook.i18n import LANGUAGES, choose, negotiate, speaking

FRIDAY = dt.date(2026, 6, 12)
SPOKEN = [code for code in LANGUAGES if code != i18n.DEFAULT]


@pytest.mark.parametrize("code, full, weekday, euros, dollars", [
    ("en", "Friday, 12 June 2026", "Fri, 12 Jun 2026", "€2,600.50", "US$1,234.00"),
    ("de", "Freitag, 12. Juni 2026", "Fr., 12. Juni 2026", "2.600,50\u00a0€", "1.234,00\u00a0$"),
    ("fr", "vendredi 12 juin 2026", "ven. 12 juin 2026", "2\u202f600,50\u00a0€", "1\u202f234,00\u00a0$US"),
    ("es", "viernes, 12 de junio de 2026", "vie, 12 jun 2026", "2.600,50\u00a0€", "1.234,00\u00a0US$"),
])
def test_dates_and_amounts_are_written_as_each_language_writes_them(code, full, weekday, euros, dollars):
    with speaking(code):
        assert (day(FRIDAY, "full"), day(FRIDAY)) == (full, weekday)
        assert (money(2600.5, "EUR"), money(1234, "USD")) == (euros, dollars)
        assert day(None) == "-"


def test_an_amount_without_a_currency_is_a_plain_number_and_shares_are_percentages():
    with speaking("de"):
        assert (money(12345.6), percent(0.423)) == ("12.345,60", "42\u00a0%")
    with speaking("en"):
        assert (money(12345.6), percent(0.423)) == ("12,345.60", "42%")


@pytest.mark.parametrize("code, friday", [("en", "Friday"), ("de", "Freitag"), ("fr", "vendredi"), ("es", "viernes")])
def test_the_deadline_rule_is_the_same_in_every_language(code, friday):
    today = dt.date(2026, 11, 26)  # a Thursday: at least five days, then the next Friday
    plan = Plan(owner="Ann", business="Riverside", today=today)
    with speaking(code):
        labels = deadline_labels(plan)
    assert deadline_options(today) == {"one_week": dt.date(2026, 12, 4), "two_weeks": dt.date(2026, 12, 11)}
    assert list(labels.values()) == ["one_week", "two_weeks"]
    assert all(friday in label and "2026" in label for label in labels)


def test_a_browsers_languages_are_taken_in_order_of_preference():
    assert negotiate("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7") == "fr"
    assert negotiate("ja, es-MX;q=0.5, de;q=0.7") == "de"
    assert negotiate("ja, zh;q=0.9") is None and negotiate("") is None and negotiate("de;q=x") is None


def test_the_owners_choice_beats_the_servers_which_beats_the_browsers():
    assert choose("fr", "de", "es") == "fr"
    assert choose(None, "de", "es") == "de"
    assert choose(None, None, "es-AR,es;q=0.9") == "es"
    assert choose("xx", None, "ja") == "en"  # an unknown code is passed over, an unknown browser speaks English


def test_an_unknown_language_is_a_usage_error_naming_the_languages():
    done = subprocess.run([sys.executable, "-m", "workbook", "deadlines", "--lang", "nl"], capture_output=True,
                          text=True)
    assert done.returncode == 2 and "'nl' is not a language of the workbook" in done.stderr
    assert all(f"{code} ({name})" in done.stderr for code, name in LANGUAGES.items())
    german = subprocess.run([sys.executable, "-m", "workbook", "deadlines", "--today", "2026-11-26", "--lang",
                             "de"], capture_output=True, text=True)
    assert german.stdout.splitlines() == ["Eine Woche:  Freitag, 4. Dezember 2026",
                                          "Zwei Wochen: Freitag, 11. Dezember 2026"]


def test_the_currency_comes_from_a_currency_column_a_sign_or_the_header(write):
    column = write("a.csv", "Customer,Date,Amount,Currency\nAnn,2026-01-02,5,eur\nBo,2026-01-03,7,eur\n")
    sign = write("b.csv", "Customer;Date;Betrag\nAnn;13.01.2026;5,00 €\nBo;14.01.2026;7,50 €\n")
    header = write("c.csv", "Customer,Date,Total (GBP)\nAnn,2026-01-02,5\n")
    none = write("d.csv", "Customer,Date,Amount\nAnn,2026-01-02,5\n")
    assert [load_sales(p).currency for p in (column, sign, header, none)] == ["EUR", "EUR", "GBP", None]


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("code", SPOKEN)
def test_every_message_is_translated_with_its_placeholders_and_none_is_fuzzy(code):
    catalogue = read_po(i18n.catalogue(code).open("rb"))
    template = read_po((i18n.CATALOGUES / "workbook.pot").open("rb"))
    assert {m.id for m in catalogue if m.id} == {m.id for m in template if m.id}
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and not message.fuzzy, message.id
        assert all(_fields(s) == _fields(ids[min(n, len(ids) - 1)]) for n, s in enumerate(strings)), message.id


def test_the_template_holds_every_message_of_the_source(tmp_path):
    fresh = tmp_path / "fresh.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(i18n.CATALOGUES / "babel.cfg"), "-k", "N_",
                                "-o", str(fresh), str(ROOT)])
    current = read_po((i18n.CATALOGUES / "workbook.pot").open("rb"))
    assert {m.id for m in read_po(fresh.open("rb")) if m.id} == {m.id for m in current if m.id}, "run make messages"


def test_no_message_hides_where_babel_cannot_find_it_and_nothing_hides_the_translator():
    """Babel does not read inside f-strings; and ``_`` bound to something else breaks every message after it."""
    found = []
    for path in (ROOT / "workbook").glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                found += [f"{path.name}:{call.lineno} message in an f-string" for call in ast.walk(node)
                          if isinstance(call, ast.Call) and getattr(call.func, "id", "") in ("_", "N_", "ngettext")
                          and call.args and isinstance(call.args[0], ast.Constant)]
            names = ([a.arg for a in node.args.args] if isinstance(node, (ast.FunctionDef, ast.Lambda)) else
                     [t.id for t in ast.walk(node) if isinstance(t, ast.Name) and isinstance(t.ctx, ast.Store)]
                     if isinstance(node, (ast.Assign, ast.For, ast.comprehension)) else [])
            found += [f"{path.name}:{getattr(node, 'lineno', '')} binds _" for n in names if n == "_"]
    assert found == []


def test_a_spanish_plan_reads_back_in_spanish_from_its_pdf_and_calendar():
    from icalendar import Calendar
    from pypdf import PdfReader

    from workbook.batch.roster import PlanParameters, build_plan
    from workbook.documents.render import plan_files

    plan = build_plan(PlanParameters("Lucía", "Fisioterapia Norte", str(ROOT / "data" / "riverside-physio-sales.csv"),
                                     today="2026-11-26", language="es"))
    health = "Un buen libro sobre el deporte o la afición que le encanta"
    assert (plan.language, plan.reward) == ("es", health)
    files = plan_files(plan)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(files["plan.pdf"])).pages)
    text = " ".join(text.split())
    assert "Fisioterapia Norte: plan de recomendaciones, ronda 1" in text
    assert "Todos contactados antes del vie, 4 dic 2026" in text and "Qué decir" in text
    first = plan.customers[0].name.split()[0]
    assert first in text and "Agradecimiento por una recomendación: ____" in text  # a suggestion is not the plan
    assert plan.reward not in text and "sugerencia" not in text
    events = Calendar.from_ical(files["plan.ics"]).walk("VEVENT")
    spoken = " ".join(str(events[0]["DESCRIPTION"]).split())
    assert f"Cuando llames a {plan.customers[0].name.split()[0]}: «" in spoken and "se lo digo con sinceridad" in spoken
    assert "uno de los clientes" not in spoken + text  # no gender for the customer
    summaries = [str(e["SUMMARY"]) for e in events]
    assert summaries[-1] == "Fecha límite del reto de recomendaciones: los 10 contactados"
    assert all(s.startswith("Pedir recomendación: ") and s.endswith("(Teléfono)") for s in summaries[:-1])
    assert "¿Se le ocurre alguien?" in str(events[0]["DESCRIPTION"])
    header = files["call-sheet.csv"].decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Día,Cliente,Teléfono,Correo,Dirección,Forma de contacto")

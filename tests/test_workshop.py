"""Workshop rules: who may join, whose plan a browser opens, the roster, the room and the zip."""

import io
import zipfile

import pytest
from conftest import DATA, workshop_store

from workbook.errors import InputError
from workbook.journey import import_export
from workbook.settings import WORKSHOP_ENV
from workbook.store import Participants
from workbook.workshop.participants import (
    OWNER,
    add_roster,
    cookie,
    is_coach,
    join,
    plans_zip,
    progress,
    same_secret,
    visitor_owner,
)


@pytest.fixture
def store(tmp_path, monkeypatch):
    yield from workshop_store(tmp_path, monkeypatch, "BAKE")


def test_joining_needs_the_code_and_a_name(store):
    with pytest.raises(InputError, match="not this workshop's code"):
        join(store, "CAKE", "Ana Ruiz")
    with pytest.raises(InputError, match="give your name"):
        join(store, "bake", "   ")
    with pytest.raises(InputError, match="give your name"):
        join(store, "bake", "x" * 81)
    ana = join(store, " ba-ke ", "  Ana   Ruiz ")  # spaces and dashes in the code are the reader's
    assert ana.name == "Ana Ruiz" and ana.joined_at and len(ana.token) >= 40
    again = join(store, "BAKE", "Ana Ruiz")  # the same name again is someone else, never Ana's plan
    assert again.id != ana.id and again.token != ana.token


def test_a_browser_opens_only_the_plan_whose_secret_it_holds(store, monkeypatch):
    ana = join(store, "BAKE", "Ana Ruiz")
    assert visitor_owner(f"_xsrf=abc; wb_participant={ana.token}", store) == ana.id
    for header in (None, "", f"wb_participant={ana.id}", "wb_participant=guess", "wb_participant=\"\\x", 'a="'):
        assert visitor_owner(header, store) is None
    monkeypatch.delenv(WORKSHOP_ENV)
    assert visitor_owner(None, store) == OWNER  # an owner alone, no workshop
    assert cookie("a=1; b=2", "b") == "2" and cookie("junk===;;", "b") == ""


def test_the_coach_is_known_by_the_token():
    assert not same_secret("", "") and not same_secret(None, "x") and same_secret("x", "x")


def test_coach_cookie(store):
    assert is_coach("wb_coach=coach-token") and not is_coach("wb_coach=coach") and not is_coach(None)


def test_a_roster_creates_participants_ready_to_go_and_names_its_problems(store):
    created, problems = add_roster(store, DATA / "roster.csv")
    assert len(created) == 12
    assert any(p.startswith("Rui Tanaka: broken-export.csv, row 2") for p in problems)
    leo = next(p for p in created if p.name == "Leo Brandt")
    typed = join(store, "BAKE", "LEO BRANDT")  # a typed roster name is a new place: Leo's opens by his link only
    assert typed.id != leo.id and store.load_plan(typed.id) is None and Participants(store).by_token(leo.token) == leo
    plan = store.load_plan(leo.id)
    assert plan.business == "Riverside Physiotherapy" and plan.deadline_choice == "two_weeks"
    assert {c.method for c in plan.customers} == {"phone"} and not plan.problems()
    again, problems = add_roster(store, DATA / "roster.csv")  # a second import adds nobody twice
    assert again == [] and len(Participants(store).all()) == 13
    jonah = next(p for p in created if p.name == "Jonah Weiss")
    assert store.language(jonah.id) == "de" and store.load_plan(jonah.id).language == "de"
    assert store.load_plan(jonah.id).currency == "EUR" and store.language(leo.id) == "en"


def test_the_room_and_the_zip_of_ready_plans(store):
    add_roster(store, DATA / "roster.csv")
    cleo = join(store, "BAKE", "Cleo Park")
    import_export(store, cleo.id, DATA / "riverside-physio-sales.csv", "Cleo's Clinic")
    store.save_step(cleo.id, 4)
    rows = {r.participant.name: r for r in progress(store)}
    assert len(rows) == 13 and rows["Cleo Park"].step == 4 and rows["Cleo Park"].customers == 10
    assert not rows["Cleo Park"].ready and not rows["Rui Tanaka"].ready and rows["Hana Okafor"].ready
    archive = zipfile.ZipFile(io.BytesIO(plans_zip(store)))
    folders = {name.split("/")[0] for name in archive.namelist()}
    assert len(folders) == sum(r.ready for r in rows.values()) == 11
    hana = next(f for f in folders if f.startswith("hana-okafor-"))
    assert b"Crumb & Co. Bakery" in archive.read(f"{hana}/plan.json")
    assert archive.read(f"{hana}/plan.pdf").startswith(b"%PDF")


def test_the_room_shows_follow_through_once_logged(store):
    import datetime as dt

    from workbook.follow.followthrough import record

    created, _problems = add_roster(store, DATA / "roster.csv")
    hana = next(p for p in created if p.name == "Hana Okafor")
    assert next(r for r in progress(store) if r.participant.id == hana.id).results is None
    first = store.load_plan(hana.id).customers[0].name
    record(store, hana.id, "contact", {"customer": first, "outcome": "agreed"}, dt.date(2026, 11, 30))
    record(store, hana.id, "referral", {"by": first, "friend": "Pat Doe"}, dt.date(2026, 12, 1))
    row = next(r for r in progress(store) if r.participant.id == hana.id)
    assert (row.results.contacts_made, row.results.referrals, row.results.planned) == (1, 1, 10)

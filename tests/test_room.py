"""A coach's room: the address the room joins at, where each participant is and since when, and the coach's page
drawing itself again (the table and the projector view)."""

import datetime as dt
import ipaddress
import re
import socket
import sqlite3
import time

import pytest
from conftest import DATA, workshop_store

from workbook.app.coach import CoachView
from workbook.app.fragments import progress_table
from workbook.business import OWN, save_details
from workbook.challenge.steps import step_names
from workbook.follow.logbook import Logbook
from workbook.i18n import set_language
from workbook.journey import import_export
from workbook.serve.launch import is_loopback, lan_address, open_workshop, room_address
from workbook.settings import COACH_ENV, JOIN_ENV, WORKSHOP_ENV
from workbook.store import MIGRATIONS, Store
from workbook.workshop.participants import STUCK_AFTER, add_roster, join, progress

LAN = "192.168.1.20"


@pytest.fixture
def store(tmp_path, monkeypatch):
    yield from workshop_store(tmp_path, monkeypatch, "BAKE1234")


def test_the_room_joins_at_this_machines_address_on_the_network():
    def lan():
        return LAN

    assert room_address("0.0.0.0", 8866, find_lan=lan) == (f"http://{LAN}:8866", True)
    assert room_address("::", 8866, "/", lan) == (f"http://{LAN}:8866", True)
    assert room_address("10.0.0.5", 9000, "/hub/user/", lan) == ("http://10.0.0.5:9000/hub/user", True)
    assert room_address("fd00::5", 8866, find_lan=lan) == ("http://[fd00::5]:8866", True)
    assert room_address("class.example.org", 80, find_lan=lan) == ("http://class.example.org:80", True)
    for host in ("127.0.0.1", "localhost", "::1", "[::1]", "127.0.1.1"):  # this machine only, whatever the network
        assert room_address(host, 8866, find_lan=lan) == ("http://localhost:8866", False), host
        assert is_loopback(host)
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.20")
    assert room_address("0.0.0.0", 8866, find_lan=lambda: None) == (f"http://{socket.gethostname()}:8866", True)


def test_this_machines_address_is_found_without_asking_anyone():
    found = lan_address()  # a UDP "connect" sends nothing: this works with no network at all (then None or the name's)
    if found is not None:
        address = ipaddress.ip_address(found)
        assert address.version == 4 and not address.is_loopback and not address.is_unspecified


def test_the_workshop_says_where_to_join_and_whether_the_room_can(tmp_path, capsys):
    env = open_workshop("BAKE1234", "secret-token", None, tmp_path, "0.0.0.0", 8866, find_lan=lambda: LAN)
    said = capsys.readouterr().out
    assert f"Participants join at http://{LAN}:8866/join\n" in said
    assert f"Coach page: http://{LAN}:8866/coach?token=secret-token" in said and "localhost" not in said
    assert "only on this machine" not in said
    assert env == {WORKSHOP_ENV: "BAKE1234", COACH_ENV: "secret-token", JOIN_ENV: f"http://{LAN}:8866/join"}

    env = open_workshop("bake1234", None, None, tmp_path, "127.0.0.1", 8866, find_lan=lambda: LAN)
    said = capsys.readouterr().out
    assert "Participants join at http://localhost:8866/join\n" in said and LAN not in said
    assert "works only on this machine" in said and "--host 0.0.0.0" in said
    assert env[JOIN_ENV] == "http://localhost:8866/join" and env[WORKSHOP_ENV] == "BAKE1234"


def backdate(store, owner, **columns):
    """Move ``owner``'s kept moments back (the test cannot wait ten minutes)."""
    for column, value in columns.items():
        table, key = ("participants", "id") if column == "joined_at" else ("plans", "owner")
        store.connection.execute(f"UPDATE {table} SET {column} = ? WHERE {key} = ?", (value, owner))


def test_the_store_keeps_since_when_each_is_on_their_step_and_when_they_were_last_active(store):
    cleo = join(store, "BAKE1234", "Cleo Park")
    import_export(store, cleo.id, DATA / "riverside-physio-sales.csv")
    store.save_step(cleo.id, 3)
    first = store.activity()[cleo.id]
    assert first.step == 3 and first.step_since and first.active_at
    assert dt.datetime.now(dt.UTC) - first.step_since < dt.timedelta(seconds=5)
    backdate(store, cleo.id, step_since="2026-01-01T09:00:00+00:00", active_at="2026-01-01T09:00:00+00:00")
    store.save_step(cleo.id, 3)  # the same step again: on it since then, but active now
    again = store.activity()[cleo.id]
    assert again.step_since == dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC) and again.active_at >= first.step_since
    backdate(store, cleo.id, active_at="2026-01-01T09:00:00+00:00")
    save_details(store, cleo.id, OWN, business="Cleo's Clinic")  # a change to the plan: active, on the same step
    changed = store.activity()[cleo.id]
    assert changed.active_at >= first.active_at > again.step_since
    assert changed.step_since == again.step_since
    store.save_step(cleo.id, 4)  # another step: since now
    assert store.activity()[cleo.id].step_since > again.step_since
    backdate(store, cleo.id, active_at="2026-01-01T09:00:00+00:00")
    Logbook(store, cleo.id).record_contact(1, "someone", dt.date(2026, 12, 2), "phone", "agreed")  # following through
    followed = store.activity()[cleo.id]
    assert followed.active_at > again.step_since and followed.step == 4


def test_a_store_of_before_keeps_its_plans_with_their_last_save_as_their_moments(tmp_path):
    path = tmp_path / "v6.sqlite"
    db = sqlite3.connect(path)
    db.executescript("".join(MIGRATIONS[:6]) + "PRAGMA user_version=6;")
    db.execute("INSERT INTO plans (owner, plan, step, updated_at) VALUES ('p-1', '{}', 4, '2026-11-01T10:00:00+00:00')")
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.schema_version == len(MIGRATIONS) == 7
        kept = store.activity()["p-1"]
        assert kept.step == 4 and kept.step_since == kept.active_at == dt.datetime(2026, 11, 1, 10, tzinfo=dt.UTC)


def test_the_rooms_rows_say_who_joined_when_where_they_are_since_when_and_who_is_stuck(store):
    created, _problems = add_roster(store, DATA / "roster.csv")
    hana = next(p for p in created if p.name == "Hana Okafor")  # from the roster, plan ready, not here yet
    cleo = join(store, "BAKE1234", "Cleo Park")  # typed her business in the app
    import_export(store, cleo.id, DATA / "riverside-physio-sales.csv")
    save_details(store, cleo.id, OWN, business="Cleo's Clinic")
    store.save_step(cleo.id, 3)
    dan = join(store, "BAKE1234", "Dan Moss")  # tried a demo business, named none of his own
    import_export(store, dan.id, DATA / "crumb-and-co-bakery-shopify-orders.csv", demo="Crumb & Co. Bakery")
    eve = join(store, "BAKE1234", "Eve Stone")  # joined, nothing read yet
    store.save_language(eve.id, "fr")
    now = dt.datetime.now(dt.UTC)
    rows = {r.participant.name: r for r in progress(store, now)}

    assert rows["Cleo Park"].business == "Cleo's Clinic"  # what she typed, over her export's
    assert rows["Dan Moss"].business == store.load_plan(dan.id).business == "Crumb & Co. Bakery"  # his plan's
    assert rows["Hana Okafor"].business == "Crumb & Co. Bakery"  # the roster's
    assert rows["Eve Stone"].business == "" and rows["Eve Stone"].language == "fr"
    assert rows["Jonah Weiss"].language == "de" and rows["Cleo Park"].language == "en"

    hana_row, cleo_row, eve_row = rows["Hana Okafor"], rows["Cleo Park"], rows["Eve Stone"]
    assert hana_row.joined is None and hana_row.active is None and not hana_row.stuck and hana_row.ready
    assert cleo_row.joined and cleo_row.step == 3 and cleo_row.joined <= cleo_row.step_since <= cleo_row.active
    assert eve_row.step == 0 and eve_row.step_since == eve_row.joined == eve_row.active  # no plan: since joining
    assert not any(r.stuck for r in rows.values())

    later = now + STUCK_AFTER + dt.timedelta(minutes=1)
    stuck = {r.participant.name for r in progress(store, later) if r.stuck}
    assert stuck == {"Cleo Park", "Dan Moss", "Eve Stone"}  # Hana has not come; nobody with a plan ready is stuck
    store.save_step(cleo.id, 4)  # Cleo moves on: on her new step since now
    assert "Cleo Park" not in {r.participant.name for r in progress(store, now + dt.timedelta(minutes=5)) if r.stuck}

    backdate(store, hana.id, step_since="2026-01-01T09:00:00+00:00", active_at="2026-01-01T09:00:00+00:00",
             joined_at=(now - dt.timedelta(minutes=2)).isoformat(timespec="seconds"))
    hana_row = next(r for r in progress(store, now) if r.participant.id == hana.id)  # the roster's moments are older
    assert hana_row.active == hana_row.step_since == hana_row.joined and not hana_row.stuck


def test_the_room_table_shows_times_and_marks_the_stuck_in_words(store):
    cleo = join(store, "BAKE1234", "Cleo <b>Park</b>")
    import_export(store, cleo.id, DATA / "riverside-physio-sales.csv")
    store.save_step(cleo.id, 2)
    add_roster(store, DATA / "roster.csv")
    now = dt.datetime.now(dt.UTC)
    table = progress_table(progress(store, now), step_names(), now)
    assert "Cleo &lt;b&gt;Park&lt;/b&gt;" in table and "<b>Park" not in table
    cleo_row = next(row for row in table.split("<tr")[1:] if "Cleo" in row)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", cleo_row)
    assert re.fullmatch(r"\d{1,2}:\d{2}", cells[3]) and "joined" not in cells[3]  # a time
    assert cells[4] == "just now" and cells[2] == "English" and cells[5].startswith("3. ")
    assert cells[6].startswith("under a minute, since ") and "stuck" not in cleo_row
    assert "1 has joined" in table

    later = now + dt.timedelta(minutes=12)
    table = progress_table(progress(store, later), step_names(), later)
    cleo_row = next(row for row in table.split("<tr")[1:] if "Cleo" in row)
    assert "wb-row-stuck" in cleo_row and ">stuck</span>" in cleo_row and "12 min, since" in cleo_row
    assert "12 min ago" in cleo_row
    assert "1 participant has been on one step for more than ten minutes: Cleo &lt;b&gt;Park&lt;/b&gt;." in table
    hana_row = next(row for row in table.split("<tr")[1:] if "Hana" in row)
    assert "not yet" in hana_row and "stuck" not in hana_row


def test_the_coachs_page_draws_itself_again_until_it_is_closed(store, monkeypatch):
    monkeypatch.setenv(JOIN_ENV, f"http://{LAN}:8866/join")
    add_roster(store, DATA / "roster.csv")
    view = CoachView(redraw_seconds=0.1)
    assert "Hana Okafor" in view.table.value and "Cleo" not in view.table.value
    assert "BAKE1234" in view.projector.value and f"http://{LAN}:8866/join" in view.projector.value
    assert "<svg" in view.projector.value and "0 have joined" in view.projector.value
    assert view.projector.layout.display == "none" and view.room.layout.display is None
    view.show_projector(True)
    assert view.projector.layout.display is None and view.room.layout.display == "none"

    join(store, "BAKE1234", "Cleo Park")  # someone comes in: the page shows them without a click
    deadline = time.monotonic() + 5
    while "Cleo Park" not in view.table.value and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "Cleo Park" in view.table.value and "1 has joined" in view.projector.value
    assert view.every.running

    view.widget.close()  # the page went: no more redraws
    assert not view.every.running
    time.sleep(0.3)  # a redraw under way as it closed ends
    join(store, "BAKE1234", "Dan Moss")
    time.sleep(0.4)
    assert "Dan Moss" not in view.table.value


def test_the_coachs_page_speaks_the_coachs_language(store, monkeypatch):
    monkeypatch.setenv(JOIN_ENV, f"http://{LAN}:8866/join")
    join(store, "BAKE1234", "Cleo Park")
    set_language("de")
    view = CoachView(redraw_seconds=60)
    try:
        assert "Zuletzt aktiv" in view.table.value and "Workshop-Code" in view.projector.value
        assert "Last active" not in view.table.value and "Workshop code" not in view.projector.value
    finally:
        view.widget.close()

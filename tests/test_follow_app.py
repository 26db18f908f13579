"""The follow-through widgets without a browser: every section draws, and entries are saved."""

import datetime as dt

from conftest import DATA

from workbook.app.follow import SECTIONS, FollowApp
from workbook.follow.logbook import Logbook
from workbook.journey import import_export, set_defaults
from workbook.settings import DATA_ENV
from workbook.store import open_store


def test_every_section_draws_and_saves(tmp_path, monkeypatch):
    monkeypatch.setenv(DATA_ENV, str(tmp_path))
    with open_store() as store:
        import_export(store, "owner", DATA / "riverside-physio-sales.csv", "Riverside Physiotherapy",
                      today=dt.date.today() - dt.timedelta(days=20))
        set_defaults(store, "owner", "A book", "A free assessment", "one_week", "phone")
    app = FollowApp("owner")
    for index in range(len(SECTIONS) - 1):
        app.menu.value = index
        assert f"wb-follow-{index}" in app.body.children[0]._dom_classes
    app.menu.value = SECTIONS.index("Checklist")
    page = app.body.children[0]
    assert "Overdue: " in page.children[0].value  # the deadline has passed
    outcome = page.children[1].children[1]
    outcome.value = "agreed"
    assert "Saved: " in app.saved.value and "agreed to refer" in app.saved.value
    assert "<span class='wb-badge wb-done'>Done</span>" in app.body.children[0].children[1].children[0].value
    first = app.store.load_plan("owner").customers[0]
    assert Logbook(app.store, "owner").contacts(1)[first.key].outcome == "agreed"
    app.save("referral", friend="Pat Doe", by=first.key, how="phoned")
    assert f"Thank {first.name} today" in app.saved.value
    app.menu.value = SECTIONS.index("Thank-yous")
    assert "Thank today:" in app.body.children[0].children[0].value
    app.save("thanks", friend="Pat Doe", how="Card", gift="Boxing gloves", cost=30)
    app.save("referral", friend="Lee Roe", by=first.key)
    app.menu.value = SECTIONS.index("Thank-yous")
    page = app.body.children[0]
    page.children[3].value = "boxing gloves"  # the gift field: a warning appears at once
    assert "has had &#x27;boxing gloves&#x27; from you before (Boxing gloves on" in page.children[4].value
    app.save("referral", friend="", by=first.key)
    assert "say who was referred" in app.saved.value
    app.menu.value = SECTIONS.index("Referrals")
    by = app.body.children[0].children[2]
    assert by.label == "Choose who referred them…"
    app.body.children[0].children[1].value = "Ida Moss"
    app.body.children[0].children[5].click()  # "Record referral" with nobody chosen and no card's code
    assert "say who referred them" in app.saved.value
    app.body.children[0].children[3].value = "ZZ-ZZZZ"  # a code no friend card has
    app.body.children[0].children[5].click()
    assert "no friend card has the code" in app.saved.value
    app.menu.value = SECTIONS.index("Results")
    assert "wb-chain" in app.body.children[0].value


def test_todays_page_lists_who_is_due_and_saves_an_outcome_with_one_tap(tmp_path, monkeypatch):
    from workbook.app.today import TodayApp

    monkeypatch.setenv(DATA_ENV, str(tmp_path))
    started = dt.date(2026, 11, 23)  # a Monday
    with open_store() as store:
        import_export(store, "owner", DATA / "riverside-physio-sales.csv", "Riverside Physiotherapy", today=started)
        set_defaults(store, "owner", "A book", "A free assessment", "one_week", "phone")
        plan = store.load_plan("owner")
    tuesday = started + dt.timedelta(days=2)  # the Wednesday: the calls start on the Tuesday, the next working day
    due = [c for c in plan.customers if c.contact_day <= tuesday]
    page = TodayApp("owner", today=tuesday)
    heading, *cards, _links = page.widget.children
    assert heading.value.startswith("<h1>Today, Wednesday, 25 November 2026</h1>")
    assert f"{len(due)} to contact" in heading.value
    assert len(cards) == len(due)
    card = cards[0].children[0].value
    assert f"href='tel:{due[0].phone.replace(' ', '')}'" in card and "Call " + due[0].phone in card
    assert "<summary>What to say</summary>" in card and "overdue" in card  # Tuesday's call was not made yet
    cards[0].children[1].value = "no_answer"
    assert "Saved: " in cards[0].children[2].value and "no answer" in cards[0].children[2].value
    again = TodayApp("owner", today=tuesday)  # a reload: the outcome is there, the card stays for today
    assert again.widget.children[-2].children[1].value == "no_answer"
    heading = again.widget.children[0].value
    assert "left" not in heading and f"{len(due) - 1} to contact" in heading

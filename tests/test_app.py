"""The app's widgets without a browser: every step draws, from a fresh store and a full one."""

from conftest import DATA

from workbook.app.challenge import ChallengeApp
from workbook.challenge.steps import STEPS
from workbook.settings import DATA_ENV, DEMO_ENV


def test_every_step_draws_and_the_step_is_remembered(tmp_path, monkeypatch):
    monkeypatch.setenv(DATA_ENV, str(tmp_path))
    monkeypatch.setenv(DEMO_ENV, str(DATA))
    app = ChallengeApp()
    app.show(5)
    assert app.step == 1  # nothing past the upload without customers
    app.bring([DATA / "riverside-physio-sales.csv"], "Riverside Physiotherapy")
    assert app.step == 2 and "Read riverside-physio-sales.csv" in app.message.value
    for step in range(len(STEPS)):
        app.show(step)
        assert f"wb-page-{step}" in app.body.children[0]._dom_classes
    assert ChallengeApp().step == len(STEPS) - 1


def test_a_customer_without_a_method_shows_the_prompt(tmp_path, monkeypatch):
    monkeypatch.setenv(DATA_ENV, str(tmp_path))
    app = ChallengeApp()
    app.bring([DATA / "riverside-physio-sales.csv"], "Riverside Physiotherapy")
    app.show(4)
    pick = app.body.children[0].children[4].children[1]
    assert pick.label == "Choose how…"  # not a blank box
    pick.value = "visit"
    pick.value = ""  # back to no method: saved as none, not as an unknown method
    assert app.plan.customers[0].method is None


def test_the_column_question_starts_on_the_best_guess_and_keeps_the_answers(tmp_path, monkeypatch):
    monkeypatch.setenv(DATA_ENV, str(tmp_path))
    odd = tmp_path / "odd.csv"
    odd.write_text("Who,When,Paid\nAnn Lee,2026-10-02,50\nBo Chen,2026-10-03,70\n")
    app = ChallengeApp()
    app.bring([odd], "Odd")
    _label, *pickers, preview, again = app.fix.children
    values = {p.description: p.value for p in pickers}
    assert values == {"Customer name": "", "Email": "", "Phone": "", "Date of sale": "When", "Amount": "Paid",
                      "Product or service": ""}
    assert "2 Oct 2026" in preview.value and "50.00" in preview.value
    pickers[0].value = "Who"
    assert "Ann Lee" in preview.value
    again.click()
    assert app.step == 2 and ChallengeApp().uploads.answers == {
        "odd.csv": {"columns": {"customer": "Who", "email": "", "phone": "", "date": "When", "amount": "Paid",
                                "product": ""}}}


def test_an_idea_is_one_tap_and_the_kind_changes_the_ideas(tmp_path, monkeypatch):
    from workbook.challenge.kinds import ideas

    monkeypatch.setenv(DATA_ENV, str(tmp_path))
    app = ChallengeApp()
    app.bring([DATA / "riverside-physio-sales.csv"], "Riverside Physiotherapy")
    app.show(5)

    def idea_buttons():
        return [b for b in walk(app.body) if "wb-idea" in getattr(b, "_dom_classes", ())]

    second = idea_buttons()[1]
    assert second.description == ideas("health", "reward")[1]
    second.click()
    assert app.plan.reward == ideas("health", "reward")[1] and "reward" not in app.plan.suggested
    kind = next(w for w in walk(app.body) if getattr(w, "description", "") == "Kind of business")
    kind.value = "trades"
    assert app.plan.friend_offer == ideas("trades", "friend_offer")[0]  # a suggestion follows the kind
    assert app.plan.reward == ideas("health", "reward")[1]  # what was chosen stays
    assert idea_buttons()[0].description == ideas("trades", "reward")[0]


def walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)

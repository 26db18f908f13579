"""The app in the owner's language, in a real browser: the journey in German on the German demo practice, the
language picker, a workshop's language, and a browser language the workbook does not speak."""

import re

import pytest
from browser import SHOTS, chromium, running_app
from icalendar import Calendar
from pypdf import PdfReader

pytestmark = pytest.mark.browser

PRAXIS = "Physiotherapie am Lindenplatz"


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def open_page(browser, url, locale="en-GB", width=1280):
    context = browser.new_context(locale=locale, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(url, timeout=90_000)
    page.wait_for_selector(".wb-steps, .wb-join", timeout=90_000)
    return page


def step(page, number, button="Weiter"):
    page.get_by_role("button", name=button).click()
    page.locator(f".wb-page-{number}").wait_for(timeout=30_000)


def test_the_journey_in_german_on_the_german_practice(browser, tmp_path):
    SHOTS.mkdir(exist_ok=True)
    with running_app(tmp_path) as url:
        page = open_page(browser, url, "de-DE")
        assert page.locator("html").get_attribute("lang") == "de"
        assert "Ihre besten Kunden kennen Ihre nächsten besten Kunden" in page.inner_text("body")
        assert "Die Empfehlungs-Challenge fürs Wochenende" in page.inner_text(".wb-tagline")
        assert page.locator(".wb-steps").inner_text().split("\n")[:3] == ["1. Willkommen", "2. Ihre Kunden",
                                                                          "3. Top Ten"]
        page.screenshot(path=SHOTS / "de-step0-welcome.png", full_page=True)
        step(page, 1)
        page.get_by_label("Beispielbetrieb").select_option(label=PRAXIS)
        page.get_by_role("button", name="Diesen Beispielbetrieb verwenden").click()
        page.wait_for_selector("table.wb-table", timeout=60_000)
        body = page.inner_text("body")
        assert "Ihre 10 besten Kunden" in body and "Aus physiotherapie-am-lindenplatz.csv." in body
        first = page.locator("table.wb-table tbody tr").first.inner_text()
        assert re.search(r"18\.267,50\s€", first) and re.search(r"\d{1,2}\. \w+\.? 2026|\d\d\.\d\d\.2026", first)
        assert page.get_by_label("Beträge in").input_value() == "EUR"
        page.screenshot(path=SHOTS / "de-step2-top-ten.png", full_page=True)

        step(page, 3)
        assert "vor " in page.inner_text("table.wb-table")
        assert "Denken Sie einen Schritt voraus" in page.inner_text("body")
        page.screenshot(path=SHOTS / "de-step3-last-purchase.png", full_page=True)

        step(page, 4)
        prospect = page.get_by_label("Von wem hätten Sie gern mehr?")
        prospect.fill("Läuferinnen und Läufer, die für einen Marathon trainieren")
        prospect.press("Tab")
        for select in page.locator("select").all():
            if select.evaluate("s => [...s.options].some(o => o.text === 'Telefon')"):
                select.select_option(label="Telefon")
        page.get_by_text("Jeder Kunde hat eine Kontaktart.").wait_for(timeout=30_000)
        page.locator(".wb-track summary").first.click()
        track = page.locator(".wb-track ol").first.inner_text()
        first = page.locator(".wb-who").first.inner_text().split()[0]
        assert track.startswith(f"Wenn Sie {first} anrufen: „") and "Sie gehören zu den Kunden" in track
        assert "für Läuferinnen und Läufer, die für einen Marathon trainieren" in track
        page.screenshot(path=SHOTS / "de-step4-contact.png", full_page=True)

        step(page, 5)
        reward = page.get_by_label("Ihr Dankeschön für eine Empfehlung")
        reward.fill("10 % Rabatt auf die nächste Behandlung")
        reward.press("Enter")
        page.locator(".wb-note", has_text="persönliches Geschenk").wait_for(timeout=30_000)
        reward.fill("Ein gutes Buch übers Laufen")
        reward.press("Enter")
        offer = page.get_by_label("Was der Freund angeboten bekommt")
        offer.fill("Eine kostenlose Probestunde")
        offer.press("Enter")
        page.locator(".wb-note", has_text="persönliches Geschenk").wait_for(state="detached", timeout=30_000)
        page.locator(".wb-note", has_text="Noch der Vorschlag").wait_for(state="detached", timeout=30_000)
        page.screenshot(path=SHOTS / "de-step5-offers.png", full_page=True)

        step(page, 6)
        choice = page.get_by_text(re.compile(r"^Eine Woche: bis Freitag, "))
        choice.click()
        page.locator(".wb-page-6 select").first.wait_for(timeout=30_000)
        page.screenshot(path=SHOTS / "de-step6-deadline.png", full_page=True)

        step(page, 7)
        page.get_by_text("Ihr Plan ist fertig").wait_for(timeout=30_000)
        page.screenshot(path=SHOTS / "de-step7-plan.png", full_page=True)
        files = {}
        for label in ("Plan (PDF)", "Kalender", "Anrufliste (CSV)"):
            with page.expect_download() as download:
                page.get_by_role("link", name=label).click()
            files[label] = tmp_path / download.value.suggested_filename
            download.value.save_as(files[label])
        pdf = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(files["Plan (PDF)"]).pages)
        assert f"{PRAXIS}: Empfehlungsplan, Runde 1" in pdf and "Was Sie sagen" in pdf
        assert "Ein gutes Buch übers Laufen" in pdf and "Alle kontaktiert bis Fr., " in pdf
        events = Calendar.from_ical(files["Kalender"].read_bytes()).walk("VEVENT")
        assert all(str(e["SUMMARY"]).startswith(("Empfehlungsgespräch: ", "Frist der Empfehlungs-Challenge"))
                   for e in events)
        assert files["Anrufliste (CSV)"].read_text("utf-8-sig").startswith("Tag,Kunde,Telefon,E-Mail,Adresse")
        page.context.close()


def test_the_language_picker_switches_and_remembers(browser, tmp_path):
    with running_app(tmp_path) as url:
        page = open_page(browser, url, "en-GB")
        assert page.locator("html").get_attribute("lang") == "en"
        page.locator(".wb-languages summary").click()  # a small menu, opened on the current language's name
        page.get_by_role("button", name="Español").click()  # a POST with the page's token: kept for the owner
        page.get_by_text("Tus mejores clientes conocen a tus próximos mejores clientes").wait_for(timeout=90_000)
        assert page.url == url and page.locator("html").get_attribute("lang") == "es"
        assert page.locator(".wb-languages summary").inner_text().endswith("Español")
        assert page.locator(".wb-languages button[lang=es]").get_attribute("aria-current") == "true"
        page.reload()
        page.get_by_text("Tus mejores clientes").wait_for(timeout=90_000)
        page.goto(url + "?lang=xx")  # not a language of the workbook: nothing changes
        page.get_by_text("Tus mejores clientes").wait_for(timeout=90_000)
        step(page, 1, "Siguiente")
        assert "Sube la exportación de ventas" in page.inner_text("body")
        page.context.close()


def test_a_workshop_speaks_its_language_and_each_participant_may_switch(browser, tmp_path):
    with running_app(tmp_path, options=("--workshop", "salle-1", "--lang", "fr")) as url:
        page = open_page(browser, url + "join", "en-GB")
        assert page.locator("html").get_attribute("lang") == "fr"
        assert "Rejoindre l'atelier" in page.inner_text("h1")
        page.get_by_label("Code de l'atelier").fill("SALLE-1")
        page.get_by_label("Votre nom").fill("Inès Morel")
        page.get_by_role("button", name="Rejoindre").click()
        page.get_by_text("Vos meilleurs clients connaissent vos prochains meilleurs clients").wait_for(timeout=90_000)
        page.locator(".wb-languages summary").click()
        page.get_by_role("button", name="Deutsch").click()
        page.get_by_text("Ihre besten Kunden kennen").wait_for(timeout=90_000)
        other = open_page(browser, url + "join", "es-ES")  # another participant: still the workshop's language
        assert "Rejoindre l'atelier" in other.inner_text("h1")
        other.locator(".wb-languages summary").click()
        other.get_by_role("link", name="Español").click()
        other.get_by_text("Unirse al taller").wait_for(timeout=30_000)
        page.context.close()
        other.context.close()


def test_a_browser_language_the_workbook_does_not_speak_gets_english(browser, tmp_path):
    with running_app(tmp_path) as url:
        page = open_page(browser, url, "ja-JP")
        assert page.locator("html").get_attribute("lang") == "en"
        assert "Your best customers know your next best customers" in page.inner_text("body")
        page.context.close()

"""The coach's page in a workshop: where everyone is (drawn again by itself every few seconds), a projector view of
how to join, every ready plan in one zip, and a roster to add."""

from __future__ import annotations

import base64
import datetime as dt

import ipywidgets as w

from .. import settings
from ..challenge.steps import step_names
from ..errors import InputError
from ..i18n import _, ngettext, set_language
from ..store import Store, open_store
from ..workshop.participants import COACH, is_coach, plans_zip, progress, visitor_language
from ..workshop.roster import import_roster_files
from . import fragments
from .widgets import Every

REDRAW_SECONDS = 5  # how often the coach's page is drawn again while it is open


def for_this_visitor() -> w.Widget:
    """The coach's page, for the browser holding the coach token (the server checks it first)."""
    with open_store() as store:
        set_language(visitor_language(store, COACH))
    if not is_coach(settings.request_cookies()):
        return w.HTML(fragments.message(_("This page is for the workshop's coach.")))
    return CoachView().widget


class CoachView:
    """The room at a glance, drawn again every :data:`REDRAW_SECONDS` while the page is open (the table, or on the
    projector the code, the join address and its QR code). Each button hands its work to
    :mod:`workbook.workshop.participants` and redraws."""

    def __init__(self, redraw_seconds: float = REDRAW_SECONDS) -> None:
        self.store = open_store()
        self.table = w.HTML()
        self.table.add_class("wb-room-html")  # its table scrolls in its own box (see the template's style)
        self.projector = w.HTML(layout=w.Layout(display="none"))
        self.message = w.HTML()
        self.download = w.HTML()
        refresh = w.Button(description=_("Refresh"), icon="refresh")
        refresh.on_click(lambda _click: self.refresh())
        prepare = w.Button(description=_("Zip of all ready plans"), icon="download", layout=w.Layout(width="auto"))
        prepare.on_click(lambda _click: self.zip_plans())
        shown = w.ToggleButton(description=_("Projector view"), icon="television", layout=w.Layout(width="auto"))
        shown.observe(lambda change: self.show_projector(change["new"]), names="value")
        shown.add_class("wb-coach-projector")
        roster = w.FileUpload(accept=".csv,.xlsx,.zip", multiple=True, description=_("Import roster"))
        roster.observe(lambda change: self.import_roster(change["new"]), names="value")
        about = _("A CSV or Excel sheet with a participant column (and optionally business and language), with the "
                  "exports its data_file column names: choose them together with the roster, or upload one zip of "
                  "the roster and its files. Each participant gets a personal link above to hand out: their place "
                  "opens only through it (someone typing a roster name at the join page gets a new place of their "
                  "own).")
        updates = _("This page updates by itself every {count} seconds.").format(count=int(redraw_seconds))
        self.room = w.VBox([
            self.download, self.table,
            w.HTML(fragments.element("h2", _("Add participants from a roster")) + fragments.element("p", about)),
            roster, self.message])
        self.widget = w.VBox([
            w.HTML(fragments.language_links() + fragments.element("h1", _("Your workshop"))),
            w.HBox([refresh, prepare, shown], layout=w.Layout(flex_flow="row wrap")),
            w.HTML(fragments.element("p", updates, "class='wb-updates'")),
            self.projector, self.room], layout=w.Layout(max_width="980px"))
        self.every = Every(redraw_seconds, self.draw, self.widget)
        self.draw()
        self.every.start()

    def draw(self) -> None:
        """Draw the room as it is now (from a connection of its own to the page's store: this runs in the redraw's
        thread too); a part that has not changed is not sent again."""
        now = dt.datetime.now(dt.UTC)
        with Store(self.store.path) as store:
            rows = progress(store, now)
        table = fragments.progress_table(rows, step_names(), now)
        projector = fragments.projector(settings.workshop_code() or "", settings.join_address(),
                                        sum(r.joined is not None for r in rows))
        if self.table.value != table:
            self.table.value = table
        if self.projector.value != projector:
            self.projector.value = projector

    def refresh(self) -> None:
        """Draw now, and (if they had stopped) draw by itself again."""
        self.draw()
        self.every.start()

    def show_projector(self, shown: bool) -> None:
        """The projector view in place of the room's table, or the table again."""
        self.projector.layout.display = None if shown else "none"
        self.room.layout.display = "none" if shown else None

    def zip_plans(self) -> None:
        data = base64.b64encode(plans_zip(self.store)).decode()
        self.download.value = fragments.zip_link(data)
        self.draw()

    def import_roster(self, files: tuple) -> None:
        """The roster and its exports (or a zip of them) as uploaded: who was added, and every problem on a line of
        its own, with the roster row it came from (see :func:`workbook.workshop.roster.import_roster_files`)."""
        if not files:
            return
        try:
            done = import_roster_files(self.store, [(file["name"], bytes(file["content"])) for file in files], COACH)
        except InputError as error:
            self.message.value = fragments.message(str(error))
            return
        added = ngettext("{count} participant added.", "{count} participants added.", len(done.created)).format(
            count=len(done.created))
        self.message.value = (fragments.message(added, "ok")
                              + (fragments.message("\n".join(done.problems)) if done.problems else ""))
        self.draw()

"""The coach's page in a workshop: where everyone is, every ready plan in one zip, and a roster to add."""

from __future__ import annotations

import base64
import os

import ipywidgets as w

from . import html
from .errors import InputError
from .journey import STEPS, open_store, save_upload
from .workshop import add_roster, is_coach, plans_zip, progress

COACH = "coach"  # the uploads folder of rosters


def for_this_visitor() -> w.Widget:
    """The coach's page, for the browser holding the coach token (the server checks it first)."""
    if not is_coach(os.environ.get("HTTP_COOKIE")):
        return w.HTML(html.message("This page is for the workshop's coach."))
    return CoachView().widget


class CoachView:
    """The room at a glance. Each button hands its work to :mod:`workbook.workshop` and redraws."""

    def __init__(self) -> None:
        self.store = open_store()
        self.table = w.HTML()
        self.message = w.HTML()
        self.download = w.HTML()
        refresh = w.Button(description="Refresh", icon="refresh")
        refresh.on_click(lambda _: self.draw())
        prepare = w.Button(description="Zip of all ready plans", icon="download", layout=w.Layout(width="auto"))
        prepare.on_click(lambda _: self.zip_plans())
        roster = w.FileUpload(accept=".csv,.xlsx", multiple=False, description="Import roster")
        roster.observe(lambda change: self.import_roster(change["new"]), names="value")
        self.widget = w.VBox([
            w.HTML("<h1>Your workshop</h1>"), w.HBox([refresh, prepare]), self.download, self.table,
            w.HTML("<h2>Add participants from a roster</h2><p>A CSV or Excel sheet with a <em>participant</em> "
                   "column (and optionally business). Each gets a personal link above to hand out; anyone "
                   "joining under a roster name takes that place.</p>"),
            roster, self.message], layout=w.Layout(max_width="980px"))
        self.draw()

    def draw(self) -> None:
        self.table.value = html.progress_table(progress(self.store), STEPS)

    def zip_plans(self) -> None:
        data = base64.b64encode(plans_zip(self.store)).decode()
        self.download.value = html.zip_link(data)
        self.draw()

    def import_roster(self, files: tuple) -> None:
        if not files:
            return
        path = save_upload(COACH, files[0]["name"], bytes(files[0]["content"]))
        try:
            created, problems = add_roster(self.store, path)
        except InputError as error:
            self.message.value = html.message(str(error))
            return
        self.message.value = html.message(f"{len(created)} participants added. " + " ".join(problems), "ok")
        self.draw()

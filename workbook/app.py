"""The challenge app's widgets: each callback hands its work to :mod:`workbook.journey`."""

from __future__ import annotations

import ipywidgets as w

from . import html
from .demo import demo_businesses
from .journey import Imported, demo_dir, import_export, import_summary, open_store, reachable_step, save_upload

OWNER = "owner"
STEPS = ["Welcome", "Your customers", "Top ten"]
WELCOME = """
<div class='wb-card'>
<h2>Your best customers know your next best customers</h2>
<p>The people who already buy the most from you tend to know others like them: similar needs,
similar budgets. Customers who arrive by referral usually spend more, stay longer and refer in
turn. Most businesses just wait for referrals to happen; a written-down plan, worked through
on purpose, brings many times more.</p>
<p>Asking is not begging: a happy customer who introduces a friend is doing that friend a favour.
But they will rarely do it unasked, so this workbook helps you ask, well, within a week or two.</p>
<p><strong>You will leave with</strong> your ten best customers, what each bought last, how you will
contact each one, what they and their friend get, and a deadline. It takes about half an hour.</p>
</div>
"""


class ChallengeApp:
    """The owner's journey, one step on screen at a time, saved as it goes."""

    def __init__(self) -> None:
        self.store = open_store()
        self.steps = w.HTML()
        self.body = w.VBox()
        self.back = w.Button(description="Back", icon="arrow-left")
        self.next = w.Button(description="Next", button_style="primary", icon="arrow-right")
        self.back.on_click(lambda _: self.show(self.step - 1))
        self.next.on_click(lambda _: self.show(self.step + 1))
        self.demos = demo_businesses(demo_dir())
        self.demo_choice = w.Dropdown(options=list(self.demos), description="Demo business",
                                      style={"description_width": "initial"})
        self.use_demo = w.Button(description="Use this demo business", layout=w.Layout(width="auto"))
        self.use_demo.on_click(lambda _: self.imported(
            import_export(self.store, OWNER, self.demos[self.demo_choice.value], self.demo_choice.value)))
        self.upload = w.FileUpload(accept=".csv,.xlsx,.txt,.tsv", multiple=False, description="Upload export")
        self.upload.observe(lambda change: self.uploaded(change["new"]), names="value")
        self.message = w.HTML()
        self.ranking = w.HTML()
        self.widget = w.VBox([self.steps, self.body, w.HBox([self.back, self.next])])
        self.step = 0
        self.refresh_ranking()
        self.show(self.store.step(OWNER))

    def show(self, step: int) -> None:
        """Go to ``step`` (kept within range) and remember it."""
        self.step = reachable_step(step, len(STEPS), has_ranking=bool(self.ranking.value))
        self.steps.value = html.steps_bar(STEPS, self.step)
        self.body.children = self.pages()[self.step]
        self.back.disabled = self.step == 0
        self.next.disabled = self.step == len(STEPS) - 1 or (self.step == 1 and not self.ranking.value)
        self.store.save_step(OWNER, self.step)

    def pages(self) -> list[list[w.Widget]]:
        intro = w.HTML("<h2>Your customers</h2><p>Upload the sales or customer export from your shop or "
                       "accounts system (CSV or Excel), or try a demo business.</p>")
        return [
            [w.HTML(WELCOME)],
            [intro, w.HBox([self.demo_choice, self.use_demo]), self.upload, self.message],
            [w.HTML("<h2>Your top customers</h2><p>Ranked by what they spent with you.</p>"), self.ranking],
        ]

    def uploaded(self, files: tuple) -> None:
        if files:
            item = files[0]
            path = save_upload(OWNER, item["name"], bytes(item["content"]))
            self.imported(import_export(self.store, OWNER, path, path.stem))

    def imported(self, outcome: Imported) -> None:
        if outcome.error:
            self.message.value = html.message(outcome.error)
            return
        self.message.value = html.message(import_summary(outcome.result), "ok")
        self.refresh_ranking()
        self.show(2)

    def refresh_ranking(self) -> None:
        saved = self.store.load_ranking(OWNER)
        self.ranking.value = html.ranking_table(saved[0].head(10)) if saved else ""

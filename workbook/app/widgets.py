"""What the app's pages share: the style and layout models of their widgets, closing a page's widgets, the
gate of the pages that start from a plan, and whose page it is in a workshop."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import ipywidgets as w
from ipywidgets.widgets.widget_description import DescriptionStyle
from ipywidgets.widgets.widget_selection import ToggleButtonsStyle
from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

from .. import settings
from ..i18n import _, set_language
from ..logs import log
from ..store import Participants, open_store
from ..workshop.participants import visitor_language, visitor_owner
from . import fragments


class Looks:
    """Style and layout models that a page's widgets share: each widget would otherwise open two
    of its own, and a page of ten customers would send the browser a hundred models or more."""

    def __init__(self) -> None:
        self.html = HTMLStyle()
        self.plain = w.Layout()
        self.form = DescriptionStyle()  # labels in one column: their width is the template's (CSS)
        self.beside = DescriptionStyle(description_width="initial")  # a label as wide as its words, in a row
        self.beside_text = TextStyle(description_width="initial")
        self.form_text = TextStyle()
        self.field = w.Layout(width="100%", max_width="40em")  # inputs in the next, as wide as they need
        self.full = w.Layout(width="100%")
        self.grow = w.Layout(flex="1 1 16rem")
        self.row = w.Layout(flex_flow="row wrap", align_items="center", border_bottom="1px solid #d9dde3",
                            padding="6px 0")
        self.wrap = w.Layout(flex_flow="row wrap", align_items="center")
        self.button = w.Layout(width="auto", flex="0 0 auto")
        self.toggles = ToggleButtonsStyle(button_width="auto")
        self.card = w.Layout(border_bottom="1px solid #d9dde3", padding="6px 0 10px")

    def text(self, value: str, layout: w.Layout | None = None) -> w.HTML:
        """Text on the page, with the shared style and layout."""
        return w.HTML(value, style=self.html, layout=layout or self.plain)


def close_widgets(widget: w.Widget, keep: tuple[w.Widget, ...]) -> None:
    """Close a page's widgets (and their children, but not ``keep``) so neither kernel nor browser keeps them."""
    if any(widget is k for k in keep):
        return
    for child in getattr(widget, "children", ()):
        close_widgets(child, keep)
    widget.close()


class Every:
    """Call ``action`` every ``seconds`` while ``widget`` is open, in a thread of its own (the kernel goes on
    answering the page meanwhile): closing the widget or :meth:`stop` ends the calls, and so does ``lasting`` seconds
    gone by (a page that went away without saying would otherwise keep its kernel busy for good; :meth:`start`
    again). An action that fails is logged and tried again next time. ``action`` opens what it reads itself (a
    store's connection belongs to the thread that opened it)."""

    def __init__(self, seconds: float, action: Callable[[], None], widget: w.Widget,
                 lasting: float = 4 * 3600) -> None:
        self.seconds, self.action, self.widget, self.lasting = seconds, action, widget, lasting
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        widget.observe(lambda change: self.stop() if change["new"] is None else None, names="comm")

    def start(self) -> None:
        """Start the calls (again), unless they are under way or the widget is closed."""
        if self.running or self.widget.comm is None:
            return
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(self._stop,), name="workbook-every", daemon=True)
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and not self._stop.is_set()

    def stop(self) -> None:
        self._stop.set()

    def _run(self, stop: threading.Event) -> None:
        until = time.monotonic() + self.lasting
        while not stop.wait(self.seconds) and time.monotonic() < until:
            if self.widget.comm is None:
                break
            try:
                self.action()
            except Exception:  # a redraw that failed: the next one may well work (a store busy for a moment)
                log.exception("a page's timed redraw failed")
        stop.set()


def visitor_with_plan() -> str | w.Widget:
    """Whose plan the page is for (the same gate as the challenge), or what to show instead when there is none."""
    with open_store() as store:
        owner = visitor_owner(settings.request_cookies(), store)
        set_language(visitor_language(store, owner))
        has_plan = owner is not None and store.load_plan(owner) is not None
    if owner is None:
        return w.HTML(fragments.message(_("Join the workshop first, with its code and your name, at /join.")))
    if not has_plan:
        return w.HTML(whose_page(owner)
                      + fragments.message(_("Make your plan first: the follow-through starts from it."))
                      + fragments.links(("./", _("Go to the challenge"))))
    return owner


def whose_page(owner: str) -> str:
    """In a workshop, the line at the top of each of a participant's pages: their name and the workshop's (HTML);
    '' for an owner working alone."""
    if not settings.workshop_code():
        return ""
    with open_store() as store:
        participant = Participants(store).by_id(owner)
    return fragments.whose_line(participant.name if participant else None, settings.workshop_name())


def with_whose(owner: str, page: w.Widget) -> w.Widget:
    """``page`` under the line that says whose it is (:func:`whose_page`), when there is one."""
    line = whose_page(owner)
    return w.VBox([w.HTML(line), page]) if line else page

"""The app's pages as widgets, one module a page: the challenge (:mod:`.challenge`), following through
(:mod:`.follow`), the day's contacts (:mod:`.today`) and the coach's room (:mod:`.coach`); the HTML they show
(:mod:`.fragments`, :mod:`.follow_fragments`, from the Jinja templates in ``templates/``); what the pages share
(:mod:`.widgets`: the widgets' style models, closing a page, the gate of the pages that start from a plan).

Every callback hands its work to :mod:`workbook.journey` or :mod:`workbook.follow` and redraws from what was
saved. Only the notebooks import this package (and the server, for the pages outside the notebooks).

With ``WORKBOOK_DEBUG=1`` (``workbook serve --debug``), a kernel logs the traceback behind each plain message.
"""

from ..logs import set_up

set_up()

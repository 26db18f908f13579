"""Small pieces of HTML every page and document uses; text is always escaped."""

from __future__ import annotations

from html import escape


def element(tag: str, text: str, attributes: str = "") -> str:
    """``text``, escaped, as one element: ``element("h2", _("Your deadline"))``."""
    return f"<{tag}{' ' + attributes if attributes else ''}>{escape(text)}</{tag}>"


def heading(*columns: tuple[str, bool]) -> str:
    """A table's heading row from (label, is a number) pairs; numbers are right-aligned."""
    return "<tr>" + "".join(element("th", label, "class='wb-num'") if number else element("th", label)
                            for label, number in columns) + "</tr>"


def table(head: str, body: str, label: str, classes: str = "") -> str:
    """A table (its heading row and body, already HTML) in a scroller that may be swiped sideways on a
    narrow screen, with a shadow at the side that has more; keyboard users reach it too (``label`` names it)."""
    return (f"<div class='wb-scroll' role='region' tabindex='0' aria-label='{escape(label)}'>"
            f"<table class='wb-table{' ' + classes if classes else ''}'><thead>{head}</thead>"
            f"<tbody>{body}</tbody></table></div>")

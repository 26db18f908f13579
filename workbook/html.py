"""HTML fragments for the app and reports; every piece of user or customer text is escaped."""

from __future__ import annotations

from html import escape

import pandas as pd

from .formatting import money
from .ranking import records


def ranking_table(ranking: pd.DataFrame) -> str:
    """The ranked customers as an HTML table."""
    head = ("<tr><th class='wb-num'>#</th><th>Customer</th><th class='wb-num'>Spend</th>"
            "<th class='wb-num'>Orders</th><th>Last purchase</th><th>Last bought</th></tr>")
    body = "".join(
        f"<tr><td class='wb-num'>{row['rank']}</td><td>{escape(row['customer'] or row['email'] or '')}</td>"
        f"<td class='wb-num'>{money(row['total_spend'])}</td><td class='wb-num'>{row['orders']}</td>"
        f"<td>{escape(row['last_purchase_date'] or '-')}</td><td>{escape(row['last_product'] or '-')}</td></tr>"
        for row in records(ranking)
    )
    return f"<table class='wb-table'><thead>{head}</thead><tbody>{body}</tbody></table>"


def steps_bar(labels: list[str], current: int) -> str:
    """The step indicator: done, current and coming steps."""
    items = []
    for index, label in enumerate(labels):
        state = "wb-current" if index == current else "wb-done" if index < current else ""
        aria = " aria-current='step'" if index == current else ""
        items.append(f"<li class='{state}'{aria}>{index + 1}. {escape(label)}</li>")
    return f"<ol class='wb-steps'>{''.join(items)}</ol>"


def message(text: str, kind: str = "error") -> str:
    """A plain message box; ``kind`` is error or ok."""
    role = "alert" if kind == "error" else "status"
    return f"<div class='wb-message-{kind}' role='{role}'>{escape(text)}</div>"

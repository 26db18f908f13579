"""Ranked customers as plain rows: ordered, filtered and numbered.

The ranking orders its rows here, and after an import the app re-orders the few dozen
customers saved with a plan (the JSON the store holds) the same way.
"""

from __future__ import annotations

from typing import Literal, get_args

Row = dict  # one customer: the keys of ranking.RANKING_COLUMNS, dates as YYYY-MM-DD or None
RankBy = Literal["spend", "spend_12m", "orders"]
RANK_BY: tuple[RankBy, ...] = get_args(RankBy)
METRIC = {"spend": "total_spend", "spend_12m": "spend_12m", "orders": "orders"}


def order(rows: list[Row], by: RankBy) -> list[Row]:
    """Best first by ``by``; ties to spend, then the more recent last purchase, then name.

    Stable sorts, least significant key first."""
    rows = sorted(rows, key=lambda r: r["key"])
    rows.sort(key=lambda r: (r["customer"] is None, r["customer"] or ""))
    rows.sort(key=lambda r: r["last_purchase_date"] or "", reverse=True)  # unknown dates last
    rows.sort(key=lambda r: r["total_spend"], reverse=True)
    return sorted(rows, key=lambda r: r[METRIC[by]], reverse=True)


def choose(rows: list[Row], size: int, by: RankBy = "spend", exclude: frozenset[str] = frozenset()) -> list[Row]:
    """The round's customers: re-ordered by ``by``, without ``exclude``, renumbered from 1."""
    chosen = order([r for r in rows if r["key"] not in exclude], by)[:size]
    return [{**row, "rank": rank} for rank, row in enumerate(chosen, start=1)]

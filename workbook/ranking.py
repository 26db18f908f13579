"""Ranking customers: who spends the most, what they bought last, and when."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import numpy as np
import pandas as pd

RankBy = Literal["spend", "spend_12m", "orders"]
RANK_BY: tuple[str, ...] = ("spend", "spend_12m", "orders")
_METRIC = {"spend": "total_spend", "spend_12m": "spend_12m", "orders": "orders"}
RANKING_COLUMNS = ("rank", "key", "customer", "email", "total_spend", "spend_12m", "orders",
                   "first_purchase_date", "last_purchase_date", "last_product", "share", "cumulative_share")


def rank_customers(sales: pd.DataFrame, by: RankBy = "spend", top: int | None = None,
                   as_of: dt.date | None = None, exclude: frozenset[str] = frozenset()) -> pd.DataFrame:
    """Customers best first, one row each with the columns of :data:`RANKING_COLUMNS`.

    Only sales on or before ``as_of`` count (all of them when it is None); the
    12-month spend covers the year up to ``as_of`` (or the last sale). Customers whose
    net spend is not above zero are left out, as are the keys in ``exclude``. Ties go
    to higher spend, then the more recent last purchase, then the name.
    """
    if by not in _METRIC:
        raise ValueError(f"rank by one of {', '.join(RANK_BY)}, not {by!r}")
    if as_of is not None:
        sales = sales[sales["date"].isna() | (sales["date"] <= pd.Timestamp(as_of))]
    if exclude:
        sales = sales[~sales["key"].isin(exclude)]
    if sales.empty:
        return pd.DataFrame(columns=list(RANKING_COLUMNS))
    end = pd.Timestamp(as_of) if as_of is not None else sales["date"].max()
    recent = sales["date"] > end - pd.DateOffset(years=1) if pd.notna(end) else pd.Series(False, index=sales.index)
    bought = sales["date"].where(sales["purchase"])
    grouped = sales.assign(recent=sales["amount"].where(recent, 0.0), bought=bought).groupby("key", sort=False,
                                                                                           observed=True)
    table = grouped.agg(
        total_spend=("amount", "sum"), spend_12m=("recent", "sum"), orders=("orders", "sum"),
        first_purchase_date=("bought", "min"), last_purchase_date=("bought", "max"),
    )
    table = table[table["total_spend"] > 0.005]
    if table.empty:
        return pd.DataFrame(columns=list(RANKING_COLUMNS))
    table["customer"] = _latest(sales, "customer").reindex(table.index)
    table["email"] = _latest(sales, "email").reindex(table.index)
    table = table.reset_index()
    table["key"] = table["key"].astype(str)
    table["customer"] = table["customer"].fillna(table["email"])
    table = order(table, by)
    revenue = table["total_spend"].sum()
    table["total_spend"] = table["total_spend"].round(2)
    table["spend_12m"] = table["spend_12m"].round(2)
    table["share"] = table["total_spend"] / revenue if revenue else 0.0
    table["cumulative_share"] = table["share"].cumsum()
    table["rank"] = range(1, len(table) + 1)
    if top is not None:
        table = table.head(top)
    table["last_product"] = _last_products(sales, table.set_index("key")["last_purchase_date"]).to_numpy()
    return table[list(RANKING_COLUMNS)].reset_index(drop=True)


def order(table: pd.DataFrame, by: RankBy) -> pd.DataFrame:
    """Customers sorted best first by ``by``; ties to spend, then recency, then name."""
    return table.sort_values(
        [_METRIC[by], "total_spend", "last_purchase_date", "customer", "key"],
        ascending=[False, False, False, True, True], na_position="last", kind="mergesort",
    )


def _latest(sales: pd.DataFrame, column: str) -> pd.Series:
    """Per customer key, the most recent non-empty value of ``column``."""
    known = sales[["key", "date", column]].dropna(subset=[column])
    when = known["date"].fillna(pd.Timestamp.min).astype("int64")
    latest = when.groupby(known["key"], sort=False, observed=True).idxmax()
    return pd.Series(known.loc[latest.to_numpy(), column].to_numpy(), index=latest.index)


def _last_products(sales: pd.DataFrame, last_dates: pd.Series) -> pd.Series:
    """Per customer key, the products bought on their last purchase day, joined with commas."""
    days = last_dates.dropna().unique()
    sales = sales[sales["date"].isin(days) & sales["purchase"] & sales["product"].notna()]
    sales = sales[_in(sales["key"], last_dates.index)]
    sales = sales.assign(key=sales["key"].astype(str), product=sales["product"].astype(object))
    last = sales[sales["date"] == sales["key"].map(last_dates)]
    if last.empty:
        return pd.Series(pd.NA, index=last_dates.index, dtype="object")
    joined = last.drop_duplicates(["key", "product"]).groupby("key", sort=False)["product"].agg(", ".join)
    return joined.reindex(last_dates.index)


def _in(keys: pd.Series, wanted: pd.Index) -> np.ndarray:
    """``keys.isin(wanted)``, on the category codes when the keys are categorical."""
    if isinstance(keys.dtype, pd.CategoricalDtype):
        codes = keys.cat.categories.get_indexer(wanted)
        return np.isin(keys.cat.codes.to_numpy(), codes[codes >= 0])
    return keys.isin(wanted).to_numpy()


def records(ranking: pd.DataFrame) -> list[dict]:
    """The ranking as plain JSON-ready dicts (dates as YYYY-MM-DD, missing values as None)."""
    out = []
    for row in ranking.to_dict("records"):
        item = {}
        for name, value in row.items():
            if isinstance(value, pd.Timestamp):
                value = value.date().isoformat()
            elif value is pd.NaT or (not isinstance(value, (str, list)) and pd.isna(value)):
                value = None
            elif hasattr(value, "item"):
                value = value.item()
            item[name] = value
        item["total_spend"] = round(float(item["total_spend"]), 2)
        item["spend_12m"] = round(float(item["spend_12m"]), 2)
        item["orders"] = int(item["orders"])
        out.append(item)
    return out

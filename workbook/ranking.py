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


_NAT = np.iinfo("int64").min  # how NaT looks as int64 nanoseconds


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
        sales = sales[~_in(sales["key"], pd.Index(sorted(exclude)))]
    table = _totals(sales, as_of)
    table = table[table["total_spend"] > 0.005]
    if table.empty:
        return pd.DataFrame(columns=list(RANKING_COLUMNS))
    revenue = table["total_spend"].sum()
    table = order(_contenders(table, by, top), by)
    table["total_spend"] = table["total_spend"].round(2)
    table["spend_12m"] = table["spend_12m"].round(2)
    table["share"] = table["total_spend"] / revenue if revenue else 0.0
    table["cumulative_share"] = table["share"].cumsum()
    table["rank"] = range(1, len(table) + 1)
    if top is not None:
        table = table.head(top)
    table["last_product"] = _last_products(sales, table.set_index("key")["last_purchase_date"]).to_numpy()
    return table[list(RANKING_COLUMNS)].reset_index(drop=True)


def _totals(sales: pd.DataFrame, as_of: dt.date | None) -> pd.DataFrame:
    """Per customer key: spend, 12-month spend, orders, first and last purchase, name and email."""
    key = sales["key"].astype("category")
    codes, n = key.cat.codes.to_numpy(), len(key.cat.categories)
    when = sales["date"].to_numpy(dtype="datetime64[ns]").view("int64")
    amount = sales["amount"].to_numpy(dtype="float64")
    end = pd.Timestamp(as_of) if as_of is not None else sales["date"].max()
    dated = when != _NAT
    recent = dated & (when > (end - pd.DateOffset(years=1)).value) if pd.notna(end) else False
    bought = sales["purchase"].to_numpy(dtype=bool) & dated
    never = np.iinfo("int64").max
    first = np.full(n, never)
    np.minimum.at(first, codes[bought], when[bought])
    last = np.full(n, _NAT)
    np.maximum.at(last, codes[bought], when[bought])
    table = pd.DataFrame({
        "key": key.cat.categories.astype(str),
        "total_spend": np.bincount(codes, weights=amount, minlength=n),
        "spend_12m": np.bincount(codes, weights=np.where(recent, amount, 0.0), minlength=n),
        "orders": np.bincount(codes, weights=sales["orders"].to_numpy(dtype="float64"), minlength=n).astype("int64"),
        "first_purchase_date": np.where(first == never, _NAT, first).view("datetime64[ns]"),
        "last_purchase_date": last.view("datetime64[ns]"),
        "customer": _latest(codes, n, when, sales["customer"]),
        "email": _latest(codes, n, when, sales["email"]),
    }, copy=False)[np.bincount(codes, minlength=n) > 0]
    table["customer"] = table["customer"].fillna(table["email"])
    return table


def _latest(codes: np.ndarray, n: int, when: np.ndarray, values: pd.Series) -> pd.Series:
    """Per key code, the value of the most recent row that has one (the first such row on a tie)."""
    values = values.astype("category")
    value_codes = values.cat.codes.to_numpy()
    has = value_codes >= 0
    newest = np.full(n, _NAT)
    np.maximum.at(newest, codes[has], when[has])
    rows = np.flatnonzero(has & (when == newest[codes]))
    pick = np.full(n, len(codes))
    np.minimum.at(pick, codes[rows], rows)
    found = pick < len(codes)
    chosen = np.full(n, -1, dtype="int64")
    chosen[found] = value_codes[pick[found]]
    return pd.Series(pd.Categorical.from_codes(chosen, categories=values.cat.categories)).astype(object)


def _contenders(table: pd.DataFrame, by: RankBy, top: int | None) -> pd.DataFrame:
    """The rows that can reach the ``top``: those at least as good as the top-th by ``by``."""
    if top is None or len(table) <= top:
        return table
    metric = table[_METRIC[by]]
    return table[metric >= metric.nlargest(top).iloc[-1]]


def order(table: pd.DataFrame, by: RankBy) -> pd.DataFrame:
    """Customers sorted best first by ``by``; ties to spend, then recency, then name."""
    return table.sort_values(
        [_METRIC[by], "total_spend", "last_purchase_date", "customer", "key"],
        ascending=[False, False, False, True, True], na_position="last", kind="mergesort",
    )


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

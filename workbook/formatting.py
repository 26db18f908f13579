"""Turning rankings and import summaries into text: terminal tables, JSON and CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Sequence, Set

from .i18n import _, locale, marked, ngettext

CONTRACT_KEYS = ("rank", "customer", "email", "total_spend", "orders", "last_purchase_date", "last_product")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ONLY_A_NUMBER = re.compile(r"\+?[\d ().\-/]*\d[\d ().\-/]*")  # a phone number as written: nothing to run


def spreadsheet_safe(value: object) -> object:
    """A cell value that a spreadsheet will show as text, never run as a formula (a phone number as the owner wrote
    it, ``+1 206-555-0154``, holds nothing to run and stays as it is)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _ONLY_A_NUMBER.fullmatch(value):
        return "'" + value
    return value


def slug(text: str, default: str) -> str:
    """Text as a safe, readable file or folder name: lower case, runs of other characters as '-'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or default


DATE_STYLES = {"full": "full", "medium": "medium", "weekday": "yMMMEd", "short": "MMMEd"}


def day(date: dt.date | None, style: str = "weekday") -> str:
    """A date as the language spoken writes it; ``style`` is one of :data:`DATE_STYLES` (full: Friday,
    14 June 2026; medium: 14 Jun 2026; weekday: Fri, 14 Jun 2026; short: Fri 14 Jun).
    A missing date is a dash."""
    from babel.dates import format_date, format_skeleton

    if date is None:
        return "-"
    pattern = DATE_STYLES[style]
    text = (format_date(date, pattern, locale=locale()) if pattern in ("full", "medium")
            else format_skeleton(pattern, date, locale=locale()))
    return marked(text)


def clock(moment: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """A moment as the language spoken writes the time of day (14:05), in this machine's time zone, with its day
    before when it is not ``now``'s (Wed 2 Dec, 14:05). A missing moment is a dash."""
    from babel.dates import format_time

    if moment is None:
        return "-"
    here = moment.astimezone()
    time = marked(format_time(here.time(), "short", locale=locale()))
    if here.date() == (now or dt.datetime.now(dt.UTC)).astimezone().date():
        return time
    return _("{day}, {time}").format(day=day(here.date(), "short"), time=time)


def duration(length: dt.timedelta) -> str:
    """How long, to the minute, as the language spoken writes it: under a minute, a few minutes, hours and minutes."""
    minutes = max(0, int(length.total_seconds() // 60))
    if minutes < 1:
        return _("under a minute")
    if minutes < 60:
        return _("{count} min").format(count=minutes)
    return _("{hours} h {minutes} min").format(hours=minutes // 60, minutes=minutes % 60)


def iso_day(text: str | None) -> str:
    """A date kept as YYYY-MM-DD (as rankings keep them), as the language spoken writes it."""
    return day(dt.date.fromisoformat(text), "medium") if text else "-"


def money(amount: float, currency: str = "") -> str:
    """An amount as the language spoken writes it, with its currency when one is known."""
    from babel.numbers import format_currency, format_decimal

    text = (format_currency(amount, currency, locale=locale()) if currency
            else format_decimal(amount, "#,##0.00", locale=locale()))
    return marked(text)


def count(number: int) -> str:
    """A whole number as the language spoken groups its thousands (2,200; 2.200)."""
    from babel.numbers import format_decimal

    return marked(format_decimal(number, locale=locale()))


def either(items) -> str:
    """``items`` as the language spoken lists alternatives: 'a', 'b' or 'c'."""
    from babel.lists import format_list

    return format_list(list(items), style="or", locale=locale())


def percent(share: float) -> str:
    """A share (0.42) as a whole percentage, as the language spoken writes it."""
    from babel.numbers import format_percent

    return marked(format_percent(share, locale=locale()))


def ranking_json(rows: list[dict]) -> str:
    """The ranked customers (rows of ``ranking.rank_customers``) as a JSON list, best first."""
    shown = [{**{k: v for k, v in row.items() if k != "key"}, "share": round(row["share"], 4),
              "cumulative_share": round(row["cumulative_share"], 4)} for row in rows]
    return json.dumps(shown, indent=2, ensure_ascii=False) + "\n"


def ranking_csv(rows: list[dict]) -> str:
    """The ranked customers as CSV with the contract's columns first; safe to open in a spreadsheet."""
    columns = list(CONTRACT_KEYS) + ["phone", "address", "spend_12m", "first_purchase_date", "share",
                                     "cumulative_share"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([spreadsheet_safe("" if row[c] is None else row[c]) for c in columns])
    return out.getvalue()


def ranking_table(ranked: list[dict], currency: str = "") -> str:
    """The ranked customers as an aligned terminal table."""
    if not ranked:
        return _("No customers with purchases were found.") + "\n"
    phones = any(row.get("phone") for row in ranked)
    rows = [["#", _("Customer"), _("Spend"), _("Orders"), _("Last purchase"), _("Last bought")]
            + ([_("Phone")] if phones else [])]
    for row in ranked:
        rows.append([str(row["rank"]), row["customer"] or row["email"] or "", money(row["total_spend"], currency),
                     str(row["orders"]), iso_day(row["last_purchase_date"]), clip(row["last_product"] or "-", 40)]
                    + ([row["phone"] or "-"] if phones else []))
    return _aligned(rows, right={0, 2, 3})


def _aligned(rows: list[list[str]], right: Set[int] = frozenset()) -> str:
    """Rows as text columns, each as wide as its widest cell; ``right`` columns right-aligned."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.rjust(w) if i in right else cell.ljust(w) for i, (cell, w) in enumerate(zip(r, widths)))
             for r in rows]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def clip(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters: cut with an ellipsis when longer."""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def label(text: str) -> str:
    """``text`` as a label before its value ("File:"), as the language spoken writes one."""
    # TRANSLATORS: a label followed by what it labels; French puts a space before the colon.
    return _("{label}:").format(label=text)


def labelled(pairs: Sequence[tuple[str, object]], indent: str = "") -> list[str]:
    """``label: value`` lines with the values lined up."""
    width = max((len(label(name)) for name, _value in pairs), default=0) + 1
    return [f"{indent}{label(name).ljust(width)}{value}" for name, value in pairs]


def follow_through_line(figures: dict) -> str:
    """A participant's follow-through in one line (from a report or a round's results)."""
    return _("{done}/{planned} contacted, {referrals} referrals, {converted} converted").format(
        done=figures["contacts_made"], planned=figures["planned"], referrals=figures["referrals"],
        converted=figures["converted"])


def report_text(figures: dict) -> str:
    """The round's results for the terminal."""
    health = figures["health_check"]
    lines = [_("{business}: round {round}, deadline {deadline}").format(
        business=figures["business"], round=figures["round"],
        deadline=day(dt.date.fromisoformat(figures["deadline"])) if figures["deadline"] else "-")]
    pairs = [(_("Contacts made"), _("{done} of {planned} ({agreed} agreed to refer)").format(
                 done=figures["contacts_made"], planned=figures["planned"], agreed=figures["agreed"])),
             (_("Referrals"), _("{count} ({converted} became customers, {rate})").format(
                 count=figures["referrals"], converted=figures["converted"],
                 rate=percent(figures["conversion_rate"]))),
             (_("Referral revenue"), money(figures["referral_revenue"], figures.get("currency", ""))),
             (_("Longest chain"), ngettext("{count} generation", "{count} generations", figures["chain_depth"]).format(
                 count=figures["chain_depth"]))]
    if figures["overdue"]:
        pairs.append((_("Overdue"), ", ".join(figures["overdue"])))
    pairs += [(_("Thank today"), ngettext("{referrer} (for {friend}, {days} day ago)",
                                          "{referrer} (for {friend}, {days} days ago)", t["days"]).format(**t))
              for t in figures["thanks_due"]]
    if health["asked"]:
        pairs.append((_("Health check"), _("{yes} of {asked} have recommended you ({share} advocates)").format(
            yes=health["advocates"], asked=health["asked"], share=percent(health["share"]))))
    lines += labelled(pairs)
    lines += labelled([(_("by method"), f"{name}: {count}") for name, count in figures["referrals_by_method"].items()]
                       + [(_("by reward"), f"{name}: {count}") for name, count in figures["referrals_by_offer"].items()]
                       + [(_("referrer"), f"{r['name']}: {r['referrals']}") for r in figures["top_referrers"]], "  ")
    return "\n".join(lines)

"""Turning rankings and import summaries into text: terminal tables, JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
import re

CONTRACT_KEYS = ("rank", "customer", "email", "total_spend", "orders", "last_purchase_date", "last_product")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A cell value that a spreadsheet will show as text, never run as a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def slug(text: str, default: str) -> str:
    """Text as a safe, readable file or folder name: lower case, runs of other characters as '-'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or default


def money(amount: float) -> str:
    return f"{amount:,.2f}"


def ranking_json(rows: list[dict]) -> str:
    """The ranked customers (rows of ``ranking.rank_customers``) as a JSON list, best first."""
    shown = [{**{k: v for k, v in row.items() if k != "key"}, "share": round(row["share"], 4),
              "cumulative_share": round(row["cumulative_share"], 4)} for row in rows]
    return json.dumps(shown, indent=2, ensure_ascii=False) + "\n"


def ranking_csv(rows: list[dict]) -> str:
    """The ranked customers as CSV with the contract's columns first; safe to open in a spreadsheet."""
    columns = list(CONTRACT_KEYS) + ["spend_12m", "first_purchase_date", "share", "cumulative_share"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([spreadsheet_safe("" if row[c] is None else row[c]) for c in columns])
    return out.getvalue()


def ranking_table(ranked: list[dict]) -> str:
    """The ranked customers as an aligned terminal table."""
    if not ranked:
        return "No customers with purchases were found.\n"
    rows = [["#", "Customer", "Spend", "Orders", "Last purchase", "Last bought"]]
    for row in ranked:
        rows.append([str(row["rank"]), row["customer"] or row["email"] or "", money(row["total_spend"]),
                     str(row["orders"]), row["last_purchase_date"] or "-", _clip(row["last_product"] or "-", 40)])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    right = {0, 2, 3}
    lines = ["  ".join(cell.rjust(w) if i in right else cell.ljust(w) for i, (cell, w) in enumerate(zip(r, widths)))
             for r in rows]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def inspection_text(summary: dict) -> str:
    """What ``workbook inspect`` prints for people."""
    lines = [
        f"File:        {summary['file']}",
        f"Layout:      {summary['layout']}",
        f"Read as:     {summary['read_as']}",
        "Columns:",
        *[f"  {role:<12} <- {header}" for role, header in summary["columns"].items()],
        f"Rows read:   {summary['rows_read']}",
        f"Sales used:  {summary['sales_used']}",
        f"Customers:   {summary['customers']}",
        f"Rows skipped: {summary['rows_skipped']}",
        *[f"  {reason}" for reason in summary["skipped_reasons"]],
        *[f"Note: {note}" for note in summary["notes"]],
    ]
    return "\n".join(lines) + "\n"


def follow_through_line(figures: dict) -> str:
    """A participant's follow-through in one line (from a report or a round's results)."""
    return (f"{figures['contacts_made']}/{figures['planned']} contacted, {figures['referrals']} referrals, "
            f"{figures['converted']} converted")


def report_text(figures: dict) -> str:
    """The round's results for the terminal."""
    health = figures["health_check"]
    lines = [f"{figures['business']}: round {figures['round']}, deadline {figures['deadline'] or '-'}",
             f"Contacts made:     {figures['contacts_made']} of {figures['planned']} "
             f"({figures['agreed']} agreed to refer)",
             f"Referrals:         {figures['referrals']} ({figures['converted']} became customers, "
             f"{figures['conversion_rate']:.0%})",
             f"Referral revenue:  {money(figures['referral_revenue'])}",
             f"Longest chain:     {figures['chain_depth']} generation(s)"]
    lines += [f"  by method  {name}: {count}" for name, count in figures["referrals_by_method"].items()]
    lines += [f"  by reward  {name}: {count}" for name, count in figures["referrals_by_offer"].items()]
    lines += [f"  referrer   {r['name']}: {r['referrals']}" for r in figures["top_referrers"]]
    if figures["overdue"]:
        lines.append("Overdue:           " + ", ".join(figures["overdue"]))
    lines += [f"Thank today:       {t['referrer']} (for {t['friend']}, {t['days']} day(s) ago)"
              for t in figures["thanks_due"]]
    if health["asked"]:
        lines.append(f"Health check:      {health['advocates']} of {health['asked']} have recommended you "
                     f"({health['share']:.0%} advocates)")
    return "\n".join(lines)

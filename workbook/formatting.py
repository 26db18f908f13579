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
    columns = list(CONTRACT_KEYS) + ["phone", "address", "spend_12m", "first_purchase_date", "share",
                                     "cumulative_share"]
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
    phones = any(row.get("phone") for row in ranked)
    rows = [["#", "Customer", "Spend", "Orders", "Last purchase", "Last bought"] + (["Phone"] if phones else [])]
    for row in ranked:
        rows.append([str(row["rank"]), row["customer"] or row["email"] or "", money(row["total_spend"]),
                     str(row["orders"]), row["last_purchase_date"] or "-", _clip(row["last_product"] or "-", 40)]
                    + ([row["phone"] or "-"] if phones else []))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    right = {0, 2, 3}
    lines = ["  ".join(cell.rjust(w) if i in right else cell.ljust(w) for i, (cell, w) in enumerate(zip(r, widths)))
             for r in rows]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def inspection_text(summary: dict) -> str:
    """What ``workbook inspect`` prints for people: one export's report, or each of several and what matched."""
    if "files" in summary:
        parts = [inspection_text(one) for one in summary["files"]]
        parts += [inspection_text({**failed["report"], "error": failed["message"]}) if failed["report"]
                  else f"Could not read: {failed['message']}\n" for failed in summary["failed"]]
        parts.append(f"Customers in all:  {summary['customers']} "
                     f"({summary['matched_across_files']} found in more than one file)\n")
        return "\n".join(parts)
    lines = [f"File:         {summary['file']}"]
    if summary.get("layout"):
        lines.append(f"Layout:       {summary['layout']}")
    if summary.get("read_as"):
        lines.append(f"Read as:      {summary['read_as']}")
    if summary.get("other_sheets"):
        lines.append(f"Sheet:        '{summary['sheet']}' (the others: "
                     + ", ".join(f"'{name}'" for name in summary["other_sheets"]) + ")")
    if summary.get("header_row"):
        lines.append(f"Header row:   {summary['header_row']}")
    if summary.get("columns"):
        lines.append("Columns:")
        width = max(len(", ".join(headers)) for headers in summary["columns"].values())
        lines += [f"  {role:<12} <- {', '.join(headers):<{width}}  ({summary['why'].get(role, '')})"
                  for role, headers in summary["columns"].items()]
    lines += [f"  not used:    '{header}': {why}" for header, why in summary.get("passed_over", {}).items()]
    lines += [f"  unclear:     the {role} could be " + " or ".join(f"'{h}'" for h in headers)
              for role, headers in summary.get("ambiguous", {}).items()]
    if summary.get("statuses"):
        lines.append("Orders by status:")
        lines += [f"  {s['status']:<20} {s['orders']:>7,}  "
                  + ("counted" + (" (awaiting payment)" if s["kind"] == "awaiting" else
                                  " (status not known to the workbook)" if s["kind"] == "unknown" else "")
                     if s["counted"] else "left out") for s in summary["statuses"]]
    for key, label in (("rows_read", "Rows read"), ("sales_used", "Sales used"), ("customers", "Customers"),
                       ("rows_skipped", "Rows skipped")):
        if key in summary:
            lines.append(f"{label + ':':<14}{summary[key]}")
    for group in summary.get("skipped", []):
        lines.append(f"  {group['reason']}: {group['rows']} row{'s' if group['rows'] != 1 else ''}")
        lines += [f"    {example}" for example in group["examples"]]
    lines += [f"Note: {note}" for note in summary.get("notes", [])]
    if summary.get("error"):
        lines.append(f"Not usable:   {summary['error']}")
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

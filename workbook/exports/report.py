"""An import's report in the owner's words: what ``workbook inspect`` prints and the app says after an upload."""

from __future__ import annotations

import datetime as dt

from ..formatting import count, day, either, labelled, money
from ..i18n import _, ngettext
from .layouts import ROLE_LABELS


def what_was_read(summary: dict) -> list[str]:
    """One export's report in the owner's words, a line a point: what was read and counted, from when to when,
    the largest sale and who made it, what was left out, who was joined, and which column gave what."""
    if "sales_used" not in summary:
        return []
    # TRANSLATORS: "2,369 rows read: 2,313 sales from 133 customers."
    lines = [_("{rows} read: {sales} from {customers}.").format(
        rows=ngettext("{count} row", "{count} rows", summary["rows_read"]).format(count=count(summary["rows_read"])),
        sales=ngettext("{count} sale", "{count} sales", summary["sales_used"]).format(
            count=count(summary["sales_used"])),
        customers=ngettext("{count} customer", "{count} customers", summary["customers"]).format(
            count=count(summary["customers"])))]
    if summary.get("first_date"):
        lines.append(_("From {first} to {last}.").format(first=day(dt.date.fromisoformat(summary["first_date"]),
                                                                   "medium"),
                                                         last=day(dt.date.fromisoformat(summary["last_date"]),
                                                                  "medium")))
    largest = summary.get("largest_sale")
    if largest:
        lines.append(_("Largest single sale: {amount} by {customer}.").format(
            amount=money(largest["amount"], summary.get("currency") or ""), customer=largest["customer"] or "-"))
    left = [ngettext("{reason}: {count} row ({example})", "{reason}: {count} rows ({example})", group["rows"]).format(
        reason=group["reason"], count=count(group["rows"]), example=group["examples"][0])
        for group in summary.get("skipped", [])]
    left += [ngettext("{count} order {status}", "{count} orders {status}", s["orders"]).format(
        count=count(s["orders"]), status=s["status"]) for s in summary.get("statuses", []) if not s["counted"]]
    if left:
        lines.append(_("Left out: {what}.").format(what="; ".join(left)))
    joined = summary.get("merged") or {}
    parts = [text.format(count=joined[key]) for key, text in (
        ("emails", _("{count} under more than one email")), ("phones", _("{count} under more than one phone")),
        ("names", _("{count} under more than one name"))) if joined.get(key)]
    if parts:
        lines.append(_("Customers joined: {parts}.").format(parts=", ".join(parts)))
    if joined.get("shared_phones"):
        lines.append(ngettext("{count} phone number is shared by different people, kept apart.",
                              "{count} phone numbers are shared by different people, kept apart.",
                              joined["shared_phones"]).format(count=joined["shared_phones"]))
    taken = [f"{_(ROLE_LABELS[role])} <- '{headers[0]}'" for role, headers in summary.get("columns", {}).items()
             if role in ("customer", "email", "date", "amount", "product")]
    if taken:
        lines.append(_("Columns: {columns}.").format(columns=", ".join(taken)))
    lines += [f"{_(ROLE_LABELS[role])}: {rule}." if role in ROLE_LABELS else f"{rule}."
              for role, rule in summary.get("rules", {}).items() if rule]
    return [line[:1].upper() + line[1:] for line in lines]


def inspection_text(summary: dict) -> str:
    """What ``workbook inspect`` prints for people: one export's report, or each of several and what matched."""
    if "files" in summary:
        parts = [inspection_text(one) for one in summary["files"]]
        parts += [inspection_text({**failed["report"], "error": failed["message"]}) if failed["report"]
                  else _("Could not read: {error}").format(error=failed["message"]) + "\n"
                  for failed in summary["failed"]]
        parts.append(_("Customers in all: {count} ({matched} found in more than one file)").format(
            count=summary["customers"], matched=summary["matched_across_files"]) + "\n")
        return "\n".join(parts)
    head = [(_("File"), summary["file"])]
    if summary.get("layout"):
        head.append((_("Layout"), _(summary["layout"])))
    if summary.get("read_as"):
        head.append((_("Read as"), summary["read_as"]))
    if summary.get("other_sheets"):
        head.append((_("Sheet"), _("'{sheet}' (the others: {others})").format(
            sheet=summary["sheet"], others=", ".join(f"'{name}'" for name in summary["other_sheets"]))))
    if summary.get("header_row"):
        head.append((_("Header row"), summary["header_row"]))
    if summary.get("currency"):
        head.append((_("Currency"), summary["currency"]))
    lines = labelled(head)
    if summary.get("columns"):
        lines.append(_("Columns:"))
        width = max(len(", ".join(headers)) for headers in summary["columns"].values())
        lines += [f"  {_(ROLE_LABELS[role]):<24} <- {', '.join(headers):<{width}}  ({summary['why'].get(role, '')})"
                  for role, headers in summary["columns"].items()]
    lines += ["  " + _("not used: '{header}': {why}").format(header=header, why=why)
              for header, why in summary.get("passed_over", {}).items()]
    lines += ["  " + _("unclear: the {role} could be {headers}").format(
        role=_(ROLE_LABELS[role]), headers=either(f"'{h}'" for h in headers))
              for role, headers in summary.get("ambiguous", {}).items()]
    lines += ["    " + _("with '{column}': {customers}").format(column=column, customers=", ".join(
        f"{name} {money(spend, summary.get('currency') or '')}" for name, spend in rows) or "-")
        for column, rows in summary.get("choices", {}).items()]
    if summary.get("statuses"):
        lines.append(_("Orders by status:"))
        lines += [f"  {s['status']:<20} {s['orders']:>7,}  {_status_word(s)}" for s in summary["statuses"]]
    counts = [(name, summary[key]) for key, name in (
        ("rows_read", _("Rows read")), ("sales_used", _("Sales used")), ("customers", _("Customers")),
        ("rows_skipped", _("Rows skipped"))) if key in summary]
    lines += labelled(counts)
    for group in summary.get("skipped", []):
        lines.append("  " + ngettext("{reason}: {count} row", "{reason}: {count} rows", group["rows"]).format(
            reason=group["reason"], count=group["rows"]))
        lines += [f"    {example}" for example in group["examples"]]
    lines += [_("Note: {note}").format(note=note) for note in summary.get("notes", [])]
    read = what_was_read(summary)
    if read:
        lines.append(_("In short:"))
        lines += [f"  {line}" for line in read]
    if summary.get("error"):
        lines += labelled([(_("Not usable"), summary["error"])])
    return "\n".join(lines) + "\n"


def _status_word(status: dict) -> str:
    """Whether orders of one status count, and why, for the inspection report."""
    if not status["counted"]:
        return _("left out")
    return {"awaiting": _("counted (awaiting payment)"), "unknown": _("counted (status not known to the workbook)")
            }.get(status["kind"], _("counted"))

"""The export layouts the workbook recognises, and how their columns map to our roles.

A role is what a column means to the challenge: who bought (customer, email, first
and last name), when (date), how much (amount, refunded), what (product), which
order a line belongs to (order), and whether the sale stands (status, cancelled).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import AmbiguousLayoutError, InputError

ROLES = ("customer", "first_name", "last_name", "email", "date", "amount", "refunded",
         "product", "order", "orders", "status", "cancelled")
ROLE_LABELS = {
    "customer": "customer name", "first_name": "first name", "last_name": "last name",
    "email": "email", "date": "date of sale", "amount": "amount", "refunded": "refunded amount",
    "product": "product or service", "order": "order or invoice number", "orders": "number of orders",
    "status": "payment status", "cancelled": "cancelled date",
}
_SEPARATORS = re.compile(r"[\s_\-]+")


def normalise_header(name: object) -> str:
    """Header text folded for matching: case, underscores, hyphens and spacing do not count."""
    return _SEPARATORS.sub(" ", str(name)).strip().lower()


@dataclass(frozen=True)
class Layout:
    """One export layout: the columns that tell it apart and where each role lives.

    ``telling`` holds groups of header names; every group must have one present.
    ``roles`` gives each role's candidate headers as tiers: the first tier with a
    present header wins, and two present headers in one tier are ambiguous.
    """

    key: str
    label: str
    telling: tuple[tuple[str, ...], ...]
    roles: dict[str, tuple[tuple[str, ...], ...]]
    order_level: bool = False  # money and status only on an order's first line
    keep_status: frozenset[str] | None = None  # statuses that count as a sale
    note: str = ""
    sections: bool = False  # QuickBooks style: customer headings above their rows
    date_order: str | None = None  # "mdy" where the system always writes month first

    def matches(self, headers: set[str]) -> bool:
        return bool(self.telling) and all(any(name in headers for name in group) for group in self.telling)


def _t(*names: str) -> tuple[str, ...]:
    return names


LAYOUTS: tuple[Layout, ...] = (
    Layout(
        key="shopify_orders", label="Shopify orders export",
        telling=(_t("financial status"), _t("lineitem name"), _t("name")),
        roles={"order": (_t("name"),), "email": (_t("email"),), "customer": (_t("billing name"), _t("shipping name")),
               "date": (_t("paid at"), _t("created at")), "amount": (_t("total"),),
               "refunded": (_t("refunded amount"),), "product": (_t("lineitem name"),),
               "status": (_t("financial status"),), "cancelled": (_t("cancelled at"),)},
        order_level=True,
        keep_status=frozenset({"paid", "partially_refunded", "refunded", "partially_paid"}),
    ),
    Layout(
        key="shopify_customers", label="Shopify customers export",
        telling=(_t("total spent"), _t("total orders"), _t("first name", "last name")),
        roles={"first_name": (_t("first name"),), "last_name": (_t("last name"),),
               "customer": (_t("company"),), "email": (_t("email"),), "amount": (_t("total spent"),),
               "orders": (_t("total orders"),)},
        note="A customers export has each customer's total but no dates or products: the last "
             "purchase stays blank. An orders export gives the full picture.",
    ),
    Layout(
        key="stripe_payments", label="Stripe payments export",
        telling=(_t("amount refunded"), _t("status"), _t("created date (utc)", "created (utc)")),
        roles={"order": (_t("id"),), "date": (_t("created date (utc)", "created (utc)"),),
               "amount": (_t("amount"),), "refunded": (_t("amount refunded"),), "status": (_t("status"),),
               "email": (_t("customer email"),),
               "customer": (_t("customer name"), _t("customer description"), _t("card name")),
               "product": (_t("description"),)},
        keep_status=frozenset({"paid", "succeeded", "refunded", "partially refunded"}),
    ),
    Layout(
        key="square_items", label="Square item sales export",
        telling=(_t("transaction id"), _t("net sales", "gross sales"), _t("item"), _t("customer name")),
        roles={"order": (_t("transaction id"),), "date": (_t("date"),),
               "amount": (_t("net sales"), _t("gross sales")), "customer": (_t("customer name"),),
               "product": (_t("item"),)},
        note="Square records many sales without a customer; only sales with a customer name count.",
    ),
    Layout(
        key="square_transactions", label="Square transactions export",
        telling=(_t("transaction id"), _t("total collected"), _t("customer name")),
        roles={"order": (_t("transaction id"),), "date": (_t("date"),),
               "amount": (_t("net sales"), _t("total collected")), "customer": (_t("customer name"),),
               "product": (_t("description"),)},
        note="Square records many sales without a customer; only sales with a customer name count.",
    ),
    Layout(
        key="woocommerce_orders", label="WooCommerce orders export",
        telling=(_t("billing email", "email (billing)"), _t("order total", "order total amount"),
                 _t("order date"), _t("order number", "order id")),
        roles={"order": (_t("order number"), _t("order id")), "date": (_t("order date"),),
               "amount": (_t("order total", "order total amount"),),
               "refunded": (_t("refunded total", "order refund"),),
               "status": (_t("status", "order status"),), "email": (_t("billing email", "email (billing)"),),
               "first_name": (_t("billing first name", "first name (billing)"),),
               "last_name": (_t("billing last name", "last name (billing)"),),
               "customer": (_t("billing company", "company (billing)"),),
               "product": (_t("item name", "product name", "line item name"),)},
        order_level=True,
        keep_status=frozenset({"completed", "processing", "wc-completed", "wc-processing", "refunded",
                               "wc-refunded"}),
    ),
    Layout(
        key="quickbooks_sales", label="QuickBooks Online Sales by Customer Detail report",
        telling=(_t("transaction type"), _t("num"), _t("amount"), _t("date")),
        roles={"date": (_t("date"),), "amount": (_t("amount"),), "product": (_t("product/service"),),
               "order": (_t("num"),)},
        sections=True, date_order="mdy",
    ),
)

GENERIC = Layout(
    key="generic", label="Sales sheet (one row per sale)", telling=(),
    roles={
        "customer": (_t("customer", "customer name", "client", "client name", "buyer", "buyer name",
                        "patient", "patient name", "member", "member name", "bill to", "sold to"),
                     _t("name", "full name", "company", "company name", "account", "account name",
                        "contact", "contact name")),
        "first_name": (_t("first name", "firstname", "given name"),),
        "last_name": (_t("last name", "lastname", "surname", "family name"),),
        "email": (_t("email", "e mail", "email address", "customer email", "client email"),),
        "date": (_t("date", "order date", "sale date", "invoice date", "transaction date", "purchase date",
                    "date of sale", "visit date", "appointment date"),
                 _t("created", "created at", "paid at", "paid date", "payment date", "datetime")),
        "amount": (_t("amount", "total", "revenue", "sales", "net sales", "line total", "order total",
                      "total amount", "amount paid", "value", "net amount", "grand total", "invoice total",
                      "fee", "total price"),
                   _t("price", "unit price", "paid", "sum", "subtotal", "gross sales", "gross")),
        "product": (_t("product", "item", "service", "product name", "item name", "service name",
                       "treatment", "lineitem name"),
                    _t("description", "memo", "details", "product/service", "memo/description")),
        "order": (_t("order", "order id", "order number", "order no", "invoice", "invoice number",
                     "invoice no", "receipt", "receipt number", "transaction id"),),
        "status": (_t("status", "payment status", "order status"),),
        "refunded": (_t("refunded", "refund", "refunded amount", "amount refunded"),),
    },
)


@dataclass
class Detection:
    """Where the header is, which layout it is, and which column plays each role."""

    layout: Layout
    header_row: int
    headers: list[str]
    mapping: dict[str, str] = field(default_factory=dict)

    def missing(self) -> list[str]:
        """Roles the challenge needs that no column plays."""
        needed = []
        if not self.layout.sections and not ({"customer", "email", "first_name", "last_name"} & self.mapping.keys()):
            needed.append("customer")
        if "amount" not in self.mapping:
            needed.append("amount")
        return needed


def detect(rows: list[list[str]], file: str | None = None, overrides: dict[str, str] | None = None) -> Detection:
    """Find the header row among the first ``rows`` and the layout and roles under it.

    ``overrides`` (role to header text) take precedence over what was detected.
    """
    overrides = overrides or {}
    best: Detection | None = None
    for index, row in enumerate(rows):
        headers = [cell for cell in row]
        present = {normalise_header(h): h for h in headers if h}
        if len(present) < 2:
            continue
        layout = next((lay for lay in LAYOUTS if lay.matches(set(present))), GENERIC)
        mapping = _map_roles(layout, present, file, overrides)
        found = Detection(layout=layout, header_row=index, headers=headers, mapping=mapping)
        if layout is not GENERIC or not found.missing():
            return found
        if best is None or len(mapping) > len(best.mapping):
            best = found
    if best is None:
        raise InputError("no header row was found: the file has no row with column names", file=file)
    return best


def _map_roles(layout: Layout, present: dict[str, str], file: str | None,
               overrides: dict[str, str]) -> dict[str, str]:
    """Pick each role's column by tier; two candidates in one tier are ambiguous."""
    mapping: dict[str, str] = {}
    for role, tiers in layout.roles.items():
        for tier in tiers:
            hits = [present[name] for name in tier if name in present]
            if len(hits) > 1 and role not in overrides and role in ("customer", "amount", "date"):
                raise AmbiguousLayoutError(
                    f"more than one column could be the {ROLE_LABELS[role]}: "
                    + ", ".join(f"'{h}'" for h in hits)
                    + f"; say which one (for example --column {role}=\"{hits[0]}\")",
                    file=file,
                )
            if hits:
                mapping[role] = hits[0]
                break
    taken = set()
    for role, header in overrides.items():
        if role not in ROLES:
            raise InputError(f"'{role}' is not a column role; the roles are: {', '.join(ROLES)}", file=file)
        if normalise_header(header) not in present:
            raise InputError(f"there is no column named '{header}'; the columns are: "
                             + ", ".join(f"'{h}'" for h in present.values()), file=file)
        mapping[role] = present[normalise_header(header)]
        taken.add(mapping[role])
    return {role: header for role, header in mapping.items()
            if role in overrides or header not in taken}

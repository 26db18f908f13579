"""Demo exports of fictional businesses, in the shapes owners really bring.

Run ``python -m workbook.demo data`` to write them again; the output is the same
every time (fixed seeds).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import sys
from dataclasses import dataclass
from pathlib import Path

FIRST = ["Amelia", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hugo", "Isla", "Jonas", "Kira", "Liam",
         "Maya", "Niko", "Olivia", "Pavel", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wes", "Yara",
         "Zoë", "Aurélie", "Bram", "Carmen", "Dmitri", "Esme"]
LAST = ["Ashdown", "Birchall", "Calloway", "Dunmore", "Everly", "Fairbairn", "Greenhalgh", "Holloway",
        "Ingram", "Jessop", "Kettering", "Lockwood", "Merriweather", "Northcott", "Oakley", "Pemberton",
        "Quarry", "Redfern", "Saltmarsh", "Thistlewood", "Underhill", "Vance", "Whitlock", "Yardley"]
COMPANIES = ["Alder Lane Dental", "Brightwater Architects", "Copperfield Veterinary", "Dockside Print Works",
             "Elmstead Primary School", "Foxglove Florists", "Granary Law Partners", "Hartwell Accountancy",
             "Ironbridge Joinery", "Juniper Yoga Studio", "Kestrel Logistics", "Larkspur Hotel",
             "Millpond Opticians", "Nettlefield Farm Shop", "Orchard Street Surgery", "Pebble Bay Café",
             "Quayside Estate Agents", "Rowan Tree Nursery", "Stonebridge Motors", "Tidewater Marina",
             "Upland Outdoor Gear", "Valley Fold Brewery", "Willowmere Care Home", "Yewtree Garden Centre",
             "Amberley Dance School", "Bramble & Finch Interiors", "Cobble Hill Books", "Driftwood Surf School",
             "Eastgate Pharmacy", "Fernhill Golf Club", "Gull Rock Fisheries", "Heron Mill Gallery",
             "Ivy House B&B", "Jasmine Thai Kitchen", "Kingfisher Swim School", "Lantern Theatre"]


STREETS = ["Mill Lane", "Church Street", "Orchard Way", "Station Road", "Harbour View", "Elm Grove", "Quarry Row",
           "Meadow Close", "Kiln Lane", "Ferry Road"]


@dataclass
class Customer:
    name: str
    email: str
    weight: float
    phone: str = ""
    street: str = ""


def _reachable(people: list[Customer], seed: int, phones: list[str]) -> None:
    """Give every person one of ``phones`` (fictional ranges only) and a street, from a generator of their
    own, so the sales stay as they were."""
    rng = random.Random(seed)
    for person, phone in zip(people, rng.sample(phones, len(people))):
        person.phone, person.street = phone, f"{rng.randrange(1, 140)} {rng.choice(STREETS)}"


def _people(rng: random.Random, count: int, domain: str, firsts: list[str] = FIRST,
            lasts: list[str] = LAST) -> list[Customer]:
    """Fictional people, a few of whom buy much more than the rest."""
    seen: set[str] = set()
    people: list[Customer] = []
    while len(people) < count:
        first, last = rng.choice(firsts), rng.choice(lasts)
        name = f"{first} {last}"
        if name in seen:
            continue
        seen.add(name)
        email = f"{first.lower()}.{last.lower()}@{domain}".translate(_ASCII)
        people.append(Customer(name, email, 1.0 / (len(people) + 1) ** 0.9))
    return people


_ASCII = str.maketrans({"ë": "e", "é": "e", "ü": "ue", "ö": "oe", "ä": "ae"})  # as people write them in addresses


def _days(start: dt.date, end: dt.date, rng: random.Random, count: int) -> list[dt.date]:
    span = (end - start).days
    return sorted(start + dt.timedelta(days=rng.randrange(span + 1)) for _day in range(count))


def bakery_shopify(path: Path) -> None:
    """Crumb & Co. Bakery: a Shopify orders export, several lines per order, some refunds."""
    rng = random.Random(11)
    people = _people(rng, 140, "example.net")
    _reachable(people, 111, [f"({area}) 555-01{n:02d}" for area in (206, 425) for n in range(100)])
    products = [("Sourdough loaf", 6.5), ("Seeded rye", 5.8), ("Cinnamon buns (4)", 9.0),
                ("Celebration cake", 42.0), ("Croissant box (6)", 14.0), ("Focaccia", 7.2),
                ("Wedding cake tasting", 35.0), ("Bread subscription (month)", 48.0), ("Baking class", 65.0)]
    header = ["Name", "Email", "Financial Status", "Paid at", "Fulfillment Status", "Fulfilled at",
              "Accepts Marketing", "Currency", "Subtotal", "Shipping", "Taxes", "Total", "Discount Code",
              "Discount Amount", "Shipping Method", "Created at", "Lineitem quantity", "Lineitem name",
              "Lineitem price", "Lineitem compare at price", "Lineitem sku", "Lineitem requires shipping",
              "Lineitem taxable", "Lineitem fulfillment status", "Billing Name", "Billing Street",
              "Billing City", "Billing Zip", "Billing Country", "Billing Phone", "Notes", "Cancelled at",
              "Payment Method", "Refunded Amount", "Vendor", "Id", "Tags", "Source"]
    rows = []
    dates = _days(dt.date(2025, 5, 1), dt.date(2026, 10, 30), rng, 1100)
    for number, day in enumerate(dates, start=1001):
        buyer = rng.choices(people, weights=[p.weight for p in people])[0]
        lines = rng.sample(products, rng.choice([1, 1, 2, 2, 3, 4]))
        qty = [rng.choice([1, 1, 1, 2, 3]) for _line in lines]
        subtotal = round(sum(price * q for (_item, price), q in zip(lines, qty)), 2)
        shipping = 0.0 if subtotal > 40 else 4.5
        taxes = round(subtotal * 0.05, 2)
        total = round(subtotal + shipping + taxes, 2)
        status = rng.choices(["paid", "refunded", "partially_refunded", "voided", "pending"],
                             [90, 3, 4, 2, 1])[0]
        refunded = {"refunded": total, "partially_refunded": round(total * 0.3, 2)}.get(status, 0.0)
        cancelled = status == "voided"
        stamp = f"{day:%Y-%m-%d} {rng.randrange(7, 19):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d} -0500"
        for index, ((item, price), q) in enumerate(zip(lines, qty)):
            first = index == 0
            rows.append([
                f"#{number}", buyer.email, status if first else "", stamp if first and status != "pending" else "",
                "fulfilled" if first else "", stamp if first else "", "yes" if first else "",
                "USD" if first else "", f"{subtotal:.2f}" if first else "", f"{shipping:.2f}" if first else "",
                f"{taxes:.2f}" if first else "", f"{total:.2f}" if first else "", "", "0.00" if first else "",
                "Local pickup" if first else "", stamp, q, item, f"{price:.2f}", "",
                f"CRB-{products.index((item, price)):03d}", "true", "true", "fulfilled",
                buyer.name if first else "", buyer.street if first else "", "Brookfield" if first else "",
                "01234" if first else "", "US" if first else "", buyer.phone if first else "", "",
                stamp if first and cancelled else "",
                "Shopify Payments" if first else "", f"{refunded:.2f}" if first else "", "Crumb & Co.",
                str(5600000000 + number) if first else "", "", "web" if first else "",
            ])
    _write_csv(path, header, rows)


def physio_semicolon(path: Path) -> None:
    """Riverside Physiotherapy: a semicolon CSV with decimal commas and day/month dates."""
    rng = random.Random(22)
    people = _people(rng, 180, "example.org")
    _reachable(people, 222, [f"{'+44 7700 ' if n % 3 == 0 else '07700 '}900{n:03d}" for n in range(1000)])
    treatments = [("Initial assessment", 75.0), ("Follow-up session", 55.0), ("Sports massage", 60.0),
                  ("Pilates rehab class", 22.5), ("Dry needling", 48.0), ("Home visit", 95.0)]
    rows = []
    for day in _days(dt.date(2024, 11, 1), dt.date(2026, 10, 30), rng, 2400):
        who = rng.choices(people, weights=[p.weight for p in people])[0]
        treatment, fee = rng.choice(treatments)
        amount = -fee if rng.random() < 0.02 else fee
        rows.append([f"{day:%d/%m/%Y}", who.name, who.email, treatment, f"{amount:.2f}".replace(".", ","),
                     rng.choice(["Card", "Insurance", "Cash"]), who.phone])
    _write_csv(path, ["Date", "Patient", "Email", "Treatment", "Amount", "Paid by", "Phone"], rows, delimiter=";",
               encoding="utf-8-sig")


def supplies_quickbooks(path: Path) -> None:
    """Northgate Office Supplies: a QuickBooks Online Sales by Customer Detail report as CSV."""
    rng = random.Random(33)
    customers = [Customer(name, "", 1.0 / (i + 1) ** 1.1) for i, name in enumerate(COMPANIES)]
    items = [("Copier paper (box)", 38.0), ("Toner cartridge", 89.0), ("Office chair", 245.0),
             ("Desk", 410.0), ("Stationery bundle", 64.0), ("Printer service", 150.0), ("Filing cabinet", 199.0)]
    sales: dict[str, list[list[str]]] = {c.name: [] for c in customers}
    number = 4100
    for day in _days(dt.date(2024, 11, 1), dt.date(2026, 10, 30), rng, 900):
        who = rng.choices(customers, weights=[c.weight for c in customers])[0]
        item, price = rng.choice(items)
        qty = rng.choice([1, 2, 3, 5, 10])
        kind = rng.choices(["Invoice", "Sales Receipt", "Credit Memo"], [75, 20, 5])[0]
        amount = price * qty * (-1 if kind == "Credit Memo" else 1)
        number += 1
        sales[who.name].append([f"{day:%m/%d/%Y}", kind, str(number), item, f"{item} x{qty}", str(qty),
                                f"{price:,.2f}", f"{amount:,.2f}"])
    rows: list[list[str]] = [["Northgate Office Supplies Ltd"], ["Sales by Customer Detail"],
                             ["November 1, 2024 - October 30, 2026"], [],
                             ["", "Date", "Transaction Type", "Num", "Product/Service", "Memo/Description",
                              "Qty", "Sales Price", "Amount", "Balance"]]
    grand = 0.0
    for name in sorted(sales):
        if not sales[name]:
            continue
        rows.append([name])
        balance = 0.0
        for sale in sales[name]:
            balance += float(sale[-1].replace(",", ""))
            rows.append([""] + sale + [f"{balance:,.2f}"])
        rows.append([f"Total for {name}", "", "", "", "", "", "", "", f"{balance:,.2f}", ""])
        grand += balance
    rows += [["TOTAL", "", "", "", "", "", "", "", f"{grand:,.2f}", ""], [], [],
             ["Accrual Basis Friday, October 30, 2026 09:12 AM GMT-04:00"]]
    _write_csv(path, None, rows)


def coaching_stripe(path: Path) -> None:
    """Bright Path Coaching: a Stripe payments export with failed and refunded payments."""
    rng = random.Random(44)
    people = _people(rng, 90, "example.com")
    services = [("Career coaching session", 120.0), ("Leadership programme (month)", 450.0),
                ("CV review", 80.0), ("Interview preparation", 150.0)]
    header = ["id", "Created date (UTC)", "Amount", "Amount Refunded", "Currency", "Captured", "Converted Amount",
              "Converted Amount Refunded", "Converted Currency", "Decline Reason", "Description", "Fee",
              "Refunded date (UTC)", "Statement Descriptor", "Status", "Seller Message", "Taxes On Fee",
              "Card ID", "Customer ID", "Customer Description", "Customer Email", "Invoice ID", "Transfer"]
    rows = []
    for n, day in enumerate(_days(dt.date(2025, 1, 6), dt.date(2026, 10, 30), rng, 700)):
        who = rng.choices(people, weights=[p.weight for p in people])[0]
        service, price = rng.choice(services)
        status = rng.choices(["Paid", "Failed", "Refunded", "Canceled"], [90, 5, 3, 2])[0]
        refunded = price if status == "Refunded" else 0.0
        fee = round(price * 0.029 + 0.3, 2)
        rows.append([f"ch_demo{n:05d}", f"{day:%Y-%m-%d} {rng.randrange(24):02d}:{rng.randrange(60):02d}",
                     f"{price:.2f}", f"{refunded:.2f}", "usd", "true" if status != "Failed" else "false",
                     f"{price:.2f}", f"{refunded:.2f}", "usd",
                     "card_declined" if status == "Failed" else "", service, f"{fee:.2f}", "", "BRIGHTPATH",
                     status, "Payment complete." if status == "Paid" else "", "0.00", f"card_demo{n:05d}",
                     f"cus_demo{people.index(who):04d}", who.name, who.email, "", ""])
    _write_csv(path, header, rows)


VORNAMEN = ["Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hannes", "Ida", "Jonas", "Karla", "Lukas",
            "Marie", "Niklas", "Oskar", "Paula", "Quirin", "Rosa", "Simon", "Thea", "Ulrike", "Valentin", "Wiebke",
            "Yannick", "Zoe", "Jürgen", "Sören", "Mathilde", "Konrad", "Ilse"]
NACHNAMEN = ["Albrecht", "Brandl", "Claasen", "Dietz", "Eckhardt", "Fuchs", "Gerstner", "Hoffmeister", "Imhof",
             "Jansen", "Kübler", "Lindqvist", "Moosbrugger", "Nowak", "Oberländer", "Pfeiffer", "Quast", "Reinholz",
             "Stöckl", "Tiedemann", "Umbach", "Vogler", "Wendt", "Zeisig"]
STRASSEN = ["Lindenplatz", "Kastanienallee", "Mühlenweg", "Gartenstraße", "Am Hafen", "Schillerstraße", "Birkenweg"]


def praxis_german(path: Path) -> None:
    """Physiotherapie am Lindenplatz: a German practice's own export, semicolons, decimal commas, dates as
    DD.MM.YYYY and the amount's currency in its header."""
    rng = random.Random(55)
    people = _people(rng, 160, "example.de", VORNAMEN, NACHNAMEN)
    fictional = [f"030 23125{n:03d}" for n in range(1000)] + [f"+49 40 66969{n:03d}" for n in range(1000)]
    for person, phone in zip(people, rng.sample(fictional, len(people))):
        person.phone, person.street = phone, f"{rng.choice(STRASSEN)} {rng.randrange(1, 90)}"
    treatments = [("Krankengymnastik", 38.5), ("Manuelle Therapie", 46.0), ("Sportmassage", 55.0),
                  ("Lymphdrainage", 42.0), ("Rückenschule (Kurs)", 120.0), ("Hausbesuch", 68.0)]
    rows = []
    for day in _days(dt.date(2024, 11, 1), dt.date(2026, 10, 30), rng, 2200):
        who = rng.choices(people, weights=[p.weight for p in people])[0]
        treatment, fee = rng.choice(treatments)
        amount = -fee if rng.random() < 0.015 else fee
        rows.append([f"{day:%d.%m.%Y}", who.name, who.email, who.phone, treatment,
                     f"{amount:.2f}".replace(".", ","), rng.choice(["EC-Karte", "Überweisung", "Bar"]),
                     f"{who.street}, 10115 Berlin"])
    _write_csv(path, ["Datum", "Patient", "E-Mail", "Telefon", "Leistung", "Betrag (EUR)", "Zahlungsart", "Adresse"],
               rows, delimiter=";", encoding="utf-8-sig")


def _write_csv(path: Path, header: list[str] | None, rows: list[list], delimiter: str = ",",
               encoding: str = "utf-8") -> None:
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\n")
        if header:
            writer.writerow(header)
        writer.writerows(rows)


DEMOS = {
    "crumb-and-co-bakery-shopify-orders.csv": ("Crumb & Co. Bakery", bakery_shopify),
    "riverside-physio-sales.csv": ("Riverside Physiotherapy", physio_semicolon),
    "northgate-supplies-quickbooks.csv": ("Northgate Office Supplies", supplies_quickbooks),
    "bright-path-coaching-stripe.csv": ("Bright Path Coaching", coaching_stripe),
    "physiotherapie-am-lindenplatz.csv": ("Physiotherapie am Lindenplatz", praxis_german),
}
DEMO_OWNERS = {  # the fictional owner of each demo business, and its kind (see kinds.toml)
    "Crumb & Co. Bakery": {"owner_name": "Hana Okafor", "owner_phone": "+1 206-555-0100",
                           "owner_email": "hello@crumbandco.example", "kind": "food"},
    "Riverside Physiotherapy": {"owner_name": "Sam Reyes", "owner_phone": "+44 20 7946 0000",
                                "owner_email": "sam@riverside-physio.example", "kind": "health"},
    "Northgate Office Supplies": {"owner_name": "Priya Nair", "owner_phone": "+1 312-555-0100",
                                  "owner_email": "orders@northgate.example", "kind": "professional"},
    "Bright Path Coaching": {"owner_name": "Lea Fischer", "owner_phone": "+1 415-555-0100",
                             "owner_email": "lea@brightpath.example", "kind": "professional"},
    "Physiotherapie am Lindenplatz": {"owner_name": "Jonas Weber", "owner_phone": "+49 30 23125000",
                                      "owner_email": "praxis@lindenplatz.example", "kind": "health"},
}


def demo_businesses(folder: Path) -> dict[str, Path]:
    """Business name to demo export path, for the files present in ``folder``."""
    return {name: folder / file for file, (name, _make) in DEMOS.items() if (folder / file).is_file()}


def demo_details(name: str) -> dict[str, str]:
    """The demo business ``name`` as the plan shows it: its name, its fictional owner and how to reach them."""
    return {"business": name, **DEMO_OWNERS.get(name, {})}


def write_demos(folder: Path) -> list[Path]:
    """Write every demo export into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for file, (_name, make) in DEMOS.items():
        make(folder / file)
        written.append(folder / file)
    return written


if __name__ == "__main__":
    for written_path in write_demos(Path(sys.argv[1] if len(sys.argv) > 1 else "data")):
        print(written_path)

"""The coaching words of the app: talk tracks, prompts and suggestions, built from the plan.

All text here is plain (not HTML); the renderers escape it.
"""

from __future__ import annotations

import datetime as dt
import re

from .plan import CONTACT_METHODS, Plan, PlannedCustomer

REWARD_IDEAS = (
    "A personal thank-you gift you don't sell yourself, chosen for them (a good book, a bottle, tickets)",
    "Dinner for two at a local restaurant",
    "A hamper from a neighbouring business",
)
FRIEND_OFFER_IDEAS = (
    "A free, no-obligation first consultation",
    "A free review of their current situation, with no expectation to buy",
    "A welcome visit or tasting on the house",
)
CUSTOMER_ACTIONS = {
    "pass_number": "pass on your number to the friend",
    "call_friend": "call the friend and tell them you will be in touch",
    "introduce": "set up a three-way introduction (a call, an email or a coffee together)",
}
ASK_LABELS = {"pass_number": "Pass on my number", "call_friend": "Call their friend first",
              "introduce": "Introduce us (call, email or coffee)"}  # short, for choosing
_DISCOUNT = re.compile(r"\d+\s*%|\b(discount|off|voucher|coupon|credit|rebate|money back|free (session|month|delivery))\b",
                       re.IGNORECASE)
_METHOD_OPENERS = {
    "phone": "When you call",
    "visit": "When you sit down with them at the appointment",
    "drop_in": "When you drop in",
    "email": "In your email",
    "letter": "In your letter",
}


def since(day: dt.date | None, today: dt.date) -> str:
    """How long ago ``day`` was, in words an owner would use."""
    if day is None:
        return "date not known"
    days = (today - day).days
    if days < 0:
        return "in the future"
    if days == 0:
        return "today"
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''} ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    if days < 730:
        return f"{days // 30} months ago"
    return f"{days // 365} years ago"


_PROMPTS = {
    "recent": (
        "{first} chose {what} {when}. Start by thanking them and asking how it went: a pleased customer is the "
        "easiest one to ask.",
        "{what} is still fresh for {first} ({when}). Ask how it is working out before anything else; if they "
        "are happy with it, that is your opening.",
        "Only {when} since {first} bought {what}. A quick \"how did it go?\" shows you care about more than the "
        "sale, and makes the ask feel natural.",
    ),
    "months": (
        "{first} last bought {what} {when}. What will they need next, or when will it run out? Mention it: "
        "seeing a need coming is what makes you easy to recommend.",
        "It is {when} since {first}'s {what}. Is it time for the next one, or for something that goes with it? "
        "Offer it before they have to ask.",
        "{first} may be due again ({what}, {when}). Have one suggestion ready for what would help them now.",
    ),
    "long": (
        "{first} has not bought since {what}, {when}. Reconnect first: ask how they are and what has changed, "
        "and keep the referral for when you are back in touch.",
        "More than a year since {first}'s {what} ({when}). Open by catching up, not with the ask; if the "
        "warmth is still there, the ask will follow.",
    ),
    "unknown": (
        "The export does not say when {first} last bought. Ask what they have been up to, then what they "
        "might need next.",
    ),
}


def anticipate_prompt(customer: PlannedCustomer, today: dt.date, place: int = 0) -> str:
    """A nudge to think one step ahead, by how long ago the customer bought; ``place`` (their place in the
    round) picks the wording, so a list of customers does not read as one sentence ten times."""
    first = customer.name.split()[0] if customer.name.split() else customer.name
    what = customer.last_product or "their last purchase"
    days = (today - customer.last_purchase).days if customer.last_purchase else None
    kind = "unknown" if days is None else "recent" if days <= 45 else "months" if days <= 365 else "long"
    wording = _PROMPTS[kind][place % len(_PROMPTS[kind])]
    text = wording.format(first=first, what=what, when=since(customer.last_purchase, today))
    return text[0].upper() + text[1:]


def suggested(plan: Plan) -> Plan:
    """``plan`` with the workbook's first idea for the reward and the friend's offer where it has none, and
    those named in ``plan.suggested`` (so the plan can say they are suggestions)."""
    for name, idea in (("reward", REWARD_IDEAS[0]), ("friend_offer", FRIEND_OFFER_IDEAS[0])):
        if not getattr(plan, name).strip():
            setattr(plan, name, idea)
            plan.suggested = sorted({*plan.suggested, name})
    return plan


def is_discount(reward: str) -> bool:
    """True when a reward reads like money off rather than a personal thank-you."""
    return bool(_DISCOUNT.search(reward or ""))


def discount_note(reward: str) -> str | None:
    """A gentle note when the reward is a discount on what the customer already buys."""
    if not is_discount(reward):
        return None
    return ("A discount is fine, but a personal gift usually works better: something you don't sell, chosen "
            "because you know the person, says thank you in a way money off does not.")


def _conversation(plan: Plan, customer: PlannedCustomer) -> list[str]:
    """The four steps of the conversation in the owner's own words, ready to be said or written."""
    first = customer.name.split()[0] if customer.name.split() else customer.name
    prospect = plan.ideal_prospect.strip() or "people like you, with the same needs and standards"
    bought = f" Thank you again for choosing the {customer.last_product}." if customer.last_product else ""
    offer = plan.offer_for(customer) or "a no-obligation first conversation"
    return [
        f"{first}, I'll be honest: you're one of the customers I most enjoy working with.{bought} "
        "People like you tend to know others who care about the same things.",
        "Because you know exactly the kind of people I work best with, a name from you means more to me "
        "than any advert.",
        f"The people I can help most are {prospect}. Does anyone come to mind?",
        f"If you introduce them, I'll gladly look after them as a favour to you: {offer}, and no "
        "pressure to buy anything.",
    ]


def talk_track(plan: Plan, customer: PlannedCustomer, action: str = "pass_number") -> list[str]:
    """The four-step conversation for ``customer``, in the owner's voice, plus the ask."""
    first = customer.name.split()[0] if customer.name.split() else customer.name
    opener = _METHOD_OPENERS.get(customer.method or "", "When you speak")
    reward = plan.reward_for(customer)
    steps = _conversation(plan, customer)
    return [f'{opener}: "{steps[0]}"', *(f'"{step}"' for step in steps[1:]),
            f"Ask them to {CUSTOMER_ACTIONS.get(action, CUSTOMER_ACTIONS['pass_number'])}, and tell them what "
            "happens next: you will contact the friend within two days and treat them with the same care."
            + (f" As a thank-you, {first} gets: {reward}." if reward else "")]


def email_draft(plan: Plan, customer: PlannedCustomer) -> tuple[str, str]:
    """The conversation as an email the owner can send as it is or change: (subject, body)."""
    steps = _conversation(plan, customer)
    action = CUSTOMER_ACTIONS.get(customer.ask, CUSTOMER_ACTIONS["pass_number"])
    reward = plan.reward_for(customer)
    body = "\n\n".join([
        "Hello " + steps[0], " ".join(steps[1:3]), steps[3],
        f"If someone comes to mind, could you {action}? I will be in touch with them within two days and look "
        "after them with the same care you know." + (f" And as a thank-you from me: {reward}." if reward else ""),
        f"With thanks,\n{plan.business}",
    ])
    return f"A small favour, from {plan.business}", body


def method_label(method: str | None) -> str:
    return CONTACT_METHODS.get(method or "", "Not chosen")

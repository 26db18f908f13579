"""The coaching words of the app: talk tracks, prompts and suggestions, built from the plan.

All text here is plain (not HTML); the renderers escape it.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib

from ..i18n import N_, _, language, ngettext
from .kinds import ideas
from .plan import Plan, PlannedCustomer

CUSTOMER_ACTIONS = {
    "pass_number": N_("pass on your number to the friend"),
    "call_friend": N_("call the friend and tell them you will be in touch"),
    "introduce": N_("set up a three-way introduction (a call, an email or a coffee together)"),
}
_EMAIL_ACTIONS = {  # the same, as the owner writes it to the customer
    "pass_number": N_("pass my number on to them"),
    "call_friend": N_("call them first and tell them I will be in touch"),
    "introduce": N_("introduce us (a call, an email or a coffee together)"),
}
ASK_LABELS = {"pass_number": N_("Pass on my number"), "call_friend": N_("Call their friend first"),
              "introduce": N_("Introduce us (call, email or coffee)")}  # short, for choosing
# Money off rather than a thank-you, in the workbook's four languages.
_DISCOUNT = re.compile(
    r"\d+\s*%|\b(discount|off|voucher|coupon|credit|rebate|money back|free (session|month|delivery)|rabatt|"
    r"gutschein|nachlass|preisnachlass|erm(ä|ae)(ß|ss)igung|gutschrift|r(é|e)duction|remise|bon d'achat|avoir|"
    r"descuento|cup(ó|o)n|vale|rebaja|bonificaci(ó|o)n)\b", re.IGNORECASE)
# TRANSLATORS: how the talk track opens for each contact method; {words} is the first thing said, {first} the
# customer's first name.
_METHOD_OPENERS = {
    "phone": N_("When you call {first}: \u201c{words}\u201d"),
    "visit": N_("When you sit down with {first} at the appointment: \u201c{words}\u201d"),
    "drop_in": N_("When you drop in on {first}: \u201c{words}\u201d"),
    "email": N_("In your email to {first}: \u201c{words}\u201d"),
    "letter": N_("In your letter to {first}: \u201c{words}\u201d"),
    "": N_("When you speak to {first}: \u201c{words}\u201d"),
}


def first_name(customer: PlannedCustomer) -> str:
    """The name to greet a customer by: the first word of their name."""
    return customer.name.split()[0] if customer.name.split() else customer.name


def since(day: dt.date | None, today: dt.date) -> str:
    """How long ago ``day`` was, in words an owner would use."""
    if day is None:
        return _("date not known")
    days = (today - day).days
    if days < 0:
        return _("in the future")
    if days == 0:
        return _("today")
    if days < 14:
        return ngettext("{count} day ago", "{count} days ago", days).format(count=days)
    if days < 60:
        return ngettext("{count} week ago", "{count} weeks ago", days // 7).format(count=days // 7)
    if days < 730:
        return ngettext("{count} month ago", "{count} months ago", days // 30).format(count=days // 30)
    return ngettext("{count} year ago", "{count} years ago", days // 365).format(count=days // 365)


def span(days: int) -> str:
    """A length of time in days, in the words an owner would use ("4 days", "5 weeks", "3 months")."""
    if days < 14:
        return ngettext("{count} day", "{count} days", days).format(count=days)
    if days < 60:  # counted as since() counts, so a prompt and the table beside it agree
        return ngettext("{count} week", "{count} weeks", days // 7).format(count=days // 7)
    if days < 730:
        return ngettext("{count} month", "{count} months", days // 30).format(count=days // 30)
    return ngettext("{count} year", "{count} years", days // 365).format(count=days // 365)


_CODES = re.compile(r"\s*[(\[][^)\]]*[)\]]"  # (anything in brackets)
                    r"|\s+(?:x\s*\d+|\d+\s*x|#\s*\w+|-\s*[A-Z0-9-]*\d[A-Z0-9-]*)$"  # x 2, 2x, #12, - AB-12 at the end
                    r"|(?:^|\s+)[A-Z]{2,}-?\d+\b")  # a product code: SKU-123
_CAPITALISED = re.compile(r"^[^\W\d_][^\W\d_A-Z]*$")
NOUNS_CAPITALISED = frozenset({"de"})  # languages whose nouns keep a capital inside a sentence


def plain_product(product: str | None) -> str | None:
    """What a customer bought in words to say to them: without the catalogue's sizes, counts and codes ("Croissant
    box (6)" is "croissant box", "Bread subscription (month)" "bread subscription"); None when nothing is left."""
    if not product:
        return None
    text = " ".join(_CODES.sub("", product).split()).strip(" -,;:/")
    if not text:
        return None
    first, _space, rest = text.partition(" ")
    if language() not in NOUNS_CAPITALISED and _CAPITALISED.match(first):
        text = " ".join(filter(None, (first.lower(), rest)))
    return text


def rhythm(customer: PlannedCustomer) -> int | None:
    """How many days apart the customer's purchases usually are (None under three purchases, too few to call a
    rhythm, or dates unknown)."""
    first, last = customer.first_purchase, customer.last_purchase
    if customer.orders < 3 or not first or not last or last <= first:
        return None
    return max(1, round((last - first).days / (customer.orders - 1)))


# TRANSLATORS: {first} is the customer's first name, {what} what they last bought in plain words, {when} how long
# ago ("3 weeks ago"), {every} how often they usually buy ("4 days"), {gap} the time since they last bought ("5
# weeks"). Refer to the customer by {first} where your language would give them a gender with a pronoun.
_PROMPTS = {
    "overdue": (
        N_("Usually every {every}; {gap} since {first} last bought ({what}): reconnect first, and ask how they are "
           "before you ask anything of them."),
        N_("{first} usually buys every {every}, but the last time was {gap} ago ({what}). Before any ask, find out "
           "whether anything has changed, and listen."),
    ),
    "due": (
        N_("{first} usually comes back every {every}, and it has been {gap} ({what}): they may be due. Have one "
           "suggestion ready for what would help them now."),
        N_("About every {every} is {first}'s rhythm, and {gap} have passed since {what}. Is it time for the next one, "
           "or for something that goes with it? Offer it before they have to ask."),
    ),
    "regular": (
        N_("{first} buys about every {every}; the last time was {when} ({what}). Ask how it went: a pleased regular "
           "is the easiest one to ask."),
        N_("A regular: about every {every}, the last time {when} ({what}). Thank {first} for coming back so often; "
           "that is your opening."),
    ),
    "recent": (
        N_("{first} bought {what} {when}. Start by thanking them and asking how it went: a pleased customer is the "
           "easiest one to ask."),
    ),
    "months": (
        N_("{first} last bought {what} {when}. What will they need next, or when will it run out? Mention it: "
           "seeing a need coming is what makes you easy to recommend."),
    ),
    "long": (
        N_("{first} has not bought since {what}, {when}. Reconnect first: ask how they are and what has changed, "
           "and keep the referral for when you are back in touch."),
    ),
    "unknown": (
        N_("The export does not say when {first} last bought. Ask what they have been up to, then what they "
           "might need next."),
    ),
}


def anticipate_prompt(customer: PlannedCustomer, today: dt.date) -> str:
    """A nudge to think one step ahead, from the customer's own rhythm: how often they usually buy, and whether
    they are overdue against it (after a single purchase: how long ago it was). The customer's key picks the
    wording, so a list does not read as one sentence ten times, and a customer reads the same wherever they are."""
    what = plain_product(customer.last_product) or _("their last purchase")
    days = (today - customer.last_purchase).days if customer.last_purchase else None
    every = rhythm(customer)
    if days is None:
        kind = "unknown"
    elif every is not None:
        kind = "overdue" if days > max(1.5 * every, every + 7) else "due" if days >= 0.8 * every else "regular"
    else:
        kind = "recent" if days <= 45 else "months" if days <= 365 else "long"
    wordings = _PROMPTS[kind]
    wording = _(wordings[zlib.crc32(customer.key.encode()) % len(wordings)])
    text = wording.format(first=first_name(customer), what=what, when=since(customer.last_purchase, today),
                          every=span(every or 0), gap=span(days or 0))
    return text[0].upper() + text[1:]


def suggest(plan: Plan) -> Plan:
    """``plan`` with its kind's first idea for the reward and the friend's offer where it has none, or still has
    a suggestion (of another kind, say); those are named in ``plan.suggested`` (so the plan can say they are
    suggestions). What the owner wrote is never changed."""
    for name in ("reward", "friend_offer"):
        if name in plan.suggested or not getattr(plan, name).strip():
            setattr(plan, name, ideas(plan.kind, name)[0])
            plan.suggested = sorted({*plan.suggested, name})
    return plan


def is_discount(reward: str) -> bool:
    """True when a reward reads like money off rather than a personal thank-you."""
    return bool(_DISCOUNT.search(reward or ""))


def discount_note(reward: str) -> str | None:
    """A gentle note when the reward is a discount on what the customer already buys."""
    if not is_discount(reward):
        return None
    return _("A discount is fine, but a personal gift usually works better: something you don't sell, chosen "
             "because you know the person, says thank you in a way money off does not.")


WRITTEN = frozenset({"email", "letter"})  # methods where the ask is read, not heard


def _conversation(plan: Plan, customer: PlannedCustomer) -> list[str]:
    """The four steps of the conversation in the owner's own words, ready to be said (or, for an email or a letter,
    written)."""
    prospect = plan.ideal_prospect.strip() or ideas(plan.kind, "ideal_prospect")[0]
    offer = plan.offer_for(customer) or _("a no-obligation first conversation")
    product = plain_product(customer.last_product)
    # TRANSLATORS: the four steps of the conversation, spoken (or written, for an email or a letter) by the owner to
    # a good customer ({first}). Say them as you would to a customer, not word for word; use {first} where your
    # language would give the customer a gender with a pronoun.
    if customer.method in WRITTEN:
        opening = (_("{first}, I am writing because you are one of the customers I most enjoy working with. Thank you "
                     "again for choosing the {product}. People like you tend to know others who care about the same "
                     "things.") if product else
                   _("{first}, I am writing because you are one of the customers I most enjoy working with. People "
                     "like you tend to know others who care about the same things."))
    else:
        opening = (_("{first}, I'll be honest: you're one of the customers I most enjoy working with. Thank you "
                     "again for choosing the {product}. People like you tend to know others who care about the same "
                     "things.") if product else
                   _("{first}, I'll be honest: you're one of the customers I most enjoy working with. People like "
                     "you tend to know others who care about the same things."))
    return [
        opening.format(first=first_name(customer), product=product),
        _("Because you know exactly the kind of people I work best with, a name from you means more to me "
          "than any advert."),
        _("The people I can help most are {prospect}. Does anyone come to mind?").format(prospect=prospect),
        _("If you introduce them, I'll gladly look after them as a favour to you: {offer}, and no "
          "pressure to buy anything.").format(offer=offer),
    ]


def shared_steps(plan: Plan) -> list[str]:
    """The conversation's steps after the opening, the same for every customer (with the plan's offer for the
    friend): said once on the printed plan."""
    return _conversation(plan, PlannedCustomer(key="", name=""))[1:]


def action_text(action: str, phone: str = "") -> str:
    """What the customer is asked to do, as the end of a sentence ("pass on your number to the friend"), with the
    owner's ``phone`` where it is a number to pass on."""
    if action in ("pass_number", "") and phone:
        return _("pass on your number ({phone}) to the friend").format(phone=phone)
    return _(CUSTOMER_ACTIONS.get(action, CUSTOMER_ACTIONS["pass_number"]))


def talk_track(plan: Plan, customer: PlannedCustomer, action: str = "pass_number") -> list[str]:
    """The four-step conversation for ``customer``, in the owner's voice, plus the ask."""
    reward = plan.reward_for(customer)
    steps = _conversation(plan, customer)
    first = first_name(customer)
    # TRANSLATORS: {first} is the customer's first name: use it where your language would give them a gender.
    ask = _("Ask {first} to {action}, and say what happens next: you will contact the friend within two days and "
            "look after them with the same care.").format(first=first, action=action_text(action, plan.owner_phone))
    if reward:
        ask += " " + _("As a thank-you, {first} gets: {reward}.").format(first=first, reward=reward)
    return [_(_METHOD_OPENERS.get(customer.method or "", _METHOD_OPENERS[""])).format(first=first, words=steps[0]),
            *(_("\u201c{words}\u201d").format(words=step) for step in steps[1:]), ask]


def signature(plan: Plan) -> str:
    """How the owner signs an email or a letter: their name, the business, and how to reach them."""
    reach = " · ".join(filter(None, (plan.owner_phone, plan.owner_email)))
    return "\n".join(filter(None, (plan.owner_name, plan.business, reach)))


def email_draft(plan: Plan, customer: PlannedCustomer) -> tuple[str, str]:
    """The conversation as an email the owner can send as it is or change: (subject, body)."""
    steps = _conversation(plan, customer)
    reward = plan.reward_for(customer)
    if customer.ask in ("pass_number", "") and plan.owner_phone:
        action = _("pass my number, {phone}, on to them").format(phone=plan.owner_phone)
    else:
        action = _(_EMAIL_ACTIONS.get(customer.ask, _EMAIL_ACTIONS["pass_number"]))
    ask = _("If someone comes to mind, could you {action}? I will be in touch with them within two days and look "
            "after them with the same care you know.").format(action=action)
    if reward:
        ask += " " + _("And as a thank-you from me: {reward}.").format(reward=reward)
    body = "\n\n".join(filter(None, [
        _("Hello {words}").format(words=steps[0]), " ".join(steps[1:3]), steps[3], ask,
        _("With thanks,") + ("\n" + signature(plan) if signature(plan) else ""),
    ]))
    sender = plan.business or plan.owner_name
    return (_("A small favour, from {business}").format(business=sender) if sender else _("A small favour")), body

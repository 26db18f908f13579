"""The coaching words of the app: talk tracks, prompts and suggestions, built from the plan.

All text here is plain (not HTML); the renderers escape it.
"""

from __future__ import annotations

import datetime as dt
import re

from .i18n import N_, _, ngettext
from .plan import Plan, PlannedCustomer

REWARD_IDEAS = (
    N_("A personal thank-you gift you don't sell yourself, chosen for them (a good book, a bottle, tickets)"),
    N_("Dinner for two at a local restaurant"),
    N_("A hamper from a neighbouring business"),
)
FRIEND_OFFER_IDEAS = (
    N_("A free, no-obligation first consultation"),
    N_("A free review of their current situation, with no expectation to buy"),
    N_("A welcome visit or tasting on the house"),
)
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
# TRANSLATORS: how the talk track opens for each contact method; {words} is the first thing said.
_METHOD_OPENERS = {
    "phone": N_("When you call: \u201c{words}\u201d"),
    "visit": N_("When you sit down with them at the appointment: \u201c{words}\u201d"),
    "drop_in": N_("When you drop in: \u201c{words}\u201d"),
    "email": N_("In your email: \u201c{words}\u201d"),
    "letter": N_("In your letter: \u201c{words}\u201d"),
    "": N_("When you speak: \u201c{words}\u201d"),
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


# TRANSLATORS: {first} is the customer's first name, {what} what they last bought, {when} how long ago
# ("3 weeks ago"). Vary the wording as the English does: an owner reads ten of these one after another.
_PROMPTS = {
    "recent": (
        N_("{first} chose {what} {when}. Start by thanking them and asking how it went: a pleased customer is the "
           "easiest one to ask."),
        N_("{what} is still fresh for {first} ({when}). Ask how it is working out before anything else; if they "
           "are happy with it, that is your opening."),
        N_("{first} bought {what} only {when}. A quick \u201chow did it go?\u201d shows you care about more than "
           "the sale, and makes the ask feel natural."),
    ),
    "months": (
        N_("{first} last bought {what} {when}. What will they need next, or when will it run out? Mention it: "
           "seeing a need coming is what makes you easy to recommend."),
        N_("{first} bought {what} {when}. Is it time for the next one, or for something that goes with it? "
           "Offer it before they have to ask."),
        N_("{first} may be due again ({what}, {when}). Have one suggestion ready for what would help them now."),
    ),
    "long": (
        N_("{first} has not bought since {what}, {when}. Reconnect first: ask how they are and what has changed, "
           "and keep the referral for when you are back in touch."),
        N_("More than a year since {first}'s {what} ({when}). Open by catching up, not with the ask; if the "
           "warmth is still there, the ask will follow."),
    ),
    "unknown": (
        N_("The export does not say when {first} last bought. Ask what they have been up to, then what they "
           "might need next."),
    ),
}


def anticipate_prompt(customer: PlannedCustomer, today: dt.date, place: int = 0) -> str:
    """A nudge to think one step ahead, by how long ago the customer bought; ``place`` (their place in the
    round) picks the wording, so a list of customers does not read as one sentence ten times."""
    what = customer.last_product or _("their last purchase")
    days = (today - customer.last_purchase).days if customer.last_purchase else None
    kind = "unknown" if days is None else "recent" if days <= 45 else "months" if days <= 365 else "long"
    wording = _(_PROMPTS[kind][place % len(_PROMPTS[kind])])
    text = wording.format(first=first_name(customer), what=what, when=since(customer.last_purchase, today))
    return text[0].upper() + text[1:]


def suggested(plan: Plan) -> Plan:
    """``plan`` with the workbook's first idea for the reward and the friend's offer where it has none, and
    those named in ``plan.suggested`` (so the plan can say they are suggestions)."""
    for name, idea in (("reward", REWARD_IDEAS[0]), ("friend_offer", FRIEND_OFFER_IDEAS[0])):
        if not getattr(plan, name).strip():
            setattr(plan, name, _(idea))
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


def _conversation(plan: Plan, customer: PlannedCustomer) -> list[str]:
    """The four steps of the conversation in the owner's own words, ready to be said or written."""
    prospect = plan.ideal_prospect.strip() or _("people like you, with the same needs and standards")
    offer = plan.offer_for(customer) or _("a no-obligation first conversation")
    # TRANSLATORS: the four steps of the conversation, spoken by the owner to a good customer ({first}).
    # Say them as you would say them to a customer, not word for word.
    opening = (_("{first}, I'll be honest: you're one of the customers I most enjoy working with. Thank you again "
                 "for choosing the {product}. People like you tend to know others who care about the same things.")
               if customer.last_product else
               _("{first}, I'll be honest: you're one of the customers I most enjoy working with. People like you "
                 "tend to know others who care about the same things."))
    return [
        opening.format(first=first_name(customer), product=customer.last_product),
        _("Because you know exactly the kind of people I work best with, a name from you means more to me "
          "than any advert."),
        _("The people I can help most are {prospect}. Does anyone come to mind?").format(prospect=prospect),
        _("If you introduce them, I'll gladly look after them as a favour to you: {offer}, and no "
          "pressure to buy anything.").format(offer=offer),
    ]


def action_text(action: str) -> str:
    """What the customer is asked to do, as the end of a sentence ("pass on your number to the friend")."""
    return _(CUSTOMER_ACTIONS.get(action, CUSTOMER_ACTIONS["pass_number"]))


def talk_track(plan: Plan, customer: PlannedCustomer, action: str = "pass_number") -> list[str]:
    """The four-step conversation for ``customer``, in the owner's voice, plus the ask."""
    reward = plan.reward_for(customer)
    steps = _conversation(plan, customer)
    ask = _("Ask them to {action}, and tell them what happens next: you will contact the friend within two days "
            "and treat them with the same care.").format(action=action_text(action))
    if reward:
        ask += " " + _("As a thank-you, {first} gets: {reward}.").format(first=first_name(customer), reward=reward)
    return [_(_METHOD_OPENERS.get(customer.method or "", _METHOD_OPENERS[""])).format(words=steps[0]),
            *(_("\u201c{words}\u201d").format(words=step) for step in steps[1:]), ask]


def email_draft(plan: Plan, customer: PlannedCustomer) -> tuple[str, str]:
    """The conversation as an email the owner can send as it is or change: (subject, body)."""
    steps = _conversation(plan, customer)
    reward = plan.reward_for(customer)
    ask = _("If someone comes to mind, could you {action}? I will be in touch with them within two days and look "
            "after them with the same care you know.").format(
        action=_(_EMAIL_ACTIONS.get(customer.ask, _EMAIL_ACTIONS["pass_number"])))
    if reward:
        ask += " " + _("And as a thank-you from me: {reward}.").format(reward=reward)
    body = "\n\n".join([
        _("Hello {words}").format(words=steps[0]), " ".join(steps[1:3]), steps[3], ask,
        _("With thanks,\n{business}").format(business=plan.business),
    ])
    return _("A small favour, from {business}").format(business=plan.business), body

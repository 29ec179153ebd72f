"""Lesson 3 self-checks: attentive service (the Peninsula waiter, the Oriental Hotel, the marriage).

Question 3-3 is computed from the `stays` table.
"""

from __future__ import annotations

import pandas as pd

from course.i18n import translator
from course.selfcheck.engine import N_, Choice, Numeric, Question
from course.topics.guests import prediction_hit_rate

_ = translator("selfcheck")

DATASETS = ("stays",)


def extra_right_guesses(stays: pd.DataFrame) -> float:
    """How many more returning stays the record's usual seat gets right than the hotel's most popular seat."""
    seat = prediction_hit_rate(stays, "seat")
    if not seat["stays_tested"]:
        raise ValueError(_("stays has no returning stay: question 3-3 needs returning guests; load the table "
                           "with course.datasets.load('stays')"))
    return float(seat["stays_tested"] * (seat["record_hit_rate"] - seat["popular_hit_rate"]))


FIXED: dict[str, Question] = {
    "3-1": Choice(
        id="3-1",
        prompt=N_("A guest complains loudly that their usual breakfast table was given away. For the hotel this is..."),
        options=(N_("Mainly a cost: handle it quickly and politely, and close the case before it escalates"),
                 N_("A chance to keep the guest and learn what to fix: the seed calls it a chance to make profit"),
                 N_("A warning sign: note in the guest's record that this is a difficult guest, so that staff are "
                    "prepared next time")),
        answer=1,
        why=N_("The seed calls a complaint an excellent chance to create profit: handled well, it keeps the "
               "guest and shows what to improve (here: a record of the usual table, read before the guest comes)."),
        wrong={0: N_("Speed and politeness matter, but seeing only a cost misses the two gains: a guest kept, and "
                     "a fault (the lost table) that can be fixed for everyone."),
               2: N_("One complaint says little about the guest, and most unhappy guests never complain at all. "
                     "The record should hold the guest's preferences, not a label.")}),
    "3-2": Choice(
        id="3-2",
        prompt=N_("What did the Peninsula Hotel waiter say were the two things he did for 15 years?"),
        options=(N_("Remembered each regular guest's usual seat and order, and had them ready before the guest "
                    "asked"),
                 N_("Greeted returning guests by name, and remembered their room, their newspaper and how they "
                    "take their tea"),
                 N_("Sent every guest he had served a birthday card each year, and greeted returning guests by "
                    "name")),
        answer=2,
        why=N_("Two small details, done every year without fail: a card on every served guest's birthday and "
               "the guest's name on their return."),
        wrong={0: N_("That is the Oriental Hotel's story (the window seat, the sandwich, egg and coffee), kept in a "
                     "customer-information system, not the Peninsula waiter's habits."),
               1: N_("Half right: he greeted returning guests by name. His other habit was a birthday card, every "
                     "year, to every guest he had served.")}),
    "3-4": Choice(
        id="3-4",
        prompt=N_("The seed compares existing customers and prospects to..."),
        options=(N_("A marriage (existing customers, cared for over the long run) and a lover to be courted with "
                    "attention (prospects)"),
                 N_("A lover (existing customers, who must be kept excited) and a marriage (prospects, a "
                    "commitment still to be won)"),
                 N_("Old friends (existing customers, who forgive a slip) and guests (prospects, who must be "
                    "impressed)")),
        answer=0,
        why=N_("Customers you have won are to be cared for like a marriage, for the long run; prospects are "
               "courted with attention and personal service until they join."),
        wrong={1: N_("The other way round: the marriage is the relationship you already have, kept up with "
                     "continued attention."),
               2: N_("The seed's image is stronger than friendship, and it does not say existing customers forgive: "
                     "a marriage is a commitment to keep working at.")}),
}


def computed(stays: pd.DataFrame) -> dict[str, Question]:
    """Question 3-3, from `stays`."""
    extra = extra_right_guesses(stays)
    return {"3-3": Numeric(
        id="3-3",
        prompt=N_("Over the returning stays tested above, how many more times does offering the guest's usual "
                  "seat get it right than offering the hotel's most popular seat? (A number of stays.)"),
        answer=round(extra), tolerance=10, unit=N_("stays"),
        why=N_("About {extra:.0f}: the stays tested times the difference between the two hit rates. That is the "
               "record's value in the language of the front desk: that many more guests greeted with the right "
               "seat."),
        too_low=N_("Too low: multiply the number of stays tested by the difference of the two seat hit rates "
                   "(record minus most popular), not by the popular seat's rate alone."),
        too_high=N_("Too high: is that the record's right guesses alone, or the breakfast rates? Use the seat "
                    "rates, and take away the guesses the most popular seat would have got right anyway."),
        fill={"extra": extra})}

"""Lesson 3 self-checks: attentive service (the Peninsula waiter, the Oriental Hotel, the marriage).

Question 3-3 is computed from the `stays` table.
"""

from __future__ import annotations

import pandas as pd

from course.selfcheck.engine import Choice, Numeric, Question
from course.topics.guests import visit_history

DATASETS = ("stays",)


def oriental_years(stays: pd.DataFrame, guest_id: str = "G0001") -> float:
    """Whole years between Mr Yu's (G0001) return and his previous stay: the Oriental story's 'three years'."""
    h = visit_history(stays)
    back = h.loc[(h["guest_id"] == guest_id) & h["returning"], "years_since_last"]
    if back.empty:
        raise ValueError(f"stays has no return visit of {guest_id}: question 3-3 needs the Oriental Hotel guest; "
                         "load the table with course.datasets.load('stays')")
    return float(round(back.iloc[-1]))


FIXED: dict[str, Question] = {
    "3-1": Choice(
        id="3-1",
        prompt="A guest complains loudly that his breakfast table was given away. For the hotel this is...",
        options=("A nuisance to be closed as fast as possible",
                 "A chance to win the guest back and learn what to fix: a profit opportunity",
                 "Proof that the guest is difficult and should be flagged"),
        answer=1,
        why="The seed calls a complaint an excellent chance to create profit: handled well, it keeps the "
            "guest and shows what to improve.",
        wrong={0: "Closing fast is good, but seeing only a nuisance misses the chance to keep the guest and "
                  "learn from the complaint.",
               2: "One complaint says little about the guest; most unhappy guests never complain at all."}),
    "3-2": Choice(
        id="3-2",
        prompt="What did the Peninsula Hotel waiter say were the two things he did for 15 years?",
        options=("Upgraded regular guests and gave discounts",
                 "Sent every guest he had served a birthday card each year, and greeted returning guests "
                 "by name",
                 "Learned five languages and memorised the menu"),
        answer=1,
        why="Two small details, done every year without fail: a card on every served guest's birthday and "
            "the guest's name on their return.",
        wrong={0: "Nothing in the story is about money: attentive service lives in small details.",
               2: "Skills help, but the waiter named two habits, both about remembering the guest."}),
    "3-4": Choice(
        id="3-4",
        prompt="The seed compares existing customers and prospects to...",
        options=("A marriage (existing) and a courtship (prospects)",
                 "A courtship (existing) and a marriage (prospects)",
                 "Friends (existing) and strangers (prospects)"),
        answer=0,
        why="Customers you have won are to be cared for like a marriage, for the long run; prospects are "
            "courted with attention and personal service until they join.",
        wrong={1: "The other way round: the marriage is the relationship you already have.",
               2: "The seed's image is stronger than friendship: a lifelong commitment to keep working at."}),
}


def computed(stays: pd.DataFrame) -> dict[str, Question]:
    """Question 3-3, from `stays`."""
    return {"3-3": Numeric(
        id="3-3",
        prompt="Mr Yu (G0001) came back to the hotel in March 2025. How many whole years had passed since "
               "his previous stay? (Use the stays table.)",
        answer=oriental_years(stays), tolerance=0.5, unit="years",
        why="2022-03-14 to 2025-03-10 is just under three years: the Oriental Hotel story's 'three years "
            "later'.",
        too_low="Look at both of G0001's check-in dates in stays: 2022 and 2025.",
        too_high="Count from the previous check-in (2022-03-14), not from his first booking enquiry.")}

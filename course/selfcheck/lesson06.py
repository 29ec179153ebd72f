"""Lesson 6 self-checks: worst customers (CLV, divestment steps, the Wharton argument)."""

from __future__ import annotations

from course.selfcheck.engine import Choice, Numeric, Question
from course.topics.profitability import clv

FIXED: dict[str, Question] = {
    "6-1": Choice(
        "6-1", "In a competitive market, why can firing your low-value customers lower your profit?",
        ("Because low-value customers always become high-value later.",
         "Because a rival now knows that everyone left is valuable, and attacks your remaining base harder.",
         "Because firing customers is illegal in most markets.",
         "Because low-value customers cost nothing to serve."),
        answer=1,
        why="Subramanian, Raju & Zhang (2014): costly customers in your base lower a rival's expected gain "
            "from poaching; drop them and the rival's best move is to target what is left.",
        wrong={0: "Some do grow, but the Wharton argument is about the rival's reaction, not growth.",
               2: "It is legal (Sprint Nextel did it); the question is whether it pays.",
               3: "They cost a lot to serve: that is why firing them is tempting."}),
    "6-2": Numeric(
        "6-2", "A client yields a margin of 10,000 CNY a year, stays with probability 0.8 each year, and the "
        "discount rate is 10%. What is its CLV = m·r/(1+i−r), in CNY?",
        answer=clv(10_000, 0.8, 0.1), tolerance=50, unit="CNY",
        why="10,000 × 0.8 / (1 + 0.1 − 0.8) = 8,000 / 0.3 ≈ 26,667 CNY.",
        too_low="Too low: did you divide by (1 + i) instead of (1 + i − r)?",
        too_high="Too high: check the denominator 1 + 0.1 − 0.8 = 0.3, and multiply m by r = 0.8."),
    "6-3": Choice(
        "6-3", "A basic-plan client calls the help desk 45 times a month to ask how to download reports. "
        "It pays on time and is polite. Which divestment step fits first?",
        ("Terminate", "Educate", "Renegotiate", "Migrate"),
        answer=1,
        why="The calls come from not knowing the self-service channels: teach them (Fidelity).",
        wrong={0: "Termination is the last of five steps; nothing has been tried yet.",
               2: "Repricing does not stop the calls; the problem is know-how, not price.",
               3: "Migration (e.g. to prepaid) fits late payers; this client pays on time."}),
    "6-4": Choice(
        "6-4", "Which advice does the Wharton research give for low-value customers in a competitive market?",
        ("Fire them all at once.",
         "Give them the same discounts as your best customers.",
         "Keep them, serve them through cheaper channels (IVR, web), trim their discounts, and keep rivals "
         "guessing who is valuable.",
         "Tell them publicly that they are low-value so they improve."),
        answer=2,
        why="Keeping them on cheap channels keeps the cost down while the base stays mixed, so rivals cannot "
            "pick out the valuable customers.",
        wrong={0: "That is what invites the rival to attack your remaining base.",
               1: "Discounts are exactly what the research says to trim for low-value customers.",
               3: "Signalling who is valuable is what a rival needs to target your best customers."}),
}

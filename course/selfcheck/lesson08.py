"""Lesson 8 self-checks: the capstone (duplicates, justice, the recovery paradox, Pareto)."""

from __future__ import annotations

from course.selfcheck.engine import Choice, Numeric, Question

FIXED: dict[str, Question] = {
    "8-1": Choice(
        "8-1", "Why remove the duplicate submissions before building the Pareto chart?",
        ("Duplicates make the chart slower to draw.",
         "A complaint sent twice would be counted twice, inflating its root cause and the workload.",
         "Duplicates are always spam from competitors.",
         "The law requires it."),
        answer=1,
        why="The same customer with the same text minutes apart is one problem, not two.",
        wrong={0: "Speed is not the issue; the counts are wrong.",
               2: "They are ordinary customers pressing 'send' twice.",
               3: "It is about honest counts, not law."}),
    "8-2": Choice(
        "8-2", "A client gets a full refund, but the agent was curt and never apologised. Which kind of "
               "justice is still missing?",
        ("Distributive (outcome)", "Procedural (process)", "Interactional (treatment)", "None"),
        answer=2,
        why="Interactional justice is about how the customer is treated: courtesy, apology, honesty.",
        wrong={0: "The refund is the outcome: distributive justice is served.",
               1: "Procedure is about speed, access and ownership; the gap here is treatment.",
               3: "Tax, Brown & Chandrashekaran found all three matter; curt treatment undoes a fair refund."}),
    "8-3": Choice(
        "8-3", "What does the best evidence say about the 'service recovery paradox' (a customer whose "
               "problem was fixed well ends up happier than one who never had a problem)?",
        ("It is proven: always let small failures happen, then recover.",
         "It lifts satisfaction on average, but has no significant effect on repurchase or word of mouth.",
         "It never occurs.",
         "It only applies to hotels."),
        answer=1,
        why="De Matos, Henrique & Rossi's 2007 meta-analysis: a positive effect on satisfaction, none "
            "significant on repurchase intention or word of mouth. Recover well; do not plan to fail.",
        wrong={0: "No study supports engineering failures; the repurchase effect is not significant.",
               2: "The meta-analysis does find a lift in satisfaction.",
               3: "The studies span many industries."}),
    "8-4": Numeric(
        "8-4", "A queue has 200 complaints: 80 late reports, 50 data errors, 30 billing errors, 20 outages and "
               "20 other. What share of complaints (in %) do the top two causes make?",
        answer=65.0, tolerance=0.5, unit="%",
        why="(80 + 50) / 200 = 65%.",
        too_low="Too low: add the two largest counts, 80 and 50, and divide by 200.",
        too_high="Too high: only the top two causes, 80 + 50, out of 200."),
}

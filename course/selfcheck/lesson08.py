"""Lesson 8 self-checks: the capstone (duplicates, justice, the recovery paradox, Pareto)."""

from __future__ import annotations

from course.selfcheck.engine import N_, Choice, Numeric, Question

FIXED: dict[str, Question] = {
    "8-1": Choice(
        "8-1", N_("Which submissions does the lesson remove as duplicates before building the Pareto chart, and "
           "why?"),
        (N_("The same text from any client: identical complaints are most likely one person using several "
            "accounts."),
         N_("The same client with the same text minutes apart: one problem would otherwise count twice."),
         N_("Every complaint after a client's first of the day, whatever the text: one client is one case."),
         N_("Complaints with the same root cause within ten minutes: a burst about one outage is one incident.")),
        answer=1,
        why=N_("A client pressing 'send' twice is one problem. Counting it twice inflates its root cause and the "
               "workload; the lesson treats it as one complaint (same client, same text, within 10 minutes)."),
        wrong={0: N_("The lesson warns against exactly this: many clients hit the same problem and describe it in "
                     "the same words. Removing them would hide how widespread the problem is."),
               2: N_("A client may have two different problems on one day; each is a complaint to answer and a "
                     "cause to count."),
               3: N_("Many clients complaining about one outage are many complaints: that is what makes the outage "
                     "a vital few cause. Only one client's repeated submission is a duplicate.")}),
    "8-2": Choice(
        "8-2", N_("A client gets a full refund, but the agent was curt and never apologised. Which kind of "
                  "justice is still missing?"),
        (N_("Distributive (outcome)"), N_("Procedural (process)"), N_("Interactional (treatment)"),
         N_("None: a full refund settles the complaint, since the outcome is what counts")),
        answer=2,
        why=N_("Interactional justice is about how the customer is treated: courtesy, apology, honesty."),
        wrong={0: N_("The refund is the outcome: distributive justice is served."),
               1: N_("Procedure is about speed, access and ownership; nothing here says the process failed. The "
                     "gap is treatment."),
               3: N_("Tax, Brown & Chandrashekaran found all three kinds matter; curt treatment leaves an angry "
                     "customer even after a fair refund.")}),
    "8-3": Choice(
        "8-3", N_("What does the best evidence say about the 'service recovery paradox' (a customer whose "
                  "problem was fixed well ends up happier than one who never had a problem)?"),
        (N_("It is well established: recovered customers are more loyal, so a fine recovery is worth more than "
            "no failure at all."),
         N_("It is a myth: recovered customers are never more satisfied than those who had no problem."),
         N_("It lifts satisfaction on average, but has no significant effect on repurchase intention or word "
            "of mouth.")),
        answer=2,
        why=N_("De Matos, Henrique & Rossi's 2007 meta-analysis: a positive effect on satisfaction, none "
               "significant on repurchase intention or word of mouth. Recover well; do not plan to fail."),
        wrong={0: N_("The meta-analysis found no significant effect on repurchase intention or word of mouth: "
                     "loyalty is exactly what the paradox does not deliver."),
               1: N_("That goes too far: on average the meta-analysis does find a lift in satisfaction.")}),
    "8-4": Numeric(
        "8-4", N_("A queue holds 240 submissions: 84 late reports, 54 data errors, 42 billing errors, 36 outages and "
                  "24 other. Twelve of the late-report submissions are duplicates (the same client sending the same "
                  "text again minutes later). After removing the duplicates, what share of complaints (in %) do the "
                  "top two causes make?"),
        answer=round(100 * (84 - 12 + 54) / (240 - 12), 1), tolerance=0.5, unit="%",
        why=N_("(72 + 54) / 228 = 55.3%: the duplicates leave both the late-report count and the total. Left in, "
               "they would overstate the top cause's share (57.5%)."),
        too_low=N_("Too low: you took the duplicates out of the late reports but not out of the total. There are "
                   "228 complaints after cleaning."),
        too_high=N_("Too high: remove the 12 duplicates first, from the late reports (84 → 72) and from the total "
                    "(240 → 228).")),
}

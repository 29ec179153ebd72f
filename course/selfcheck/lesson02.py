"""Lesson 2 self-checks: the complaint iceberg (silent customers, TARP)."""

from __future__ import annotations

from course.selfcheck.engine import N_, Choice, Numeric, Question

FIXED: dict[str, Question] = {
    "2-1": Numeric(
        id="2-1",
        prompt=N_("A branch logged 30 complaints last month. If, as the seed says, only 4% of dissatisfied "
                  "customers complain, how many dissatisfied customers said nothing?"),
        answer=720, tolerance=0.5, unit=N_("customers"),
        why=N_("30 / 0.04 = 750 dissatisfied customers in all; 750 - 30 = 720 of them stayed silent."),
        too_low=N_("Too low: 30 is only 4% of the dissatisfied. Divide by 0.04 first, then take away the 30 who "
                   "did complain."),
        too_high=N_("Too high: 30 / 0.04 = 750 is everyone who was dissatisfied; the silent ones are those who "
                    "did not complain."),
    ),
    "2-2": Choice(
        id="2-2",
        prompt=N_("What did TARP itself (Quality Progress, 2005) say about the popular '4% of dissatisfied "
                  "customers complain'?"),
        options=(N_("It is right as quoted: 96% of dissatisfied customers leave without a word, so a complaint "
                    "log shows only 4% of the customers a firm is losing"),
                 N_("It holds for business customers only; consumers complain far more often, about half of them"),
                 N_("It is a misquote: about 96% with a small problem never complain to head office, but about half "
                    "tell someone at the front line")),
        answer=2,
        why=N_("The 4% (1 in 27) is about small problems reaching headquarters. About 50% tell someone at the "
               "front line (about 75% in B2B): log those complaints and the iceberg shrinks."),
        wrong={0: N_("TARP called that popular form a misquote. It also mixes two things: saying nothing is not the "
                     "same as leaving (many silent customers buy again, see the TARP table)."),
               1: N_("The other way round: business customers complain more readily (about 75% to a front-line "
                     "person), and the 4% is about small consumer problems that never reach head office.")},
    ),
    "2-3": Choice(
        id="2-3",
        prompt=N_("In TARP's figures for a loss over USD 100, compare a customer who complained and got no fix "
                  "with one who never complained. Who says they are more likely to buy again?"),
        options=(N_("The silent one: an unanswered complaint leaves a customer angrier than saying nothing at all"),
                 N_("The one who complained, even though nothing was fixed: 19% would buy again, against 9% of the "
                    "silent"),
                 N_("Neither: without a fix, complaining changes nothing, and both stay near 9%")),
        answer=1,
        why=N_("19% of the unresolved complainers would buy again, against 9% of the silent; resolved (54%) and "
               "resolved quickly (82%) are far higher. Remember these are survey correlations between different "
               "customers, not the effect of making someone complain."),
        wrong={0: N_("It sounds plausible, but TARP's survey shows the reverse: 9% of the silent would buy again, "
                     "19% of those whose complaint went unresolved."),
               2: N_("The row differs: 9% for the silent, 19% for unresolved complainers. Complaining goes with "
                     "more loyalty even before anything is fixed (a correlation, not proof of an effect).")},
    ),
    "2-4": Choice(
        id="2-4",
        prompt=N_("Three branch-months in complaints_monthly have a blank complaint count. What do you do?"),
        options=(N_("Read them as zero complaints: no report means there was nothing to report"),
                 N_("Drop the blank counts but keep those months' customers in the base, so that no customer is "
                    "left out of the rate"),
                 N_("Leave those rows out of both the complaint count and the customer base")),
        answer=2,
        why=N_("A blank means the branch sent no report, not that nobody complained. Leave the rows out of the "
               "numerator and the denominator so the rate stays honest."),
        wrong={0: N_("A missing report is not a good month: reading it as 0 makes that branch look better than "
                     "it is."),
               1: N_("That is the quiet version of reading blanks as zero (pandas' sum skips the blanks, the "
                     "customers still count): the rate falls. Leave the rows out of both sides.")},
    ),
}

"""Lesson 4 self-checks: key accounts and the 20/80 rule."""

from __future__ import annotations

from course.selfcheck.engine import N_, Choice, Numeric, Question

FIXED: dict[str, Question] = {
    "4-3": Choice(
        "4-3",
        N_("(◇自检2-1◇, the seed's own question) Big customers clearly bring most of the profit. Should the main "
           "resources go to big customers, while small customers just get the ordinary treatment?"),
        (
            N_("Yes: big customers bring most of the profit, so moving the attention small customers get over to "
               "the big ones is simply good management."),
            N_("No: a fair firm gives every customer the same resources, whatever it brings."),
            N_("Segment the resources, but keep small customers' service fair while raising big customers' loyalty."),
            N_("Drop small customers altogether, as the bank that only serves RMB 2 M+ depositors does."),
        ),
        answer=2,
        why=N_("The seed's reference answer is not in our 20-page copy; this is the kit's reading of the lecture "
               "around the question: segmenting resources is right (a firm must earn money), but taking the little "
               "that small customers get and giving it to big ones backfires: small customers are the many, some "
               "will grow into big ones, and unfair treatment drives them away."),
        wrong={
            0: N_("Stripping small customers' service is what the lecture warns against: they are most of the base, "
                  "some grow into big customers, and feeling treated unfairly makes them leave."),
            1: N_("Identical resources for everyone ignores that a firm lives on profit; the lecture says segment "
                  "resources, but keep the service itself fair."),
            3: N_("That is one bank's strategy for its niche, and the lecture notes segmentation always loses some "
                  "customers; it is not the general answer for a firm whose big accounts rely on a broad base."),
        },
    ),
    "4-1": Choice(
        "4-1",
        N_("In published purchase data, what share of sales do the top 20% of buyers bring, on average?"),
        (N_("About 80%: the rule takes its name from what sales data show, market after market."),
         N_("Over 90% in most packaged-goods categories, because a few heavy buyers dominate them."),
         N_("About 50%: the 20/80 rule is about profit, and sales are spread much more evenly."),
         N_("About two thirds to three quarters (67-73%).")),
        answer=3,
        why=N_("Kim, Singh & Winer (2017) found about 73% across 22 packaged-goods categories; McCarthy & Winer "
               "about 67% across 339 firms. Concentrated, but 20/80 is a rule of thumb, not a law."),
        wrong={0: N_("20/80 is a rule of thumb, not a measurement: measured shares average 67-73%."),
               1: N_("Some businesses are that concentrated, but across 22 packaged-goods categories the top fifth "
                     "brings about 73% of sales."),
               2: N_("Sales are concentrated too (67-73% from the top fifth). Profit is often even more "
                     "concentrated, as the whale curve shows, but that does not make sales flat.")},
    ),
    "4-2": Choice(
        "4-2",
        N_("The whale curve of the bank's customers rises above 100% of total profit and then falls back to 100%. "
           "What does the fall mean?"),
        (N_("An error in the data: a running total of profit cannot go above 100% of the total."),
         N_("The customers right of the peak lose money after cost to serve, giving back part of the profit."),
         N_("The biggest customers win such discounts that they end up as the bank's loss makers."),
         N_("The bank should close every account to the right of the peak, and so lift profit by the points "
            "given back.")),
        answer=1,
        why=N_("Past the peak each added customer has negative profit (margin below cost to serve). That calls for "
               "cheaper service channels (queue tickets, online, ATMs), not for dropping them: small ones grow."),
        wrong={0: N_("Cumulative profit passes 100% whenever some customers lose money; total = winners − losers."),
               2: N_("The curve is ranked from most to least profitable, not by size: in this ledger the loss makers "
                     "on the right are the smallest customers, whose fixed cost to serve outweighs their margin."),
               3: N_("That is the naive reading: it assumes nobody else reacts and nobody grows. The lesson warns that "
                     "small customers grow and that unfair treatment drives churn; fix the cost to serve first.")},
    ),
    "4-4": Numeric(
        "4-4",
        N_("A mature company wants to keep both wheels turning. By the seed's guidance, what is the most "
           "'performance' weight (in %) it should give, before satisfaction is starved?"),
        answer=60, tolerance=0.5, unit="%",
        why=N_("Mature firms: 5:5, 4:6 or at most 6:4. Start-ups may go 8:2, 7:3 or even 9:1."),
        too_low=N_("A mature firm may go lower (5:5, 4:6), but the question asks for the upper limit: 6:4 is still fine."),
        too_high=N_("That is a start-up's split (7:3 to 9:1). For a mature firm, above 6:4 starves satisfaction."),
    ),
}

"""Lesson 4 self-checks: key accounts and the 20/80 rule."""

from __future__ import annotations

from course.selfcheck.engine import Choice, Numeric, Question

FIXED: dict[str, Question] = {
    "4-3": Choice(
        "4-3",
        "(◇自检2-1◇, the seed's own question) Big customers clearly bring most of the profit. Should the main resources go "
        "to big customers, while small customers just get the ordinary treatment?",
        (
            "Yes: move whatever small customers get to the big ones; profit is what a firm is for.",
            "No: treat every customer exactly the same, with the same resources.",
            "Segment the resources, but do not strip small customers' service: raise the big customers' "
            "satisfaction and loyalty, and keep service to small customers fair.",
            "Drop small customers altogether, as the bank that only serves RMB 2 M+ depositors does.",
        ),
        answer=2,
        why=("The seed's reference answer is not in our 20-page copy; this is the kit's reading of the lecture "
             "around the question: segmenting resources is right (a firm must earn money), but taking the little "
             "that small customers get and giving it to big ones backfires: small customers are the many, some "
             "will grow into big ones, and unfair treatment drives them away."),
        wrong={
            0: "Stripping small customers' service is what the lecture warns against: they are most of the base, "
               "some grow into big customers, and feeling treated unfairly makes them leave.",
            1: "Identical resources for everyone ignores that a firm lives on profit; the lecture says segment "
               "resources, but keep the service itself fair.",
            3: "That is one bank's strategy for its niche, and the lecture notes segmentation always loses some "
               "customers; it is not the general answer for a firm whose big accounts rely on a broad base.",
        },
    ),
    "4-1": Choice(
        "4-1",
        "In published data, what share of sales do the top 20% of buyers bring, on average?",
        ("Exactly 80%, by definition of the rule.", "About two thirds to three quarters (67-73%).",
         "About 20%: customers are roughly equal.", "Over 95% in every industry."),
        answer=1,
        why="Kim, Singh & Winer (2017) found about 73% across 22 packaged-goods categories; McCarthy & Winer "
            "about 67% across 339 firms. Concentrated, but 20/80 is a rule of thumb, not a law.",
        wrong={0: "20/80 is a rule of thumb. Measured shares average 67-73%.",
               2: "That would be a flat base with no key accounts at all; real ledgers are far more concentrated.",
               3: "Some businesses are that concentrated, but the averages are 67-73%."},
    ),
    "4-2": Choice(
        "4-2",
        "The whale curve of the bank's customers rises above 100% of total profit and then falls back to 100%. "
        "What does the fall mean?",
        ("The data are wrong: cumulative profit cannot pass 100%.",
         "The customers on the right of the peak cost more to serve than they earn, so they give profit back.",
         "The biggest customers are loss makers.",
         "The bank should close every account to the right of the peak."),
        answer=1,
        why="Past the peak each added customer has negative profit (margin below cost to serve). That calls for "
            "cheaper service channels (queue tickets, online, ATMs), not for dropping them: small ones grow.",
        wrong={0: "Cumulative profit passes 100% whenever some customers lose money; total = winners − losers.",
               2: "The curve is ranked from most to least profitable: the loss makers are on the right.",
               3: "The lesson warns that small customers grow and that unfair treatment drives churn; fix the "
                  "cost to serve first."},
    ),
    "4-4": Numeric(
        "4-4",
        "A mature company wants to keep both wheels turning. By the seed's guidance, what is the most "
        "'performance' weight (in %) it should give, before satisfaction is starved?",
        answer=60, tolerance=0.5, unit="%",
        why="Mature firms: 5:5, 4:6 or at most 6:4. Start-ups may go 8:2, 7:3 or even 9:1.",
        too_low="A mature firm may go lower (5:5, 4:6), but the question asks for the upper limit: 6:4 is still fine.",
        too_high="That is a start-up's split (7:3 to 9:1). For a mature firm, above 6:4 starves satisfaction.",
    ),
}

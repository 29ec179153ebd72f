"""Lesson 5 self-checks: segmenting key accounts (concentration, leverage, contagion)."""

from __future__ import annotations

from course.selfcheck.engine import N_, Choice, Numeric, Question
from course.topics.segmentation import hhi

# Self-check 5-1: a new supplier's revenue shares in %: four large accounts, then 150 small ones of 0.2% each.
SHARES = (40, 10, 10, 10) + (0.2,) * 150

FIXED: dict[str, Question] = {
    "5-1": Numeric(
        "5-1",
        N_("Another supplier's top account brings 40% of its revenue, the next three 10% each, and the remaining "
           "30% is spread over 150 small accounts of 0.2% each. What is its HHI, to the nearest 100?"),
        answer=round(hhi(list(SHARES)), -2), tolerance=50, unit="",
        why=N_("40² + 3 × 10² = 1,600 + 300 = 1,900; 150 accounts of 0.2% add only 6 points "
               "(each 0.2² = 0.04). The index is driven by the large shares: the top account alone is 1,600."),
        too_low=N_("Too low: square the shares in percent (40² = 1,600), not as fractions (0.4² = 0.16)."),
        too_high=N_("Too high: the 30% of small accounts is not one customer. Spread over 150 accounts, their squares "
                    "add almost nothing (30² = 900 would treat them as a single buyer)."),
    ),
    "5-2": Choice(
        "5-2",
        N_("The Jiangyin joint venture (江阴中美合资公司) learned it was the Hong Kong steel trader's top account. "
           "What should the trader have done differently?"),
        (N_("Visited even more often, so that the relationship rests on people rather than on price."),
         N_("Matched the competitors' price at once, to keep its 85% share of the buyer's steel."),
         N_("Told it frankly that it was the most valuable account, since candour is what builds trust with a "
            "key account."),
         N_("Served it better without showing how much it depended on it, and named about 45 key accounts.")),
        answer=3,
        why=N_("Once a customer sees that you live on it, it asks for lower prices; the trader ended up waiting "
               "three months instead of one for its money. With about 45 key accounts, no single buyer stands out."),
        wrong={0: N_("The frequent top-level visits are what tipped the customer off in the first place."),
               1: N_("Cutting price under threat confirms the dependence; the customer would be back for more."),
               2: N_("That is what the key-account manager did, and it handed the buyer its leverage. Serve key "
                     "accounts better, but never signal how much you depend on them.")},
    ),
    "5-3": Choice(
        "5-3",
        N_("The Xiaoshan textile firm (萧山纺织公司) split customers into department 1 (key) and department 2 "
           "(small). What went wrong?"),
        (N_("Telling a small customer it was small and cutting its terms: tiers may differ inside, not outside."),
         N_("The key-account tier was set at only 5%; at 20%, this customer would have been a key account and "
            "treated well."),
         N_("A manager in department 2 changed a customer's payment terms without first asking the key-account "
            "department."),
         N_("It refused a price cut: a customer who orders more should always be given a lower price.")),
        answer=0,
        why=N_("Tiers are for allocating resources inside the firm. The customer should never hear 'you are a "
               "small customer'; it left, and took three others with it, one of them a key account."),
        wrong={1: N_("The cut-off may be debatable, but any tier has customers just below it. The loss came from "
                     "how the small customer was treated, not from where the line was drawn."),
               2: N_("The manager applied the company's new strategy as told; the fault is in telling a customer "
                     "its tier and treating it worse for it."),
               3: N_("The request was reasonable and deserved a fair answer, but a firm need not give every volume "
                     "request a price cut (lesson 4: yes selectively). The mistake was the 'you are small' reply.")},
    ),
}

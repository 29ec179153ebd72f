"""Lesson 5 self-checks: segmenting key accounts (how many, leverage, contagion)."""

from __future__ import annotations

from course.selfcheck.engine import Choice, Numeric, Question

FIXED: dict[str, Question] = {
    "5-3": Choice(
        "5-3",
        "The Xiaoshan textile firm (萧山纺织公司) split customers into department 1 (key) and department 2 "
        "(small). What went wrong?",
        ("Splitting customers into tiers at all.",
         "Telling a small customer to its face that it was small and cutting its terms: resources may differ "
         "by tier, but service to the outside must stay uniform.",
         "Setting the key-account tier at 5% instead of 20%.",
         "Letting the small customer ask for a better price."),
        answer=1,
        why="Tiers are for allocating resources inside the firm. The customer should never hear 'you are a "
            "small customer'; it left, and took three others with it, one of them a key account.",
        wrong={0: "The seed says every firm must allocate resources differently by tier; the mistake was in how "
                  "it showed.",
               2: "The 5% cut-off may be debatable, but the loss came from how the small customer was treated.",
               3: "Asking for a better price on a larger order is a normal request; the seed calls it reasonable."},
    ),
    "5-1": Numeric(
        "5-1",
        "A trader has about 300 active customers. Following the seed's advice (about 15%), how many key "
        "accounts should it name?",
        answer=45, tolerance=2, unit="accounts",
        why="15% of 300 = 45. With only 10, each key account is a big slice of the tier and knows it.",
        too_low="That is close to the trader's original 10 (about 3%): a rate for a huge base like China "
                "Telecom's, not for 300 customers.",
        too_high="Above 20% the tier stops being special; the seed suggests about 15% for a few hundred.",
    ),
    "5-2": Choice(
        "5-2",
        "The Jiangyin joint venture (江阴中美合资公司) learned it was the Hong Kong trader's top account. What "
        "should the trader have done differently?",
        ("Visited even more often, with the chairman every month.",
         "Given better service quietly, without telling the customer how much the trader depends on it, and "
         "named more key accounts (about 45 of 300).",
         "Cut the price at once, to keep the 85% share.",
         "Dropped the account, since it became demanding."),
        answer=1,
        why="Once a customer sees that you live on it, it asks for lower prices; the trader ended up waiting "
            "three months instead of one for its money.",
        wrong={0: "The frequent top-level visits are what tipped the customer off in the first place.",
               2: "Cutting price under threat confirms the dependence; the customer would be back for more.",
               3: "It is the trader's largest account by far: losing it hurts far more than a price talk."},
    ),
}

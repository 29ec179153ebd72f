"""Lesson 6 self-checks: worst customers (CLV, divestment steps and reasons, the Wharton argument)."""

from __future__ import annotations

from course.selfcheck.engine import N_, Choice, Numeric, Question
from course.topics.profitability import clv

FIXED: dict[str, Question] = {
    "6-1": Choice(
        "6-1", N_("In the Wharton model, why can firing your low-value customers lower your profit in a competitive "
           "market?"),
        (N_("Because low-value customers usually grow into high-value ones, so firing them throws away future "
            "profit."),
         N_("Because a rival learns that everyone left is valuable, and attacks your remaining base harder."),
         N_("Because the dropped customers' bad word of mouth drives your high-value customers away."),
         N_("Because the fixed costs they covered fall on the customers who remain, whose prices must then rise.")),
        answer=1,
        why=N_("Subramanian, Raju & Zhang (2014): costly customers in your base lower a rival's expected gain "
               "from poaching; drop them and the rival's best move is to target what is left."),
        wrong={0: N_("Some do grow, and the seed's manager adds that customer value is not fixed, but the Wharton "
                     "argument is about the rival's reaction, not about growth."),
               2: N_("Seed 004 does warn about reputation, but that is another risk. The Wharton mechanism works "
                     "even if nobody talks: the rival infers that your remaining base is valuable."),
               3: N_("Spreading fixed costs is an accounting effect, not the model's argument, which turns on what "
                     "a rival does once your base holds only valuable customers.")}),
    "6-2": Numeric(
        "6-2", N_("The lesson's worked example: margin m = 10,000 CNY a year, retention r = 0.8, discount rate "
           "i = 10%. A retention programme lifts r to 0.9, with m and i unchanged. By how much does the client's "
           "CLV = m·r/(1+i−r) rise, in CNY?"),
        answer=round(clv(10_000, 0.9, 0.1) - clv(10_000, 0.8, 0.1)), tolerance=50, unit=N_("CNY"),
        why=N_("At r = 0.9: 10,000 × 0.9 / (1.1 − 0.9) = 45,000 CNY; at r = 0.8: 26,667 CNY. The rise is about "
               "18,333 CNY: ten points of retention add about two thirds to the client's value, because the "
               "denominator shrinks."),
        too_low=N_("Too low: recompute the CLV at r = 0.9 with the whole formula (the denominator becomes 1.1 − 0.9 "
                   "= 0.2), then subtract 26,667. Raising only the numerator gives far too little."),
        too_high=N_("Too high: that looks like the new CLV itself (45,000). The question asks for the rise: "
                    "subtract the CLV at r = 0.8.")),
    "6-3": Choice(
        "6-3", N_("A basic-plan client calls the help desk 45 times a month to ask how to download reports. "
           "It pays on time and is polite. Which divestment step fits first?"),
        (N_("Terminate"), N_("Renegotiate"), N_("Migrate"), N_("Educate")),
        answer=3,
        why=N_("The calls come from not knowing the self-service channels: teach them (Fidelity)."),
        wrong={0: N_("Termination is the last of five steps; nothing has been tried yet, and this client is polite "
                     "and pays."),
               1: N_("Repricing (as Schwab does) may cover the cost, but it does not stop the calls; the problem is "
                     "know-how, not price."),
               2: N_("Migration (e.g. to prepaid, as EchoStar did) fits late payers; this client pays on time.")}),
    "6-4": Choice(
        "6-4", N_("Which advice does the Wharton research give for low-value customers in a competitive market?"),
        (N_("Raise their prices until they either become profitable or leave of their own accord."),
         N_("Offer them incentives to spend more, turning them into high-value customers as fast as possible."),
         N_("Keep them on cheaper channels (IVR, web), trim their discounts, and keep rivals guessing."),
         N_("Hand them over to a partner firm, so that the rival never sees that you dropped them.")),
        answer=2,
        why=N_("Keeping them on cheap channels keeps the cost down while the base stays mixed, so rivals cannot "
               "pick out the valuable customers."),
        wrong={0: N_("Pricing them out is firing by another name: once they leave, the rival knows your remaining "
                     "base is valuable."),
               1: N_("The article warns that pushing low-value customers to become high-value can backfire too: "
                     "it also leaves a base in which everyone is worth attacking."),
               3: N_("Migrating clients to partners is one of seed 004's divestment steps, but the Wharton advice is "
                     "to keep them: a customer who has left no longer hides your valuable ones.")}),
    "6-5": Choice(
        "6-5", N_("A restaurant regular spends lavishly on food and wine but often insults the waiters and disturbs "
           "other diners. Which of seed 004's four reasons for divestment does the article use this case for?"),
        (N_("Staff productivity and morale"), N_("Falling profit from the customer"),
         N_("Limited capacity to serve all customers"), N_("A change of strategy")),
        answer=0,
        why=N_("The article's point: to keep the staff, and the other profitable guests, even a big spender who "
               "abuses waiters may have to go. Profit is not the only reason to end a relationship."),
        wrong={1: N_("This guest is profitable: that is exactly why the case is striking. The reason is the harm "
                     "done to staff and other guests."),
               2: N_("Capacity is the Sarbanes-Oxley case: firms without the people to serve everyone. Here the "
                     "restaurant could serve the guest; the guest's behaviour is the problem."),
               3: N_("A strategy change is AT&T leaving residential customers in 2000; the restaurant has not "
                     "changed what it sells.")}),
}

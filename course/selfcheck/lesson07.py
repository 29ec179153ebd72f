"""Lesson 7 self-checks: keeping relationships (which churn hurts, crisis response, CRM, staff, lean service).

Question 7-5 is computed from the `subscribers` table.
"""

from __future__ import annotations

import math

import pandas as pd

from course.i18n import translator
from course.selfcheck.engine import N_, Choice, Numeric, Question
from course.topics.churn import churn_by_channel

_ = translator("selfcheck")

DATASETS = ("subscribers",)


FIXED: dict[str, Question] = {
    "7-1": Choice(
        id="7-1",
        prompt=N_("A mobile operator loses 500 customers a month. Which of these should worry it most?"),
        options=(N_("That 500 left: whatever their value, each lost customer means paying to acquire a new one"),
                 N_("Which 500 left: if valuable customers went, find out who, why and what they take; unwanted ones "
                    "can go"),
                 N_("Whether 500 is above the industry's usual churn rate; below that, there is nothing to fix")),
        answer=1,
        why=N_("Seed 002: churn is only a loss when valuable customers leave. First ask who they are, what they "
               "share, how much business they take, and why they went."),
        wrong={0: N_("Keeping customers you do not want costs money too; the seed says let them go and waste a "
                     "competitor's budget instead."),
               2: N_("A benchmark says nothing about who left. An average churn rate can hide the loss of your most "
                     "valuable customers.")}),
    "7-2": Choice(
        id="7-2",
        prompt=N_("A product fault makes the news. What does the seed's crisis advice say to do?"),
        options=(N_("Wait until the investigation is complete, so that the firm's first statement is accurate "
                    "and final"),
                 N_("Promise publicly that it can never happen again, to restore confidence at once"),
                 N_("Settle quietly with the customers affected, so as not to draw attention to the brand"),
                 N_("Act fast: stop sales if needed, admit the fault, promise only what you can keep")),
        answer=3,
        why=N_("Speed shows you take the customer's loss seriously; honesty keeps trust; over-promising breaks "
               "it a second time."),
        wrong={0: N_("Waiting looks careful, but the seed praises firms that decide fast: every week without a "
                     "decision tells customers their loss does not matter."),
               1: N_("The seed warns against exactly this: never say more than you can deliver. Promise to do "
                     "everything to prevent it, not that it cannot happen."),
               2: N_("That is what the seed says Coca-Cola did at first: it played the problem down, and a year "
                     "later had to pull the product anyway.")}),
    "7-3": Choice(
        id="7-3",
        prompt=N_("A firm bought an expensive CRM system two years ago, but churn has not changed. The most "
                  "likely reason, according to the seed?"),
        options=(N_("Nobody analyses the data and acts on them: the system records customers but does not keep "
                    "them"),
                 N_("The system was never adapted to the firm's own processes, so staff do not enter the data"),
                 N_("Two years is too short: a CRM system pays only once its data cover whole customer lifecycles")),
        answer=0,
        why=N_("Many firms spend heavily on CRM and never analyse the data, so it brings no profit. The system "
               "only records; analysis and action keep customers."),
        wrong={1: N_("Poor data entry is a real problem in many firms, but the seed's point is different: even "
                     "firms with full data did not analyse them, so the money was wasted."),
               2: N_("Lesson 7 drew its findings from four columns of one export: analysis pays long before the "
                     "data cover whole lifecycles.")}),
    "7-4": Choice(
        id="7-4",
        prompt=N_("Across 30 branches, staff and customer satisfaction are strongly correlated. Which statement "
                  "is safe?"),
        options=(N_("Raising one branch's staff satisfaction by 10 points will raise its customers' "
                    "satisfaction by ten times the fitted slope"),
                 N_("Since several branches break the pattern, the link is too weak to act on"),
                 N_("Happier staff tend to go with happier customers; branches far below the line need another "
                    "explanation")),
        answer=2,
        why=N_("A correlation across branches supports the seed's 'loyal staff make loyal customers' but does "
               "not prove a fixed effect; the seed itself says it does not hold everywhere."),
        wrong={0: N_("A fitted line across branches describes an association between branches, not the effect of "
                     "changing one of them."),
               1: N_("A few exceptions do not cancel a strong overall link; they are where to look for another "
                     "cause.")}),
    "7-6": Choice(
        id="7-6",
        prompt=N_("'Lean service' (精益服务) in the seed means..."),
        options=(N_("Keeping the relationship at least cost, through the channel each group uses"),
                 N_("Serving customers with as few staff as possible, as lean manufacturing cuts waste"),
                 N_("Being on every new channel (web, chat, social networks), so that no customer is missed")),
        answer=0,
        why=N_("Know each group's touchpoints and pick the channel that reaches them: least cost, most "
               "accurate contact (Musch's son answers e-mail by SMS)."),
        wrong={1: N_("Lean here is about choosing touchpoints well, not about fewer people."),
               2: N_("Using every channel is the opposite of lean: choose by customer group.")}),
    "7-7": Choice(
        id="7-7",
        prompt=N_("What does Musch advise Chinese firms that want to grow abroad?"),
        options=(N_("Win market share on price first; a brand can be built once the firm is known"),
                 N_("Treat even the smallest quality problem seriously, and invest in the brand for the long run"),
                 N_("Rely on the good image Chinese brands already have abroad, which absorbs a single incident")),
        answer=1,
        why=N_("Chinese brands have a good image abroad in many respects, but not for product quality. So even the "
               "smallest quality problem matters, and quality spending should not be cut: reputation drives "
               "loyalty."),
        wrong={0: N_("The seed warns against price-led customers (they leave first) and says brand building is the "
                     "long-term task, not something to postpone."),
               2: N_("The good image does not extend to quality, the seed says: that is exactly where a single "
                     "incident does damage.")}),
}


def computed(subscribers: pd.DataFrame) -> dict[str, Question]:
    """Question 7-5: how many more of 1,000 sign-ups are still there after 12 months if referred, not promoted."""
    table = churn_by_channel(subscribers)
    promo, referral = (float(table.loc[ch, "retained_12m"]) for ch in ("price promotion", "referral"))
    if math.isnan(promo) or math.isnan(referral):
        raise ValueError(_("subscribers: no price-promotion or referral customer was observed for 12 months, so "
                           "question 7-5 has no answer; load the table with course.datasets.load('subscribers')"))
    more = 1000 * (referral - promo)
    return {"7-5": Numeric(
        id="7-5",
        prompt=N_("A campaign will bring 1,000 new subscribers. From the churn table: if they came by referral "
                  "instead of price promotion, how many more of them would still be subscribed 12 months after "
                  "joining? (A number of customers.)"),
        answer=round(more), tolerance=10.5, unit=N_("customers"),
        why=N_("About {more:.0f}: 1,000 × (referral retained_12m − price-promotion retained_12m). The same "
               "budget buys far more customers who stay."),
        too_low=N_("Too low: use retained_12m (the share still there at 12 months) of the two channels, not their "
                   "monthly churn, and multiply the difference by 1,000."),
        too_high=N_("Too high: that looks like one channel's retained customers, not the difference. Subtract the "
                    "price-promotion share from the referral share first."),
        fill={"more": more})}

"""Column-by-column schema of every dataset in data/: types, units, meaning and allowed values.

The loader validates against it and the datasheet (data/README.md) is written from it, so the two
cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# The generator's seed: the same seed gives byte-identical files in data/.
SEED = 20250601

KINDS = ("int", "float", "str", "category", "date", "datetime", "bool")


@dataclass(frozen=True)
class Column:
    """One column: its type, meaning, unit, and the checks a value must pass."""

    name: str
    kind: str
    meaning: str
    unit: str = ""
    nullable: bool = False
    choices: tuple[str, ...] | None = None
    min: float | None = None
    max: float | None = None
    unique: bool = False


@dataclass(frozen=True)
class Dataset:
    """A CSV file in data/: which module uses it, what it holds, and how it was made."""

    name: str
    modules: tuple[int, ...]
    summary: str
    columns: tuple[Column, ...]
    generation: str
    calibration: str = ""
    messy: str = ""
    tags: tuple[str, ...] = field(default_factory=tuple)

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


BRANCHES = (
    "Shanghai Pudong",
    "Beijing Chaoyang",
    "Guangzhou Tianhe",
    "Chengdu Jinjiang",
    "Hangzhou Xihu",
    "Nanjing Gulou",
)
PRODUCTS = ("air conditioner", "refrigerator", "washing machine", "television", "water heater")
CHANNELS = ("phone", "wechat", "email", "web form", "in store")
TICKET_CATEGORIES = (
    "delivery delay",
    "installation",
    "repair quality",
    "billing",
    "staff attitude",
    "product defect",
)
DEPARTMENTS = ("customer service", "logistics", "installation", "repair", "billing", "quality")
SERVQUAL_DIMENSIONS = ("tangibles", "reliability", "responsiveness", "assurance", "empathy")
TARP_OUTCOMES = ("did not complain", "complained, not resolved", "complained, resolved", "resolved quickly")
ACQUISITION_CHANNELS = ("price promotion", "referral", "advertising", "direct sales")
ROOT_CAUSES = (
    "late report",
    "data error",
    "billing error",
    "system outage",
    "bounced between departments",
    "missed callback",
    "rude or unhelpful staff",
    "other",
)

C = Column

DATASETS: dict[str, Dataset] = {}


def _add(ds: Dataset) -> None:
    DATASETS[ds.name] = ds


_add(Dataset(
    name="tickets",
    modules=(1, 8),
    summary="Complaint tickets of a home-appliance retailer with delivery, installation and repair service, "
    "2025: what was promised, what was delivered, and how often the ticket was passed between departments.",
    columns=(
        C("ticket_id", "str", "Ticket number", unique=True),
        C("opened_at", "datetime", "When the customer raised the complaint", "local time"),
        C("branch", "category", "Branch that owns the customer", choices=BRANCHES),
        C("channel", "category", "How the complaint arrived", choices=CHANNELS),
        C("product", "category", "Product the complaint is about", choices=PRODUCTS),
        C("category", "category", "Complaint category chosen by the agent", choices=TICKET_CATEGORIES),
        C("first_department", "category", "Department that first received the ticket", choices=DEPARTMENTS),
        C("transfers", "int", "Times the ticket was passed to another department", "count", min=0, max=12),
        C("promised_hours", "int", "Resolution time advertised to the customer", "hours", min=1, max=240),
        C("resolved_hours", "float", "Time from opening to resolution; blank while the ticket is open", "hours",
          nullable=True, min=0, max=5000),
        C("status", "category", "Ticket state at export time", choices=("resolved", "open")),
        C("satisfaction", "int", "Post-resolution survey score; blank if the customer did not answer",
          "1 (very dissatisfied) to 5 (very satisfied)", nullable=True, min=1, max=5),
        C("customer_id", "str", "Customer number (C + 5 digits)"),
    ),
    generation="2,400 tickets spread over 2025 in office hours. Each category has a department that can solve it; "
    "about 40% of tickets first land elsewhere and are transferred (1 + Poisson(0.8) times). Resolution time is "
    "log-normal (median 14 h, sigma 0.6) multiplied by (1 + 0.9 x transfers) and by a branch factor "
    "(Chengdu 1.3, Hangzhou 0.85). Survey scores fall by about 1.5 points when the promise was broken.",
    calibration="The seed's example of a 24-hour promise that becomes 48 hours: resolved tickets with two or more "
    "transfers have a median resolution time of {tickets_two_plus_median} against a 24 h promise, and "
    "{tickets_two_plus_breach} of them break their promise. Product-defect replacements promise 72 h.",
    messy="{tickets_open_share} of tickets are still open (blank resolved_hours); {tickets_lost} tickets were lost "
    "in the system for weeks (resolved_hours over 500); {tickets_auto_closed} were auto-closed at 0 hours; "
    "{tickets_blank_survey_share} of satisfaction scores are blank (no survey answer). Use the median, and filter "
    "open tickets, before you judge a branch.",
))

_add(Dataset(
    name="servqual_items",
    modules=(1,),
    summary="The 22 SERVQUAL statements used in the customer survey, adapted to an appliance service company.",
    columns=(
        C("item", "str", "Item code (dimension prefix + number)", unique=True),
        C("dimension", "category", "SERVQUAL dimension", choices=SERVQUAL_DIMENSIONS),
        C("statement", "str", "What the respondent rates (expectation: an excellent firm would...; "
          "perception: this firm does...)"),
    ),
    generation="Fixed list: tangibles 4 items, reliability 5, responsiveness 4, assurance 4, empathy 5.",
    calibration="Item counts per dimension follow Parasuraman, Zeithaml & Berry (1988).",
))

_add(Dataset(
    name="servqual",
    modules=(1,),
    summary="SERVQUAL survey answers in long form: one row per respondent and item, with the expectation and "
    "the perception score.",
    columns=(
        C("respondent_id", "str", "Survey respondent"),
        C("branch", "category", "Branch the respondent is a customer of", choices=BRANCHES),
        C("item", "str", "Item code, see servqual_items.csv"),
        C("dimension", "category", "SERVQUAL dimension of the item", choices=SERVQUAL_DIMENSIONS),
        C("expectation", "int", "How strongly an excellent firm would do this", "1-7 Likert", min=1, max=7),
        C("perception", "int", "How strongly this firm does this; blank if skipped", "1-7 Likert",
          nullable=True, min=1, max=7),
    ),
    generation="240 respondents x 22 items. Expectation ~ Normal(6.2, 0.7) rounded to 1..7. Perception = "
    "expectation + dimension gap + branch effect + Normal(0, 0.9) noise, rounded and clipped.",
    calibration="Built so that the largest gap is in keeping promises (SERVQUAL gap 5 driven by gap 4). Dimension "
    "scores in the file (mean item gap, perception - expectation, answered pairs only): {servqual_gaps}; the "
    "largest gap is {servqual_largest_gap}.",
    messy="{servqual_blank} perception scores are blank (item skipped): average what was answered.",
))

_add(Dataset(
    name="servqual_weights",
    modules=(1,),
    summary="How each SERVQUAL respondent split 100 points of importance between the five dimensions.",
    columns=(
        C("respondent_id", "str", "Survey respondent", unique=True),
        *(C(d, "int", f"Importance points given to {d}", "points (row sums to 100)", min=0, max=100)
          for d in SERVQUAL_DIMENSIONS),
    ),
    generation="Dirichlet draw per respondent (mean weights 11/32/22/19/16), rounded to integers that sum to 100.",
    calibration="Reliability is usually rated the most important dimension in SERVQUAL studies. Mean points in the "
    "file: {weights_mean}; the most important is {weights_top}.",
))

_add(Dataset(
    name="complaints_monthly",
    modules=(2,),
    summary="Monthly complaint counts by branch and product, with the customer base and the average annual "
    "revenue per customer: the tip of the iceberg.",
    columns=(
        C("month", "str", "Calendar month (YYYY-MM)"),
        C("branch", "category", "Branch", choices=BRANCHES),
        C("product", "category", "Product line", choices=PRODUCTS),
        C("customers", "int", "Active customers of this branch and product line", "customers", min=0),
        C("complaints", "int", "Complaints recorded; blank where the branch sent no report", "complaints",
          nullable=True, min=0),
        C("complaints_resolved", "int", "Complaints resolved to the customer's satisfaction", "complaints",
          nullable=True, min=0),
        C("resolved_within_48h", "int", "Resolved complaints closed within 48 hours", "complaints",
          nullable=True, min=0),
        C("avg_annual_revenue_cny", "float", "Average revenue per customer per year", "CNY", min=0),
    ),
    generation="24 months (2024-01 to 2025-12) x 6 branches x 5 products. Each month about 6% of customers "
    "meet a problem (air conditioners peak in summer); 4% of those complain (Poisson). 90% of complaints are "
    "resolved; the share closed within 48 h varies by branch (55-85%).",
    calibration="The seed's 4% complaint rate among dissatisfied customers (see the fact check on TARP), kept on "
    "purpose so that lesson 2 can test it: in {monthly_last_year} the complaints counted equal "
    "{monthly_complaints_per_customer} of the average customer base, so at 4% they imply that "
    "{monthly_implied_dissatisfied} of customers were dissatisfied in a year, while the average customer base "
    "{monthly_customer_growth} from {monthly_first_year}. Lesson 2 shows why that rate cannot hold for this log.",
    messy="{monthly_blank} branch-months have no report (blank complaints): exclude them, do not treat them as zero.",
))

_add(Dataset(
    name="tarp_repurchase",
    modules=(2,),
    summary="Repurchase intention after a problem, by how the complaint was handled (TARP).",
    columns=(
        C("problem_size", "category", "Size of the customer's loss", choices=("under USD 5", "over USD 100")),
        C("outcome", "category", "What happened after the problem", choices=TARP_OUTCOMES),
        C("repurchase_pct", "int", "Customers who would buy again", "percent", min=0, max=100),
        C("source", "str", "Where the figure comes from"),
    ),
    generation="Not simulated: the published TARP figures, typed in.",
    calibration="TARP, as quoted in Barlow & Moller, A Complaint Is a Gift (did not complain / complained, not "
    "resolved / resolved / resolved quickly): under USD 5 - {tarp_small}; over USD 100 - {tarp_big}.",
))

_add(Dataset(
    name="guests",
    modules=(3,),
    summary="Guest register of a city hotel: who the guest is and where from.",
    columns=(
        C("guest_id", "str", "Guest number", unique=True),
        C("name", "str", "Guest name as written on the registration card"),
        C("title", "category", "Form of address the guest uses", choices=("Mr", "Ms", "Dr")),
        C("origin_city", "str", "Home city"),
        C("origin_country", "str", "Home country or region"),
        C("birthday", "date", "Date of birth"),
        C("vip", "bool", "Flagged as an important guest"),
    ),
    generation="360 guests from 16 home cities, names drawn from name lists for each origin; about 15% flagged VIP.",
    calibration="Guest G0001, Mr Yu from Hong Kong, replays the Oriental Hotel story: window seat 2, sandwich, "
    "fried egg and coffee, back after three years.",
    messy="A few names carry stray spaces from the registration form; strip them before greeting anyone.",
))

_add(Dataset(
    name="stays",
    modules=(3,),
    summary="Every stay of every guest, with the restaurant seat and the breakfast ordered.",
    columns=(
        C("stay_id", "str", "Stay number", unique=True),
        C("guest_id", "str", "Guest number, see guests.csv"),
        C("check_in", "date", "Arrival date"),
        C("nights", "int", "Nights stayed", "nights", min=1, max=60),
        C("room_type", "category", "Room booked", choices=("standard", "deluxe", "suite")),
        C("seat", "str", "Restaurant seat at breakfast; blank if the guest skipped breakfast", nullable=True),
        C("breakfast", "str", "Breakfast ordered; blank if skipped", nullable=True),
    ),
    generation="Each guest has a favourite seat and breakfast and keeps to them on about 75% of stays. "
    "Stays fall between 2022-01 and 2025-12, 1-12 per guest (geometric).",
    calibration="Predicting each returning stay from the guest's earlier stays only, the usual seat is right on "
    "{stays_seat_hit} of stays and the usual breakfast on {stays_breakfast_hit}: guests change their minds often "
    "enough that staff should offer, not assume.",
    messy="{stays_no_breakfast} of stays have no breakfast record (blank seat and breakfast).",
))

_add(Dataset(
    name="customers",
    modules=(4,),
    summary="Customer ledger of a commercial bank branch network: revenue, gross margin, cost to serve, tenure "
    "and growth per customer, for the 20/80 analysis.",
    columns=(
        C("customer_id", "str", "Customer number", unique=True),
        C("name", "str", "Customer name"),
        C("segment", "category", "Customer type", choices=("individual", "small business", "corporate")),
        C("region", "category", "Region", choices=("East", "North", "South", "West")),
        C("tenure_years", "float", "Years as a customer", "years", min=0, max=40),
        C("revenue_cny", "float", "Revenue from the customer in the last 12 months", "CNY", min=0),
        C("gross_margin_cny", "float", "Revenue minus direct product cost", "CNY"),
        C("cost_to_serve_cny", "float", "Branch, call-centre and account-management cost", "CNY", min=0),
        C("revenue_growth_pct", "float", "Revenue growth on the previous 12 months; blank for customers "
          "with under a year of history", "percent", nullable=True),
    ),
    generation="1,000 customers. Revenue is log-normal (sigma 1.5) scaled by segment; big customers negotiate "
    "lower margins; cost to serve is a fixed 300 CNY plus 3% of revenue plus noise, so many small customers "
    "lose money (the whale curve). Revenue is log-normal with sigma 1.25 within segment. Young small-business customers grow fastest.",
    calibration="The top 20% of customers bring {customers_top20_share} of revenue: near the 73% that Kim, Singh & Winer (2017) "
    "measured across 22 categories, and above the 67% average across 339 firms (McCarthy & Winer).",
    messy="A handful of dormant customers have zero revenue; growth is blank for customers under one year.",
))

_add(Dataset(
    name="b2b_accounts",
    modules=(5,),
    summary="Account list of a Hong Kong steel trader: 1,000+ accounts on file, about 300 active in the last "
    "12 months, with volumes, share of wallet and receivable terms.",
    columns=(
        C("account_id", "str", "Account number", unique=True),
        C("name", "str", "Company name"),
        C("city", "str", "Where the buyer is"),
        C("industry", "category", "Buyer's industry",
          choices=("construction", "machinery", "shipbuilding", "appliances", "automotive", "textile machinery")),
        C("active", "bool", "Bought anything in the last 12 months"),
        C("volume_tonnes", "float", "Steel bought from the trader in the last 12 months", "tonnes", min=0),
        C("revenue_hkd", "float", "Revenue from the account in the last 12 months", "HKD", min=0),
        C("share_of_wallet", "float", "Trader's share of the buyer's total steel purchases; blank if inactive",
          "fraction 0-1", nullable=True, min=0, max=1),
        C("receivable_days", "int", "Agreed payment terms", "days", min=0, max=180),
        C("since_year", "int", "First year of business", "year", min=1990, max=2025),
    ),
    generation="1,060 accounts, 300 active. Active volumes are Pareto-distributed (shape 1.1); price falls "
    "slightly with volume. Most terms are 30 days.",
    calibration="The seed's case: the top account ({b2b_top_name}) buys {b2b_top_wallet} of its steel from the "
    "trader; the ten biggest accounts bring {b2b_top10_share} of the active volume; the trader's 'key accounts' "
    "were only 10 of the {b2b_active} active ({b2b_accounts} on file).",
))

_add(Dataset(
    name="referrals",
    modules=(5,),
    summary="Who knows whom among the steel trader's active accounts: referrals and peer links that carry "
    "word of mouth, and defections.",
    columns=(
        C("source_id", "str", "Account that passes word on (see b2b_accounts.csv)"),
        C("target_id", "str", "Account that listens"),
        C("relation", "category", "Kind of link", choices=("referred", "industry peer", "same owner")),
        C("strength", "float", "How much the target trusts the source", "0-1", min=0, max=1),
    ),
    generation="Each active account links to 1-4 others, mostly in the same city or industry (a clustered "
    "random graph). Links are directed: word flows from source to target.",
    calibration="Built so that small accounts sit next to key accounts, as in the seed's Xiaoshan case where one "
    "small customer left and took three others, one a key account, with it.",
))

_add(Dataset(
    name="accounts",
    modules=(6, 8),
    summary="Profitability ledger of an industry-information service firm: fee, cost to serve, service calls, "
    "payment delays and abuse incidents per client.",
    columns=(
        C("customer_id", "str", "Client number", unique=True),
        C("name", "str", "Client company"),
        C("plan", "category", "Subscription plan", choices=("basic", "standard", "premium")),
        C("tenure_years", "float", "Years as a client", "years", min=0, max=30),
        C("annual_fee_cny", "float", "Fees invoiced in the last 12 months", "CNY", min=0),
        C("service_calls_per_month", "float", "Average calls and tickets to the help desk", "per month", min=0),
        C("payment_delay_days", "float", "Average days invoices were paid late", "days", min=0),
        C("abuse_incidents", "int", "Abusive calls or threats logged by staff in 12 months", "count", min=0),
        C("cost_to_serve_cny", "float", "Help desk, account management, collections and write-offs", "CNY",
          min=0),
    ),
    generation="800 clients. Fees by plan (basic ~8k, standard ~24k, premium ~70k CNY). Cost to serve = "
    "2,000 + 90 CNY per call x 12 + 60 CNY per day of delay x invoices + noise. 15 'serial callers' ring "
    "40-50 times a month.",
    calibration="The {accounts_serial_callers} clients calling 40 or more times a month mirror Sprint Nextel's "
    "~1,000 customers who called customer care 40-50 times a month (2007); the firm itself mirrors Zhihong (智虹), the information-service firm in seed 000.",
    messy="Abuse is rare and recorded only when staff filed a report: zero means 'none reported'.",
))

_add(Dataset(
    name="subscribers",
    modules=(7,),
    summary="Broadband subscribers with how they were acquired, when they joined, and when (if) they left.",
    columns=(
        C("customer_id", "str", "Subscriber number", unique=True),
        C("acquisition_channel", "category", "How the subscriber was won", choices=ACQUISITION_CHANNELS),
        C("signup_date", "date", "Contract start"),
        C("churn_date", "date", "Contract end; blank if still a subscriber on 2025-12-31", nullable=True),
        C("monthly_value_cny", "float", "Average monthly margin", "CNY per month", min=0),
        C("plan", "category", "Plan", choices=("basic", "family", "business")),
    ),
    generation="3,000 subscribers joining 2023-01 to 2025-06. Monthly churn hazard by channel: price promotion "
    "5% (with a spike when the promotional price ends in month 6), advertising 2.5%, direct sales 2%, referral "
    "1.2%. Referred customers are also worth a little more per month.",
    calibration="Price-attracted customers leave first (seed 002). Share of subscribers who had left by "
    "2025-12-31, by channel: {subscribers_churn}.",
))

_add(Dataset(
    name="branch_survey",
    modules=(7,),
    summary="Annual staff and customer survey results for 30 branches of a retail service chain.",
    columns=(
        C("branch", "str", "Branch", unique=True),
        C("city", "str", "City"),
        C("staff_satisfaction", "float", "Staff engagement index", "0-100", min=0, max=100),
        C("customer_satisfaction", "float", "Customer satisfaction index", "0-100", min=0, max=100),
        C("staff_turnover_pct", "float", "Staff who left in the year", "percent", min=0, max=100),
        C("training_hours", "float", "Training per front-line employee in the year", "hours", min=0),
    ),
    generation="Training drives staff satisfaction; staff satisfaction drives customer satisfaction "
    "(slope 0.6) and lowers turnover; noise on every link.",
    calibration="Loyal staff make loyal customers (seed 002); correlation of staff and customer "
    "satisfaction across the branches: {survey_corr}.",
))

_add(Dataset(
    name="complaint_queue",
    modules=(8,),
    summary="This morning's complaint queue for the capstone: 180 complaints from the information-service "
    "firm's clients (see accounts.csv), with the customer's own words.",
    columns=(
        C("complaint_id", "str", "Complaint number"),
        C("received_at", "datetime", "When it arrived", "local time"),
        C("customer_id", "str", "Client number, see accounts.csv"),
        C("channel", "category", "How it arrived", choices=CHANNELS),
        C("root_cause", "category", "Root cause found by the first-line agent", choices=ROOT_CAUSES),
        C("severity", "category", "Agent's severity rating", choices=("low", "medium", "high")),
        C("amount_cny", "float", "Money at stake for the customer", "CNY", min=0),
        C("hours_waiting", "float", "Hours since the complaint arrived", "hours", min=0),
        C("text", "str", "The complaint as the customer wrote it"),
    ),
    generation="Root causes are drawn from a Pareto-shaped list, so a few causes dominate. Texts are filled from "
    "templates per root cause with names, dates and amounts.",
    calibration="The three biggest root causes after removing duplicates: {queue_top_causes}.",
    messy="{queue_duplicates} complaints were submitted twice a few minutes apart (same customer, same text, new number): "
    "remove duplicates before you count.",
))

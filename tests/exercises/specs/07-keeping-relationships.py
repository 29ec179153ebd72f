"""Round-trip specs for assignment 07-keeping-relationships: plausible wrong answers and correct alternatives."""

WRONG = {
    # counts the subscribers who stayed, so the "worst" channel is the best one
    "q1": """
churn_rate = subscribers["churn_date"].isna().groupby(subscribers["acquisition_channel"], observed=True).mean()
worst_channel = str(churn_rate.idxmax())
""",
    # no cohort filter: recent subscribers who cannot have churned yet inflate retention
    "q2": """
days = (subscribers["churn_date"] - subscribers["signup_date"]).dt.days
retained = subscribers["churn_date"].isna() | (days >= 365)
retention_12m = retained.groupby(subscribers["acquisition_channel"], observed=True).mean()
""",
    # the value of every subscriber, not only of those who left
    "q3": """
monthly_value_lost = subscribers["monthly_value_cny"].sum()
promo_loss_share = subscribers.loc[subscribers["acquisition_channel"] == "price promotion",
                                   "monthly_value_cny"].sum() / monthly_value_lost
""",
    # mean instead of median
    "q4": """
gone = subscribers[subscribers["churn_date"].notna()]
median_days_to_churn = (gone["churn_date"] - gone["signup_date"]).dt.days.groupby(
    gone["acquisition_channel"], observed=True).mean()
""",
    # r squared instead of r, and the regression the wrong way round
    "q5": """
corr_staff_customer = survey["staff_satisfaction"].corr(survey["customer_satisfaction"]) ** 2
slope = np.polyfit(survey["customer_satisfaction"], survey["staff_satisfaction"], 1)[0]
""",
    # ranks the branches by customer satisfaction instead of staff satisfaction
    "q6": """
ranked = survey.sort_values("customer_satisfaction")
top_bottom_gap = ranked.tail(10)["customer_satisfaction"].mean() - ranked.head(10)["customer_satisfaction"].mean()
""",
}

ALTERNATIVE = {
    "q1": """
tab = pd.crosstab(subscribers.acquisition_channel, subscribers.churn_date.notna(), normalize="index")
churn_rate = tab[True].to_dict()
worst_channel = max(churn_rate, key=churn_rate.get)
""",
    "q2": """
c = subscribers[subscribers.signup_date < pd.Timestamp("2025-01-01")].copy()
c["lifetime"] = c.churn_date - c.signup_date
c["kept"] = c.lifetime.isna() | (c.lifetime >= pd.Timedelta(days=365))
retention_12m = {str(k): g.kept.mean() for k, g in c.groupby("acquisition_channel", observed=True)}
""",
    "q4": """
g = subscribers.dropna(subset=["churn_date"])
median_days_to_churn = g.groupby("acquisition_channel", observed=True).apply(
    lambda d: ((d.churn_date - d.signup_date) / pd.Timedelta(days=1)).median())
""",
    "q5": """
corr_staff_customer = float(np.corrcoef(survey.staff_satisfaction, survey.customer_satisfaction)[0, 1])
slope, _intercept = np.polyfit(survey.staff_satisfaction, survey.customer_satisfaction, 1)
""",
    "q6": """
top = survey.nlargest(10, "staff_satisfaction").customer_satisfaction.mean()
bottom = survey.nsmallest(10, "staff_satisfaction").customer_satisfaction.mean()
top_bottom_gap = top - bottom
""",
}

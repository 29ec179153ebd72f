"""Round-trip answers for exercise 03: a plausible WRONG answer per question and correct ALTERNATIVE ones.

Each string replaces the whole answer cell (grade_id q1, q2, ...) of the solution notebook.
"""

WRONG = {
    # "at least 5" read as "more than 5"
    "q1": 'regulars = int((stays.groupby("guest_id").size() > 5).sum())',
    # the first seat and breakfast on record instead of the most frequent ones
    "q2": """
usual_seat = stays.dropna(subset=["seat"]).groupby("guest_id")["seat"].first()
usual_breakfast = stays.dropna(subset=["breakfast"]).groupby("guest_id")["breakfast"].first()
""",
    # forgets to strip the stray spaces in the registered names
    "q3": """
def greet(guest_id):
    guest = guests.set_index("guest_id").loc[guest_id]
    mine = stays[stays["guest_id"] == guest_id]
    return (f"Welcome back, {guest['title']} {guest['name']}! Your table at {mine['seat'].mode()[0]} is ready. "
            f"Shall we bring your usual {mine['breakfast'].mode()[0]}?")
""",
    # every guest born in January, VIP or not
    "q4": 'january_vips = guests.loc[guests["birthday"].dt.month == 1, "guest_id"].tolist()',
    # counts 2025 stays of returning guests instead of the guests themselves
    "q5": """
first_visit = stays.groupby("guest_id")["check_in"].transform("min")
returning_2025 = int(((stays["check_in"].dt.year == 2025) & (first_visit.dt.year < 2025)).sum())
""",
}

ALTERNATIVE = {
    "q1": 'regulars = int((stays["guest_id"].value_counts() >= 5).sum())',
    "q2": """
usual_seat, usual_breakfast = {}, {}
for gid, rows in stays.sort_values("check_in").groupby("guest_id"):
    for column, out in (("seat", usual_seat), ("breakfast", usual_breakfast)):
        counts, last = {}, {}
        for i, value in enumerate(rows[column]):
            if isinstance(value, str):
                counts[value] = counts.get(value, 0) + 1
                last[value] = i
        out[gid] = max(counts, key=lambda v: (counts[v], last[v]))
""",
    "q3": """
profile = guests.set_index("guest_id")
chinese_order = ["China", "China (Taiwan)", "Hong Kong", "Macau", "Singapore"]

def greet(guest_id):
    p = profile.loc[guest_id]
    family = p["name"].split()[0 if p.origin_country in chinese_order else -1]
    mine = stays[stays.guest_id == guest_id].sort_values("check_in", ascending=False)
    picks = {}
    for column in ("seat", "breakfast"):
        counts = mine[column].value_counts()
        tied = set(counts[counts == counts.max()].index)
        picks[column] = next(v for v in mine[column] if v in tied)
    return f"Good morning {p.title} {family}, welcome back. {picks['seat']} is ready for you, with {picks['breakfast']}."
""",
    "q5": """
before = set(stays[stays.check_in.dt.year < 2025].guest_id)
this_year = set(stays[stays.check_in.dt.year == 2025].guest_id)
returning_2025 = len(before & this_year)
""",
}

#!/usr/bin/env python3
"""Changes a long-form rota (doctor_id,...,date,shift) the way rotas change after they are
published, for bench/replan.sh: two shift swaps between doctors of one department on one day,
one doctor moved to a week of nights, one doctor off sick for three days. Writes the new rota
and says what it changed. Usage: perturb.py IN OUT [--seed N] [--week K]"""
import argparse
import csv
import datetime as dt
import random

ap = argparse.ArgumentParser()
ap.add_argument("src")
ap.add_argument("out")
ap.add_argument("--seed", type=int, default=1)
ap.add_argument("--off", default="O", help="the rota's code for a day off")
ap.add_argument("--week", type=int, default=6, help="week (from the rota's first Monday) of the nights")
a = ap.parse_args()
rng = random.Random(a.seed)

with open(a.src, newline="") as f:
    r = csv.DictReader(f)
    fields = r.fieldnames
    rows = list(r)
by = {(x["doctor_id"], x["date"]): x for x in rows}
doctors = sorted({x["doctor_id"] for x in rows})
dept = {x["doctor_id"]: x["department"] for x in rows}
dates = sorted({x["date"] for x in rows})
first = dt.date.fromisoformat(dates[0])
monday = first - dt.timedelta(days=first.weekday())
said = []

# Two swaps: two doctors of one department trade their shifts on one weekday.
weekdays = [d for d in dates if dt.date.fromisoformat(d).weekday() < 5]
for _ in range(2):
    for _try in range(200):
        day = rng.choice(weekdays)
        x = rng.choice(doctors)
        y = rng.choice([d for d in doctors if dept[d] == dept[x] and d != x])
        rx, ry = by.get((x, day)), by.get((y, day))
        if rx and ry and rx["shift"] != ry["shift"]:
            rx["shift"], ry["shift"] = ry["shift"], rx["shift"]
            said.append(f"swap {x} <-> {y} on {day}")
            break

# A week of nights: Monday to Thursday nights, then three days off.
d = rng.choice(doctors)
start = monday + dt.timedelta(weeks=a.week)
for i in range(7):
    day = (start + dt.timedelta(days=i)).isoformat()
    if (d, day) in by:
        by[(d, day)]["shift"] = "N" if i < 4 else a.off
said.append(f"{d} on nights in the week of {start}")

# Three days off sick (as leave).
s = rng.choice(doctors)
day0 = dt.date.fromisoformat(rng.choice(weekdays[: max(1, len(weekdays) - 3)]))
for i in range(3):
    day = (day0 + dt.timedelta(days=i)).isoformat()
    if (s, day) in by:
        by[(s, day)]["shift"] = "AL"
said.append(f"{s} off sick from {day0} for 3 days")

with open(a.out, "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
print("; ".join(said))

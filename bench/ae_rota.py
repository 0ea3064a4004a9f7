#!/usr/bin/env python3
"""An A&E resident rota in the shape a department keeps it, made independently of
`rota-engage generate`: a rolling 9-line weekly template (Early 08:00-17:00, Late 13:00-22:15,
Twilight 17:00-02:00, Night 22:00-08:30 in runs of 3 and 4, Off), each doctor starting on a line
of their own, annual leave in blocks, two less-than-full-time doctors, across the October clock
change; a weekly 1 h teaching (Wed 09:00-17:00), a monthly 2 h governance for all (Mon-Fri
08:00-18:00, min_attendance 0.2, require_groups resident) and one 1 h rota consultation (Mon-Fri
12:00-14:00), with the default policy. The shape the split issue's outside check used.

Usage: ae_rota.py OUT_DIR [--seed S] [--doctors N] [--weeks W] [--hours H --per-weeks P]
"""
import argparse
import datetime as dt
import os
import random

LINES = [
    "E E E E E O O",
    "L L L L O O O",
    "N N N N O O O",
    "O O O O N N N",
    "T T T O O E E",
    "E E O L L O O",
    "O O E E E L L",
    "L L T T O O O",
    "O E E O T T O",
]
SHIFTS = """code,start,end,kind,label
E,08:00,17:00,day,Early
L,13:00,22:15,day,Late
T,17:00,02:00,twilight,Twilight
N,22:00,08:30,night,Night
O,,,rest,Off
AL,,,leave,Annual leave
"""
GRADES = ["F2", "CT1", "CT2", "ST3", "ST4", "GPVTS", "ACCS CT1", "ST6", "F3"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--doctors", type=int, default=18)
    ap.add_argument("--weeks", type=int, default=17)
    ap.add_argument("--hours", type=float)
    ap.add_argument("--per-weeks", type=int, default=4)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    # Starts on a Sunday, ends on a Thursday: both windows clipped.
    first = dt.date(2026, 8, 9)
    last = first + dt.timedelta(days=7 * a.weeks - 4)
    ltft = set(rnd.sample(range(a.doctors), 2))
    rows = ["doctor_id,name,grade,department,fte,date,shift"]
    for d in range(a.doctors):
        line0 = (d + a.seed) % len(LINES)
        leave = set()
        for _ in range(rnd.choice([1, 2])):
            start = first + dt.timedelta(days=rnd.randrange(7, (last - first).days - 7))
            start -= dt.timedelta(days=start.weekday())
            leave.update(start + dt.timedelta(days=i) for i in range(5))
        fte = 0.8 if d in ltft else 1
        grade = rnd.choice(GRADES)
        day = first
        while day <= last:
            week = (day - (first - dt.timedelta(days=first.weekday()))).days // 7
            code = LINES[(line0 + week) % len(LINES)].split()[day.weekday()]
            if day in leave and code != "N":
                code = "AL"
            if fte < 1 and day.weekday() == 4 and code != "N":
                code = "O"
            rows.append(f"A{d + 1:03},,{grade},ED,{fte},{day},{code}")
            day += dt.timedelta(days=1)
    with open(os.path.join(a.out, "rota.csv"), "w") as f:
        f.write("\n".join(rows) + "\n")
    with open(os.path.join(a.out, "shifts.csv"), "w") as f:
        f.write(SHIFTS)
    with open(os.path.join(a.out, "meetings.csv"), "w") as f:
        f.write(
            "meeting_id,title,duration_min,cadence,audience,department,weekdays,earliest,latest,min_attendance,require_groups\n"
            "teach,Teaching,60,weekly,resident,ED,Wed,09:00,17:00,,\n"
            "gov,Governance,120,monthly,resident;sas;consultant,ED,Mon-Fri,08:00,18:00,0.2,resident\n"
            "consult,Rota consultation,60,once,resident;sas,ED,Mon-Fri,12:00,14:00,,\n"
        )
    policy = ""
    if a.hours is not None:
        policy = (
            "[protected_time]\n"
            f"resident = {{ hours = {a.hours}, per_weeks = {a.per_weeks} }}\n"
            f"sas = {{ hours = {a.hours}, per_weeks = {a.per_weeks} }}\n"
        )
    with open(os.path.join(a.out, "policy.toml"), "w") as f:
        f.write(policy)


if __name__ == "__main__":
    main()

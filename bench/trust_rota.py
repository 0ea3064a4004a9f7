#!/usr/bin/env python3
"""A trust (or one department) in the shape the speed issue's outside check used, made
independently of `rota-engage generate`: per department residents on a rolling template of
SD 08:00-17:00, LD 08:00-20:30, N 20:00-08:30 in runs of 4 (Mon-Thu) and 3 (Fri-Sun) and
TW 14:00-22:00, staggered so that each doctor starts on their own line; SAS doctors on days with
an SPA day; consultants on days with weekend on-call; some less-than-full-time doctors; leave in
blocks; a cover file. Per department a weekly 1 h resident teaching (Wed 12:00-17:00), a monthly
2 h governance for all (Mon-Fri 08:00-18:00, require_groups resident;sas, min_attendance 0.2)
and a fortnightly 1 h SAS forum; with more than one department, a trust-wide monthly 1 h rota
consultation (Mon-Fri 12:00-14:00). From 5 Oct 2026, so 26 weeks hold both clock changes. The
default policy unless --hours is given.

Usage: trust_rota.py OUT_DIR [--departments K] [--doctors N] [--weeks W] [--start DATE]
       [--seed S] [--hours H --per-weeks P]
"""
import argparse
import datetime as dt
import os
import random

RESIDENT_LINES = [
    "SD SD SD SD SD O O",
    "LD LD O O SD LD LD",
    "N N N N O O O",
    "O O O O N N N",
    "TW TW TW SD O O O",
    "SD SD LD LD O O O",
    "O SD SD TW TW O O",
    "SD O SD SD SD O O",
    "LD LD LD O O O O",
    "O O TW TW SD SD SD",
]
SHIFTS = """code,start,end,kind,label
SD,08:00,17:00,day,Standard day
LD,08:00,20:30,long_day,Long day
N,20:00,08:30,night,Night
TW,14:00,22:00,twilight,Twilight
SPA,09:00,17:00,non_clinical,SPA
OC,08:00,20:00,on_call,Weekend on-call
O,,,rest,Off
AL,,,leave,Annual leave
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--departments", type=int, default=40)
    ap.add_argument("--doctors", type=int, default=50)
    ap.add_argument("--weeks", type=int, default=26)
    ap.add_argument("--start", default="2026-10-05")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--hours", type=float)
    ap.add_argument("--per-weeks", type=int, default=4)
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    first = dt.date.fromisoformat(a.start)
    last = first + dt.timedelta(days=7 * a.weeks - 1)
    rows = ["doctor_id,name,grade,department,fte,date,shift"]
    cover = ["department,staff_group,weekdays,start,end,min_on_duty"]
    meetings = [
        "meeting_id,title,duration_min,cadence,audience,department,weekdays,earliest,latest,min_attendance,require_groups"
    ]
    for k in range(a.departments):
        dept = f"dept{k + 1:02}"
        n_res = round(a.doctors * 0.7)
        n_sas = max(1, round(a.doctors * 0.15))
        n_con = max(1, a.doctors - n_res - n_sas)
        people = (
            [("resident", g) for g in rnd.choices(["FY1", "FY2", "CT1", "CT2", "ST3", "ST5", "IMT2"], k=n_res)]
            + [("sas", g) for g in rnd.choices(["Specialty Doctor", "Specialist", "Associate Specialist"], k=n_sas)]
            + [("consultant", "Consultant") for _ in range(n_con)]
        )
        offset = rnd.randrange(len(RESIDENT_LINES))
        for i, (group, grade) in enumerate(people):
            did = f"{dept}-{i + 1:03}"
            fte = rnd.choice([0.6, 0.8]) if rnd.random() < 0.12 else 1
            leave = set()
            for _ in range(rnd.choice([1, 2, 2, 3])):
                s = first + dt.timedelta(days=rnd.randrange(0, max(1, (last - first).days - 5)))
                leave.update(s + dt.timedelta(days=j) for j in range(rnd.choice([3, 5, 7])))
            spa_day = rnd.randrange(5)
            day = first
            while day <= last:
                week = (day - first).days // 7
                wd = day.weekday()
                if group == "resident":
                    code = RESIDENT_LINES[(i + offset + week) % len(RESIDENT_LINES)].split()[wd]
                elif group == "sas":
                    code = "SPA" if wd == spa_day else ("SD" if wd < 5 else "O")
                else:
                    on_call_weekend = (week + i) % 4 == 0
                    code = "SD" if wd < 5 else ("OC" if on_call_weekend else "O")
                if fte < 1 and wd == (i % 5) and code in ("SD", "SPA", "LD"):
                    code = "O"
                if day in leave and code != "N":
                    code = "AL"
                rows.append(f"{did},,{grade},{dept},{fte},{day},{code}")
                day += dt.timedelta(days=1)
        cover.append(f"{dept},resident,Mon-Sun,08:00,20:00,{max(2, n_res // 5)}")
        cover.append(f"{dept},resident,Mon-Sun,20:00,08:00,{max(1, n_res // 10)}")
        meetings += [
            f"teach-{dept},Resident teaching,60,weekly,resident,{dept},Wed,12:00,17:00,,",
            f"gov-{dept},Governance,120,monthly,resident;sas;consultant,{dept},Mon-Fri,08:00,18:00,0.2,resident;sas",
            f"sas-{dept},SAS forum,60,fortnightly,sas,{dept},Mon-Fri,12:00,17:00,,",
        ]
    if a.departments > 1:
        meetings.append("consult,Rota consultation,60,monthly,resident;sas,*,Mon-Fri,12:00,14:00,,")
    for name, lines in [("rota.csv", rows), ("cover.csv", cover), ("meetings.csv", meetings)]:
        with open(os.path.join(a.out, name), "w") as f:
            f.write("\n".join(lines) + "\n")
    with open(os.path.join(a.out, "shifts.csv"), "w") as f:
        f.write(SHIFTS)
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

//! Property: a rota written as departments write theirs — with the quirks the replicas show —
//! reads back as its long form. Each case draws a rota (doctors, grades, shifts, dates across
//! clock changes and new years) and a set of quirks, writes the workbook, and compares what
//! `import` reads with the long form written alongside:
//!
//! - a second cohort whose names line (with its grades) sits part-way down the grid, some
//!   names repeated from the first;
//! - dates without a year (`01-Aug`, the year in the sheet's name), or one date of the run
//!   typed with last year's year;
//! - legends as people write them: codes in brackets (`Early shift (E)`), lists of labels
//!   (`Ward A, Ward B | Standard day | 08:00 - 17:00`), remarks after a label (`LD (swap)`),
//!   weekday and weekend times for one label, a block per grade under its heading;
//! - side tables: a column of colleagues' names, a `Vacant` column, a totals line;
//! - one sheet a month, doctors down, later sheets without a year and a January sheet
//!   carrying the year of the sheet it was copied from.
//!
//! The rotas are drawn here, apart from the replicas and from `generate`.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use proptest::prelude::*;
use rota_engage::domain::Rota;
use rota_engage::io::import::RotaOptions;
use rota_engage::io::inputs::{load, Source, Sources};

use crate::support::shift_rows as rows;
use crate::workbooks::{days, t, xlsx, SheetSpec, V};

const NAMES: [&str; 10] = [
    "Amy Bell",
    "Raj Patel",
    "Chloe Ward",
    "Tom Okafor",
    "Sara Lind",
    "Ben Hughes",
    "Mia Chen",
    "Olu Ade",
    "Kate Moss-Reid",
    "Dan O'Neil",
];
const GRADES: [&str; 6] = ["F1", "F2", "CMT", "ST3", "Specialty Doctor", "GP 0.8 LTFT"];

/// The shifts a cell may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Duty {
    Early,
    Late,
    Night,
    Long,
    Off,
    Leave,
}
const DUTIES: [Duty; 6] = [
    Duty::Early,
    Duty::Late,
    Duty::Night,
    Duty::Long,
    Duty::Off,
    Duty::Leave,
];

/// How the legend is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Legend {
    /// `Early | 08:00 - 17:00`.
    Plain,
    /// `Early shift (E) | 08:00 - 17:00`, cells `E`.
    Bracketed,
    /// `Ward A, Ward B | Standard day | 08:00 - 17:00`, cells `Ward A` or `Ward B`.
    Listed,
    /// A block per grade under its heading (`F1/F2/GP`, `CMT/ST3s/Specialty Doctor`), the
    /// long day timed apart.
    Graded,
}

/// The grades of the first block of a graded legend; the rest are the second's.
const FIRST_BLOCK: [&str; 3] = ["F1", "F2", "GP 0.8 LTFT"];

#[derive(Debug, Clone)]
struct Case {
    /// First cohort: (name, grade).
    doctors: Vec<(usize, usize)>,
    /// A second cohort from day `k`: its doctors (a name of the first keeps its grade).
    cohort: Option<(usize, Vec<(usize, usize)>)>,
    first: NaiveDate,
    /// Per cohort seat (first cohort's, then the second's), per day.
    cells: Vec<Vec<Option<Duty>>>,
    legend: Legend,
    /// `LD (swap)` in some long-day cells.
    remarks: bool,
    /// `LD` timed apart on weekdays and weekends.
    weekend_ld: bool,
    /// Dates written without a year.
    yearless: bool,
    /// One date typed with last year's year (day index).
    typo: Option<usize>,
    /// Colleagues' names, a Vacant column and a totals line beside the grid.
    side: bool,
    /// One sheet a month, doctors down.
    months: bool,
    /// Which of the two `Ward` labels each early cell uses.
    ward_b: Vec<Vec<bool>>,
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a date")
}

fn case() -> impl Strategy<Value = Case> {
    let starts = prop_oneof![
        Just(date(2019, 3, 18)),
        Just(date(2018, 10, 15)),
        Just(date(2018, 12, 10)),
        Just(date(2019, 11, 20)),
        (0i64..2500).prop_map(|d| date(2018, 1, 1) + Duration::days(d)),
    ];
    (2usize..6, 5usize..70, starts, any::<bool>()).prop_flat_map(|(n, ndays, first, months)| {
        let seats = 2 * n;
        (
            proptest::sample::subsequence((0..NAMES.len()).collect::<Vec<_>>(), n),
            proptest::collection::vec(0..GRADES.len(), n),
            proptest::collection::vec(
                proptest::collection::vec(proptest::option::weighted(0.85, 0..DUTIES.len()), ndays),
                seats,
            ),
            proptest::collection::vec(proptest::collection::vec(any::<bool>(), ndays), seats),
            (0u8..4, any::<bool>(), any::<bool>(), any::<bool>()),
            (
                prop::bool::weighted(0.4),
                1..ndays.max(2),
                any::<bool>(),
                0..n,
            ),
            (prop::bool::weighted(0.3), 1..ndays.max(2)),
        )
            .prop_map(
                move |(
                    names,
                    grades,
                    cells,
                    ward_b,
                    (legend, remarks, weekend_ld, yearless),
                    (cohort, split, side, keep),
                    (typo, typo_at),
                )| {
                    let doctors: Vec<(usize, usize)> = names.iter().copied().zip(grades).collect();
                    // The second cohort: `keep` of the first's names stay, the rest are new.
                    let cohort = (cohort && !months && ndays >= 4).then(|| {
                        let mut second: Vec<(usize, usize)> = doctors[..keep].to_vec();
                        let new: Vec<usize> =
                            (0..NAMES.len()).filter(|k| !names.contains(k)).collect();
                        for (k, &name) in new.iter().take(n - keep).enumerate() {
                            second.push((name, k % GRADES.len()));
                        }
                        (split.min(ndays - 2).max(2), second)
                    });
                    let mut cells: Vec<Vec<Option<Duty>>> = cells
                        .into_iter()
                        .map(|row| row.into_iter().map(|c| c.map(|i| DUTIES[i])).collect())
                        .collect();
                    // Month sheets start on the 1st, and the last holds three days or more.
                    let first = if months {
                        first.with_day(1).unwrap_or(first)
                    } else {
                        first
                    };
                    if months {
                        let last = first + Duration::days(ndays as i64 - 1);
                        if last.day() < 3 && ndays > last.day() as usize {
                            let keep = ndays - last.day() as usize;
                            for row in &mut cells {
                                row.truncate(keep);
                            }
                        }
                    }
                    // After a night, only another night, a rest day or nothing: no overlaps.
                    for row in &mut cells {
                        for k in 1..row.len() {
                            if row[k - 1] == Some(Duty::Night)
                                && !matches!(row[k], Some(Duty::Night | Duty::Off) | None)
                            {
                                row[k] = Some(Duty::Off);
                            }
                        }
                    }
                    // A doctor of both cohorts keeps to the rule across the change.
                    if let Some((k, second)) = &cohort {
                        let k = *k;
                        for j in 0..keep.min(second.len()) {
                            if cells[j][k - 1] == Some(Duty::Night)
                                && !matches!(cells[n + j][k], Some(Duty::Night | Duty::Off) | None)
                            {
                                cells[n + j][k] = Some(Duty::Off);
                            }
                        }
                    }
                    // A typo needs real dates around it, not a month's first or last.
                    let typo = (typo && !yearless && !months && (2..ndays - 2).contains(&typo_at))
                        .then_some(typo_at);
                    Case {
                        doctors,
                        cohort,
                        first,
                        cells,
                        legend: [
                            Legend::Plain,
                            Legend::Bracketed,
                            Legend::Listed,
                            Legend::Graded,
                        ][usize::from(legend)],
                        remarks,
                        // A graded legend times the long day by grade alone.
                        weekend_ld: weekend_ld && legend != 3,
                        yearless: yearless && !months,
                        typo,
                        side: side && ndays >= 10 && !months,
                        months,
                        ward_b,
                    }
                },
            )
    })
}

impl Case {
    fn ndays(&self) -> usize {
        self.cells[0].len()
    }

    /// Who sits in each seat over which days: (seat, doctor, first day, last day + 1).
    fn seats(&self) -> Vec<(usize, (usize, usize), usize, usize)> {
        let n = self.doctors.len();
        let split = self.cohort.as_ref().map_or(self.ndays(), |c| c.0);
        let mut out: Vec<(usize, (usize, usize), usize, usize)> = self
            .doctors
            .iter()
            .enumerate()
            .map(|(k, d)| (k, *d, 0, split))
            .collect();
        if let Some((_, second)) = &self.cohort {
            for (k, d) in second.iter().enumerate() {
                out.push((n + k, *d, split, self.ndays()));
            }
        }
        out
    }

    /// A cell's text as written.
    fn text(&self, seat: usize, day: usize, duty: Duty) -> String {
        let d = self.first + Duration::days(day as i64);
        match (duty, self.legend) {
            (Duty::Early, Legend::Plain | Legend::Graded) => "Early".into(),
            (Duty::Early, Legend::Bracketed) => "E".into(),
            (Duty::Early, Legend::Listed) => {
                if self.ward_b[seat][day] {
                    "Ward B".into()
                } else {
                    "Ward A".into()
                }
            }
            (Duty::Late, Legend::Bracketed) => "L".into(),
            (Duty::Late, _) => "Late".into(),
            (Duty::Night, Legend::Bracketed) => "N".into(),
            (Duty::Night, _) => "Night".into(),
            (Duty::Long, _) if self.remarks && d.day() % 3 == 0 => "LD (swap)".into(),
            (Duty::Long, _) => "LD".into(),
            (Duty::Off, _) => "Off".into(),
            (Duty::Leave, _) => "AL".into(),
        }
    }

    /// The legend's cells, from its top left: (row, column, text).
    fn legend_cells(&self) -> Vec<(u32, u16, String)> {
        let s = |x: &[&str]| x.iter().map(|c| (*c).to_string()).collect::<Vec<_>>();
        let mut v = match self.legend {
            Legend::Plain | Legend::Graded => vec![
                s(&["Early", "08:00 - 17:00"]),
                s(&["Late", "13:00-22:15"]),
                s(&["Night", "22:00 - 08:30"]),
            ],
            Legend::Bracketed => vec![
                s(&["Early shift (E)", "08:00 - 17:00"]),
                s(&["Late shift (L)", "13:00-22:15"]),
                s(&["Night shift (N)", "22:00 - 08:30"]),
            ],
            Legend::Listed => vec![
                s(&["Ward A, Ward B", "Standard day", "08:00 - 17:00"]),
                s(&["Late", "", "13:00-22:15"]),
                s(&["Night", "", "22:00 - 08:30"]),
            ],
        };
        let pad = |mut x: Vec<String>| {
            if self.legend == Legend::Listed {
                x.insert(1, String::new());
            }
            x
        };
        let mut out = Vec::new();
        let lines = |v: &[Vec<String>], top: u32, left: u16, out: &mut Vec<(u32, u16, String)>| {
            for (k, line) in v.iter().enumerate() {
                for (i, cell) in line.iter().enumerate() {
                    if !cell.is_empty() {
                        let r = top + u32::try_from(k).expect("few");
                        out.push((r, left + u16::try_from(i).expect("narrow"), cell.clone()));
                    }
                }
            }
        };
        if self.legend == Legend::Graded {
            // Two blocks side by side, each under its grades heading.
            let mut second = v.clone();
            v.push(s(&["Long day (LD)", "08.00-20.30"]));
            second.push(s(&["Long day (LD)", "09.00-21.00"]));
            for (left, heading) in [(0, "F1/F2/GP"), (3, "CMT/ST3s/Specialty Doctor")] {
                out.push((0, left, heading.to_string()));
                out.push((0, left + 1, heading.to_string()));
            }
            lines(&v, 1, 0, &mut out);
            lines(&second, 1, 3, &mut out);
            return out;
        }
        if self.weekend_ld {
            v.push(pad(s(&["week day long day (LD)", "09.00-21.00"])));
            v.push(pad(s(&["weekend long day (LD)", "08.00-21.00"])));
        } else {
            v.push(pad(s(&["Long day (LD)", "08.00-20.30"])));
        }
        lines(&v, 0, 0, &mut out);
        out
    }

    /// Times and kind of a duty on a date, as the legend says.
    fn reading(
        &self,
        duty: Duty,
        d: NaiveDate,
        grade: usize,
    ) -> (&'static str, &'static str, &'static str) {
        let weekend = matches!(d.weekday(), Weekday::Sat | Weekday::Sun);
        match duty {
            Duty::Long
                if self.legend == Legend::Graded && !FIRST_BLOCK.contains(&GRADES[grade]) =>
            {
                ("09:00", "21:00", "long_day")
            }
            Duty::Early => ("08:00", "17:00", "day"),
            Duty::Late => ("13:00", "22:15", "twilight"),
            Duty::Night => ("22:00", "08:30", "night"),
            Duty::Long if self.weekend_ld && weekend => ("08:00", "21:00", "long_day"),
            Duty::Long if self.weekend_ld => ("09:00", "21:00", "long_day"),
            Duty::Long => ("08:00", "20:30", "long_day"),
            Duty::Off => ("", "", "rest"),
            Duty::Leave => ("", "", "leave"),
        }
    }

    /// The same rota in the contract's long form.
    fn long_form(&self) -> String {
        let mut out =
            String::from("doctor_id,name,grade,department,fte,date,start,end,kind,shift\n");
        for (seat, (name, grade), lo, hi) in self.seats() {
            let id: String = NAMES[name]
                .to_lowercase()
                .split(|ch: char| !ch.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join("-");
            let (g, fte) = match GRADES[grade] {
                "GP 0.8 LTFT" => ("GP", "0.8"),
                g => (g, "1"),
            };
            for day in lo..hi {
                let Some(duty) = self.cells[seat][day] else {
                    continue;
                };
                let d = self.first + Duration::days(day as i64);
                let (start, end, kind) = self.reading(duty, d, grade);
                out.push_str(&format!(
                    "{id},{},{g},Rota,{fte},{d},{start},{end},{kind},{}\n",
                    NAMES[name],
                    self.text(seat, day, duty)
                ));
            }
        }
        out
    }

    /// How a date is written.
    fn written(&self, day: usize) -> V {
        let d = self.first + Duration::days(day as i64);
        if self.typo == Some(day) {
            return V::D(d.with_year(d.year() - 1).unwrap_or(d));
        }
        if self.yearless {
            t(&d.format("%d-%b").to_string())
        } else {
            V::D(d)
        }
    }

    /// The workbook: doctors across with dates down, or one sheet a month doctors down.
    fn sheets(&self) -> Vec<SheetSpec> {
        if self.months {
            return self.month_sheets();
        }
        // The year of a yearless run is in the sheet's name (`Rota Aug 19`).
        let name = if self.yearless {
            format!("Rota {}", self.first.format("%b %y"))
        } else {
            "Rota".to_string()
        };
        let mut s = SheetSpec::new(&name);
        let n = self.doctors.len();
        let col = |k: usize| u16::try_from(2 + k).expect("narrow");
        for (k, (name, grade)) in self.doctors.iter().enumerate() {
            s.set(0, col(k), t(NAMES[*name]));
            s.set(1, col(k), t(GRADES[*grade]));
        }
        s.set(0, 0, t("Date"));
        s.set(0, 1, t("Day"));
        // Lines: the dates from row 2, with the second cohort's names and grades lines
        // inserted before its first day.
        let split = self.cohort.as_ref().map(|c| c.0);
        let row_of = |day: usize| -> u32 {
            let extra = if split.is_some_and(|k| day >= k) {
                2
            } else {
                0
            };
            u32::try_from(2 + day + extra).expect("few")
        };
        if let (Some(k), Some((_, second))) = (split, &self.cohort) {
            let r = row_of(k) - 2;
            for (j, (name, grade)) in second.iter().enumerate() {
                s.set(r, col(j), t(NAMES[*name]));
                s.set(r + 1, col(j), t(GRADES[*grade]));
            }
        }
        for day in 0..self.ndays() {
            let r = row_of(day);
            let d = self.first + Duration::days(day as i64);
            s.set(r, 0, self.written(day));
            s.set(r, 1, t(&d.format("%a").to_string()));
        }
        for (seat, _, lo, hi) in self.seats() {
            let j = if seat >= n { seat - n } else { seat };
            for day in lo..hi {
                if let Some(duty) = self.cells[seat][day] {
                    s.set(row_of(day), col(j), t(&self.text(seat, day, duty)));
                }
            }
        }
        let mut right = 2 + n + 1;
        if self.side {
            // Who covers triage: colleagues' names, changing day by day.
            let who = ["Dr Fenn", "Dr Lowe", "Dr Park", "Dr Quill", "Dr Rowe"];
            let c = u16::try_from(right).expect("narrow");
            s.set(0, c, t("Triage"));
            for day in 0..self.ndays() {
                s.set(row_of(day), c, t(who[(day * 7 + 3) % who.len()]));
            }
            // A vacant post with a few shifts pencilled in.
            let c = c + 1;
            s.set(0, c, t("Vacant"));
            for day in (0..self.ndays()).step_by(3) {
                s.set(row_of(day), c, t(&self.text(0, day, Duty::Late)));
            }
            // A totals line under the grid.
            let r = row_of(self.ndays() - 1) + 2;
            s.set(r, 0, t("Total"));
            for j in 0..n {
                s.set(
                    r,
                    col(j),
                    V::N(f64::from(u32::try_from(j).expect("few") + 3)),
                );
            }
            right += 3;
        }
        // The legend beside the grid.
        for (r, c, cell) in self.legend_cells() {
            s.set(
                2 + r,
                u16::try_from(right + 1).expect("narrow") + c,
                t(&cell),
            );
        }
        vec![s]
    }

    /// One sheet a month: names down A, grades in B, dates across row 1 (the first sheet's
    /// first a real date, the rest without a year; a January after the first sheet's year
    /// carries last year's, as a sheet copied forward does), day names in row 2, the legend
    /// below the grid.
    fn month_sheets(&self) -> Vec<SheetSpec> {
        let mut out = Vec::new();
        let all = days(self.first, self.ndays());
        let mut k = 0;
        while k < all.len() {
            let month = (all[k].year(), all[k].month());
            let span: Vec<usize> = (k..all.len())
                .take_while(|&i| (all[i].year(), all[i].month()) == month)
                .collect();
            let mut s = SheetSpec::new(&all[k].format("%b").to_string());
            let copied = k > 0 && all[k].year() > self.first.year();
            for (x, &i) in span.iter().enumerate() {
                let c = u16::try_from(2 + x).expect("narrow");
                let d = all[i];
                let v = if k == 0 && x == 0 {
                    V::D(d)
                } else if copied {
                    V::D(d.with_year(d.year() - 1).unwrap_or(d))
                } else {
                    t(&d.format("%d-%b").to_string())
                };
                s.set(0, c, v);
                s.set(1, c, t(&d.format("%a").to_string()));
            }
            for (j, (name, grade)) in self.doctors.iter().enumerate() {
                let r = 2 + u32::try_from(j).expect("few");
                s.set(r, 0, t(NAMES[*name]));
                s.set(r, 1, t(GRADES[*grade]));
                for (x, &i) in span.iter().enumerate() {
                    if let Some(duty) = self.cells[j][i] {
                        s.set(
                            r,
                            u16::try_from(2 + x).expect("narrow"),
                            t(&self.text(j, i, duty)),
                        );
                    }
                }
            }
            let below = 2 + u32::try_from(self.doctors.len()).expect("few") + 2;
            for (r, c, cell) in self.legend_cells() {
                s.set(below + r, c, t(&cell));
            }
            out.push(s);
            k = span.last().map_or(all.len(), |l| l + 1);
        }
        out
    }
}

fn read(name: &str, bytes: Vec<u8>) -> Result<(Rota, String), String> {
    let src = Sources {
        rota: Some(Source {
            name: name.into(),
            bytes,
        }),
        rota_options: RotaOptions {
            department: Some("Rota".into()),
            ..RotaOptions::default()
        },
        ..Sources::default()
    };
    load(&src)
        .map(|(i, d)| (i.rota, d.render()))
        .map_err(|d| d.render())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn a_rota_written_with_real_sheets_quirks_reads_back_as_its_long_form(c in case()) {
        prop_assume!(c.seats().iter().any(|&(seat, _, lo, hi)| (lo..hi).any(|d| c.cells[seat][d].is_some())));
        // Every doctor of the month sheets, and of each cohort, has a shift to be seen by.
        let (expected, _) = read("rota.csv", c.long_form().into_bytes())
            .map_err(|e| TestCaseError::fail(format!("long form: {e}")))?;
        let (got, warnings) = read("rota.xlsx", xlsx(&c.sheets(), false))
            .map_err(|e| TestCaseError::fail(format!("workbook: {e}")))?;
        prop_assert_eq!(rows(&got), rows(&expected));
        if let Some(day) = c.typo {
            let d = c.first + Duration::days(day as i64);
            prop_assert!(warnings.contains(&format!("read as {d}")), "no warning for the typo at {}: {}", d, warnings);
        }
    }
}

//! A small seeded generator of realistic rotas: the demo department in `data/` and benchmark
//! instances of any size (one department to a trust). Line rotas that keep the 2016 terms'
//! limits (nights in runs of at most 4 followed by 46 h rest, weekends about 1 in 4), SPA days
//! for SAS doctors, consultants on call, annual and study leave, some LTFT doctors.

use std::fmt::Write;

use chrono::{Datelike, Duration, NaiveDate};

/// What to generate.
#[derive(Debug, Clone)]
pub struct Spec {
    /// Departments.
    pub departments: usize,
    /// Doctors per department.
    pub doctors: usize,
    /// Weeks.
    pub weeks: usize,
    /// First date of the rota.
    pub start: NaiveDate,
    /// Seed.
    pub seed: u64,
    /// Add a trust-wide meeting (`department = *`).
    pub trust_wide: bool,
    /// Add individual QI time (2 h per 4 weeks for residents and SAS doctors).
    pub individual: bool,
}

/// The generated files, by name.
#[derive(Debug, Clone)]
pub struct Files {
    /// `rota.csv` (long form).
    pub rota: String,
    /// `rota_grid.csv` (grid form, same rota).
    pub rota_grid: String,
    /// `shifts.csv`.
    pub shifts: String,
    /// `meetings.csv`.
    pub meetings: String,
    /// `cover.csv`.
    pub cover: String,
    /// `policy.toml`.
    pub policy: String,
}

/// SplitMix64: a few lines, stable across versions (a crate's `StdRng` is not).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % (n.max(1) as u64)).unwrap_or(0)
    }
    fn chance(&mut self, pct: u64) -> bool {
        self.next() % 100 < pct
    }
}

const SHIFTS: &str = "code,start,end,kind,label
SD,08:00,16:30,day,Standard day
LD,08:00,20:30,long_day,Long day
N,20:00,08:30,night,Night
TW,14:00,00:00,twilight,Twilight
SPA,08:30,16:30,non_clinical,Supporting professional activities
OC,17:00,08:00,on_call,Non-resident on call
OFF,,,rest,Rest day
ZD,,,rest,Zero day
LTFT,,,rest,LTFT non-working day
AL,,,leave,Annual leave
SL,,,study_leave,Study leave
";

/// Resident line rota: 9 weeks, Monday first. Nights Mon-Thu (4) and Fri-Sun (3), each
/// followed by at least 46 h off; weekends worked in 2 of 9 weeks.
const RESIDENT_LINES: [[&str; 7]; 9] = [
    ["SD", "SD", "SD", "SD", "SD", "OFF", "OFF"],
    ["LD", "LD", "OFF", "SD", "SD", "OFF", "OFF"],
    ["N", "N", "N", "N", "OFF", "OFF", "OFF"],
    ["SD", "SD", "SD", "SD", "SD", "OFF", "OFF"],
    ["TW", "TW", "TW", "TW", "OFF", "LD", "LD"],
    ["ZD", "SD", "SD", "SD", "SD", "OFF", "OFF"],
    ["LD", "LD", "SD", "SD", "SD", "OFF", "OFF"],
    ["SD", "SD", "SD", "OFF", "N", "N", "N"],
    ["OFF", "OFF", "SD", "SD", "SD", "OFF", "OFF"],
];

/// SAS line rota: 5 weeks with a weekly SPA day.
const SAS_LINES: [[&str; 7]; 5] = [
    ["SD", "SD", "SPA", "SD", "SD", "OFF", "OFF"],
    ["LD", "LD", "SPA", "SD", "OFF", "OFF", "OFF"],
    ["N", "N", "N", "OFF", "OFF", "OFF", "OFF"],
    ["OFF", "SD", "SPA", "SD", "SD", "OFF", "OFF"],
    ["SD", "SD", "SPA", "LD", "OFF", "LD", "LD"],
];

/// Consultant lines: 5 weeks, SPA half of Friday as a day, on call about once a week.
const CONSULTANT_LINES: [[&str; 7]; 5] = [
    ["SD", "SD", "SD", "SD", "SPA", "OFF", "OFF"],
    ["SD", "OC", "SD", "SD", "SPA", "OFF", "OFF"],
    ["SD", "SD", "SD", "OC", "SPA", "OFF", "OFF"],
    ["SD", "SD", "OC", "SD", "SPA", "OFF", "OFF"],
    ["SD", "SD", "SD", "SD", "OFF", "LD", "LD"],
];

const FIRST: [&str; 24] = [
    "Aisha", "Ben", "Chloe", "Daniel", "Emeka", "Fatima", "George", "Hannah", "Imran", "Jess",
    "Kwame", "Laura", "Mohammed", "Niamh", "Oliver", "Priya", "Rhys", "Sofia", "Tom", "Uma",
    "Vikram", "Wen", "Yusuf", "Zara",
];
const LAST: [&str; 24] = [
    "Adeyemi", "Brown", "Chen", "Davies", "Evans", "Farah", "Green", "Hughes", "Iqbal", "Jones",
    "Khan", "Lewis", "Morgan", "Nwosu", "O'Brien", "Patel", "Quinn", "Roberts", "Singh", "Taylor",
    "Usman", "Walsh", "Young", "Zhou",
];
const DEPTS: [&str; 8] = [
    "acute",
    "cardiology",
    "respiratory",
    "gastro",
    "elderly",
    "renal",
    "neuro",
    "haematology",
];

fn dept_name(i: usize) -> String {
    if i < DEPTS.len() {
        DEPTS[i].to_string()
    } else {
        format!("{}{}", DEPTS[i % DEPTS.len()], i / DEPTS.len() + 1)
    }
}

struct Doc {
    id: String,
    name: String,
    grade: &'static str,
    dept: String,
    email: String,
    fte: f64,
    codes: Vec<&'static str>,
}

/// Generates a rota and its companion files.
pub fn generate(spec: &Spec) -> Files {
    let mut rng = Rng(spec.seed);
    let days = spec.weeks * 7;
    let dates: Vec<NaiveDate> = (0..days)
        .map(|i| spec.start + Duration::days(i64::try_from(i).unwrap_or(0)))
        .collect();
    let first_monday =
        spec.start - Duration::days(i64::from(spec.start.weekday().num_days_from_monday()));
    let mut docs = Vec::new();
    for dep in 0..spec.departments {
        let dept = dept_name(dep);
        let n = spec.doctors;
        let n_cons = (n * 17 / 100).max(1);
        let n_sas = (n * 17 / 100).max(1);
        let n_res = n.saturating_sub(n_cons + n_sas).max(1);
        let res_grades = [
            "FY1", "FY1", "FY2", "FY2", "CT1", "CT2", "CT3", "ST3", "ST4", "ST5", "ST6", "ST7",
        ];
        let sas_grades = [
            "Specialty Doctor",
            "Specialty Doctor",
            "Specialist",
            "Associate Specialist",
        ];
        for k in 0..(n_res + n_sas + n_cons) {
            let (grade, lines): (&str, &[[&str; 7]]) = if k < n_res {
                (res_grades[k % res_grades.len()], &RESIDENT_LINES)
            } else if k < n_res + n_sas {
                (sas_grades[(k - n_res) % sas_grades.len()], &SAS_LINES)
            } else {
                ("Consultant", &CONSULTANT_LINES)
            };
            let (f, l) = (FIRST[rng.below(FIRST.len())], LAST[rng.below(LAST.len())]);
            let ltft = k < n_res && rng.chance(15);
            let fte = if ltft { [0.6, 0.8][rng.below(2)] } else { 1.0 };
            let offset = k % lines.len();
            let mut codes = Vec::with_capacity(days);
            for d in &dates {
                let week = usize::try_from((*d - first_monday).num_days() / 7).unwrap_or(0);
                let wd = d.weekday().num_days_from_monday() as usize;
                codes.push(lines[(week + offset) % lines.len()][wd]);
            }
            if ltft {
                // One fixed non-working weekday (two at 60%), taken from plain days.
                let off_days: &[usize] = if fte < 0.7 { &[0, 4] } else { &[4] };
                for (i, d) in dates.iter().enumerate() {
                    let wd = d.weekday().num_days_from_monday() as usize;
                    if off_days.contains(&wd) && codes[i] == "SD" {
                        codes[i] = "LTFT";
                    }
                }
            }
            // Annual leave: one or two plain day-weeks; study leave: a few single days.
            let plain_weeks: Vec<usize> = (0..spec.weeks)
                .filter(|w| {
                    (0..5).all(|wd| {
                        codes
                            .get(w * 7 + wd)
                            .is_some_and(|c| matches!(*c, "SD" | "SPA" | "LTFT" | "ZD"))
                    })
                })
                .collect();
            for _ in 0..1 + usize::from(rng.chance(40)) {
                if plain_weeks.is_empty() {
                    break;
                }
                let w = plain_weeks[rng.below(plain_weeks.len())];
                for wd in 0..5 {
                    if let Some(c) = codes.get_mut(w * 7 + wd) {
                        *c = "AL";
                    }
                }
            }
            if grade != "Consultant" {
                for _ in 0..spec.weeks / 6 {
                    let i = rng.below(days);
                    if codes[i] == "SD" {
                        codes[i] = "SL";
                    }
                }
            }
            let serial = docs.len() + 1;
            docs.push(Doc {
                id: format!("D{serial:05}"),
                name: format!("{f} {l}"),
                grade,
                dept: dept.clone(),
                email: format!(
                    "{}.{}{serial}@example.nhs.uk",
                    f.to_ascii_lowercase(),
                    l.to_ascii_lowercase().replace('\'', "")
                ),
                fte,
                codes,
            });
        }
    }
    let mut rota = String::from("doctor_id,name,grade,department,email,fte,date,shift\n");
    let mut grid = String::from("doctor_id,name,grade,department,email,fte");
    for d in &dates {
        let _ = write!(grid, ",{d}");
    }
    grid.push('\n');
    for d in &docs {
        let name = d.name.clone();
        let _ = write!(
            grid,
            "{},{},{},{},{},{}",
            d.id, name, d.grade, d.dept, d.email, d.fte
        );
        for (i, c) in d.codes.iter().enumerate() {
            let _ = writeln!(
                rota,
                "{},{},{},{},{},{},{},{}",
                d.id, name, d.grade, d.dept, d.email, d.fte, dates[i], c
            );
            let _ = write!(grid, ",{c}");
        }
        grid.push('\n');
    }
    let mut meetings = String::from("meeting_id,title,duration_min,cadence,audience,department,weekdays,earliest,latest,min_attendance,require_groups,fixed,priority,from,until,format\n");
    let mut cover = String::from("department,staff_group,weekdays,start,end,min_on_duty\n");
    for dep in 0..spec.departments {
        let dept = dept_name(dep);
        let p = if spec.departments == 1 {
            String::new()
        } else {
            format!("{dept}-")
        };
        let _ = writeln!(meetings, "{p}teach,Resident teaching and QI huddle ({dept}),60,weekly,resident,{dept},Tue;Wed;Thu,12:00,17:00,0.3,,,1,,,");
        let _ = writeln!(meetings, "{p}gov,Clinical governance and M&M ({dept}),90,monthly,resident;sas;consultant,{dept},Mon-Fri,12:00,17:00,0.3,resident;sas,,2,,,");
        let _ = writeln!(meetings, "{p}sasforum,SAS doctors' forum ({dept}),60,fortnightly,sas,{dept},Mon-Fri,12:00,17:00,,,,1,,,");
        if spec.individual {
            // Odd seeds make it monthly, so its blocks straddle the 4-week target windows.
            let cadence = if spec.seed % 2 == 0 {
                "every_4_weeks"
            } else {
                "monthly"
            };
            let _ = writeln!(meetings, "{p}qi,Protected QI and audit time ({dept}),120,{cadence},resident;sas,{dept},Mon-Fri,08:00,18:00,,,,1,,,individual");
        }
        let res = (spec.doctors * 66 / 100).max(1);
        let _ = writeln!(
            cover,
            "{dept},resident,Mon-Fri,08:00,17:00,{}",
            (res / 4).max(1)
        );
        let _ = writeln!(cover, "{dept},consultant,Mon-Sun,08:00,20:00,1");
    }
    let from = spec.start + Duration::days(14);
    let until = spec.start + Duration::days(56);
    let _ = writeln!(meetings, "rotaconsult,Rota redesign consultation (trust-wide),90,once,resident;sas,*,Mon-Fri,09:00,17:00,,resident;sas,,2,{from},{until},");
    if spec.trust_wide {
        let _ = writeln!(meetings, "trustforum,Trust medical engagement forum,60,monthly,resident;sas,*,Tue;Thu,12:00,17:00,,resident;sas,,1,,,");
    }
    let policy = "timezone = \"Europe/London\"\n\n[protected_time]\nresident = { hours = 2.0, per_weeks = 4 }\nsas      = { hours = 2.0, per_weeks = 4 }\n\n[placement]\nallowed_kinds = [\"day\", \"long_day\", \"twilight\", \"non_clinical\"]\nmax_minutes_per_shift = 180\nrest_after_night_hours = 46\n\n[cover]\nmin_fraction = 0.5\nmin_count = 1\n".to_string();
    Files {
        rota,
        rota_grid: grid,
        shifts: SHIFTS.to_string(),
        meetings,
        cover,
        policy,
    }
}

/// The generated rota as a coordinator's workbook: a sheet per department, doctors across
/// (names in row 1, grades in row 2, `0.8 LTFT` where part time), Excel dates down column A
/// and day names in B, shift codes in the cells, and a legend block beside the grid. For
/// trials of `import` and its benchmark.
pub fn rota_workbook(files: &Files) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut rdr = csv::Reader::from_reader(files.rota_grid.as_bytes());
    let headers = rdr.headers().map_err(|e| e.to_string())?.clone();
    let dates: Vec<(usize, NaiveDate)> = headers
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            NaiveDate::parse_from_str(h, "%Y-%m-%d")
                .ok()
                .map(|d| (i, d))
        })
        .collect();
    let mut depts: Vec<(String, Vec<csv::StringRecord>)> = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| e.to_string())?;
        let dept = rec.get(3).unwrap_or("").to_string();
        match depts.iter_mut().find(|d| d.0 == dept) {
            Some(d) => d.1.push(rec),
            None => depts.push((dept, vec![rec])),
        }
    }
    let legend: Vec<(String, String)> = files
        .shifts
        .lines()
        .skip(1)
        .filter_map(|l| {
            let c: Vec<&str> = l.split(',').collect();
            let (code, start, end, label) = (c.first()?, c.get(1)?, c.get(2)?, c.get(4)?);
            let what = if start.is_empty() {
                (*label).to_string()
            } else {
                format!("{start} - {end}")
            };
            Some(((*code).to_string(), what))
        })
        .collect();
    let mut wb = Workbook::new();
    let date_fmt = Format::new().set_num_format("dd/mm/yyyy");
    let bold = Format::new().set_bold();
    for (dept, docs) in &depts {
        let ws = wb.add_worksheet();
        ws.set_name(dept).map_err(err)?;
        ws.write_string_with_format(0, 0, "Date", &bold)
            .map_err(err)?;
        ws.write_string_with_format(0, 1, "Day", &bold)
            .map_err(err)?;
        for (k, (_, d)) in dates.iter().enumerate() {
            let r = u32::try_from(k + 2).map_err(|e| e.to_string())?;
            let x = ExcelDateTime::from_ymd(
                u16::try_from(d.year()).map_err(|e| e.to_string())?,
                u8::try_from(d.month()).map_err(|e| e.to_string())?,
                u8::try_from(d.day()).map_err(|e| e.to_string())?,
            )
            .map_err(err)?;
            ws.write_datetime_with_format(r, 0, &x, &date_fmt)
                .map_err(err)?;
            ws.write_string(r, 1, d.format("%A").to_string())
                .map_err(err)?;
        }
        for (j, rec) in docs.iter().enumerate() {
            let c = u16::try_from(j + 2).map_err(|e| e.to_string())?;
            ws.write_string_with_format(0, c, rec.get(1).unwrap_or(""), &bold)
                .map_err(err)?;
            let fte: f64 = rec.get(5).and_then(|f| f.parse().ok()).unwrap_or(1.0);
            let grade = rec.get(2).unwrap_or("");
            let grade = if fte < 1.0 {
                format!("{grade} {fte} LTFT")
            } else {
                grade.to_string()
            };
            ws.write_string(1, c, grade).map_err(err)?;
            for (k, (i, _)) in dates.iter().enumerate() {
                let code = rec.get(*i).unwrap_or("");
                if !code.is_empty() {
                    let r = u32::try_from(k + 2).map_err(|e| e.to_string())?;
                    ws.write_string(r, c, code).map_err(err)?;
                }
            }
        }
        let lc = u16::try_from(docs.len() + 4).map_err(|e| e.to_string())?;
        ws.write_string_with_format(0, lc, "Key", &bold)
            .map_err(err)?;
        for (k, (code, what)) in legend.iter().enumerate() {
            let r = u32::try_from(k + 1).map_err(|e| e.to_string())?;
            ws.write_string(r, lc, code).map_err(err)?;
            ws.write_string(r, lc + 1, what).map_err(err)?;
        }
    }
    wb.save_to_buffer().map_err(err)
}

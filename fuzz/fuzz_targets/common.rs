//! What every fuzz target shares: small valid inputs to put the fuzzed file beside, and the
//! whole read-and-check path that `validate` and `check` run.

#![allow(dead_code)]

use rota_engage::io::inputs::{load, Source, Sources};
use rota_engage::rules;

pub const ROTA: &str = "doctor_id,name,grade,department,date,shift\n\
R1,Rhys Ahmed,ST3,ward,2026-10-19,SD\nR1,Rhys Ahmed,ST3,ward,2026-10-24,N\n\
S1,Sara Bell,Specialty Doctor,ward,2026-10-19,SPA\nR2,Tom Walsh,CT1,ward,2026-10-20,AL\n";
pub const SHIFTS: &str = "code,start,end,kind\nSD,08:00,16:00,day\nN,20:00,08:00,night\n\
SPA,09:00,13:00,non_clinical\nAL,,,leave\nOFF,,,rest\n";
pub const MEETINGS: &str = "meeting_id,title,duration_min,cadence,audience,department,format\n\
qi,QI,60,weekly,resident;sas,ward,group\nown,Own QI,120,weekly,resident,ward,individual\n";
pub const COVER: &str =
    "department,staff_group,weekdays,start,end,min_on_duty\nward,resident,Mon-Fri,08:00,17:00,1\n";
pub const POLICY: &str = "[protected_time]\nresident = { hours = 1.0, per_weeks = 1 }\n";

pub fn source(name: &str, bytes: &[u8]) -> Option<Source> {
    Some(Source {
        name: name.to_string(),
        bytes: bytes.to_vec(),
    })
}

/// The valid inputs, with none of them replaced yet.
pub fn valid() -> Sources {
    Sources {
        rota: source("rota.csv", ROTA.as_bytes()),
        shifts: source("shifts.csv", SHIFTS.as_bytes()),
        meetings: source("meetings.csv", MEETINGS.as_bytes()),
        cover: source("cover.csv", COVER.as_bytes()),
        policy: source("policy.toml", POLICY.as_bytes()),
        tz: None,
        rota_options: Default::default(),
    }
}

/// Reads and checks everything; when the inputs are valid, runs every rule of `check` and
/// renders the diagnostics, as the commands do. Any panic is a finding.
pub fn run(src: &Sources) {
    match load(src) {
        Ok((inputs, warnings)) => {
            let _ = warnings.render();
            let _ = rules::check_all(
                &inputs.rota,
                &inputs.cover,
                &inputs.policy,
                Some(&inputs.meetings),
            );
        }
        Err(diags) => {
            let _ = diags.render();
        }
    }
}

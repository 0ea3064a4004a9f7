//! The previous run of a re-plan, as the plan holds it: what was done with each occurrence
//! ([`Prev`], on its [`super::candidates::OccPlan`]) and the previous schedule to keep
//! ([`Keep`]), in this rota's doctors.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::time::Min;
use crate::domain::{DoctorIdx, Rota};

/// What the previous run did with one occurrence, in this rota's terms.
#[derive(Debug, Clone, PartialEq)]
pub struct Prev {
    /// Its start then, if it was held.
    pub start: Option<Min>,
    /// Its attendees then who are still in the rota.
    pub attendees: Vec<DoctorIdx>,
    /// Held before `--frozen-until`: kept as it was.
    pub frozen: bool,
}

/// The previous schedule, for the solver.
#[derive(Debug, Clone, Default)]
pub struct Keep {
    /// By occurrence id: the start then (if held) and the attendees then.
    pub occs: HashMap<String, (Option<Min>, Vec<DoctorIdx>)>,
    /// `--frozen-until`: what was held before this date stays as it was.
    pub frozen_until: Option<NaiveDate>,
    /// What one change costs, in doctor-windows at target (`[replan] change_cost`).
    pub change_cost: f64,
}

impl Keep {
    /// From the previous run's occurrences: (id, start if held, attendee ids). Attendees no
    /// longer in the rota are left out (the change report names them).
    pub fn new<'a>(
        rota: &Rota,
        occs: impl IntoIterator<Item = (&'a str, Option<Min>, &'a [String])>,
        frozen_until: Option<NaiveDate>,
        change_cost: f64,
    ) -> Keep {
        let index: HashMap<&str, DoctorIdx> = rota
            .doctors
            .iter()
            .enumerate()
            .map(|(i, d)| {
                (
                    d.id.as_str(),
                    DoctorIdx(u32::try_from(i).unwrap_or(u32::MAX)),
                )
            })
            .collect();
        let occs = occs
            .into_iter()
            .map(|(id, start, who)| {
                let mut ds: Vec<DoctorIdx> = who
                    .iter()
                    .filter_map(|w| index.get(w.as_str()).copied())
                    .collect();
                ds.sort_unstable();
                (id.to_string(), (start, ds))
            })
            .collect();
        Keep {
            occs,
            frozen_until,
            change_cost,
        }
    }
}
